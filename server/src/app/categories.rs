//! Sidebar categories: each user has `favorites`, `channels` and `direct_messages` on every team
//! (made on first use) plus custom ones. Every channel the user is in shows in exactly one
//! category: where they put it, or else `channels` (public and private) or `direct_messages`
//! (direct and group).

use std::collections::{HashMap, HashSet};

use serde_json::json;

use super::teams::check_display_name;
use super::{App, Caller, Error, Result};
use crate::model::{Channel, ChannelType, OrderedSidebarCategories, SidebarCategory, new_id};
use crate::store::UserChannels;
use crate::ws::{Broadcast, Event};

pub const FAVORITES: &str = "favorites";
pub const CHANNELS: &str = "channels";
pub const DIRECT_MESSAGES: &str = "direct_messages";
pub const CUSTOM: &str = "custom";

/// Most categories one request may change, and most a user may have on a team.
const MAX_CATEGORIES: usize = 100;

/// The three categories every user starts with on a team. Their ids are fixed, so creating them
/// twice (two first requests at once) is harmless.
pub fn default_categories(user_id: &str, team_id: &str) -> Vec<SidebarCategory> {
    [
        (FAVORITES, "Favorites", ""),
        (CHANNELS, "Channels", ""),
        (DIRECT_MESSAGES, "Direct Messages", "recent"),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, (kind, name, sorting))| SidebarCategory {
        id: format!("{kind}_{user_id}_{team_id}"),
        user_id: user_id.into(),
        team_id: team_id.into(),
        category_type: kind.into(),
        display_name: name.into(),
        sort_order: i as i64 * 10,
        sorting: sorting.into(),
        ..SidebarCategory::default()
    })
    .collect()
}

fn is_direct(channel: &Channel) -> bool {
    matches!(
        channel.kind(),
        Some(ChannelType::Direct | ChannelType::Group)
    )
}

/// Fills `categories` with `channels`: stored placements first (of channels still there, each
/// once), then every unplaced channel at the top of its default category.
pub fn assemble(
    mut categories: Vec<SidebarCategory>,
    placements: &[(String, String)],
    channels: &[Channel],
) -> Vec<SidebarCategory> {
    let known: HashMap<&str, &Channel> = channels.iter().map(|c| (c.id.as_str(), c)).collect();
    let mut placed: HashSet<&str> = HashSet::new();
    let index: HashMap<String, usize> = categories
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.clone(), i))
        .collect();
    for (category_id, channel_id) in placements {
        if let (Some(&i), Some(c)) = (index.get(category_id), known.get(channel_id.as_str()))
            && placed.insert(c.id.as_str())
        {
            categories[i].channel_ids.push(channel_id.clone());
        }
    }
    for kind in [CHANNELS, DIRECT_MESSAGES] {
        let Some(category) = categories.iter_mut().find(|c| c.category_type == kind) else {
            continue;
        };
        let mut ids: Vec<String> = channels
            .iter()
            .filter(|c| {
                !placed.contains(c.id.as_str()) && is_direct(c) == (kind == DIRECT_MESSAGES)
            })
            .map(|c| c.id.clone())
            .collect();
        ids.append(&mut category.channel_ids);
        category.channel_ids = ids;
    }
    categories
}

fn check_sorting(sorting: &str) -> Result<()> {
    match sorting {
        "" | "alpha" | "recent" | "manual" => Ok(()),
        _ => Err(Error::invalid_param("sorting")),
    }
}

/// Checks that `ids` are channels the user has on this team and that they fit `kind`; returns
/// them without repeats.
fn check_channel_ids(kind: &str, ids: &[String], channels: &[Channel]) -> Result<Vec<String>> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for id in ids {
        let channel = channels
            .iter()
            .find(|c| &c.id == id)
            .ok_or_else(|| Error::invalid_param("channel_ids"))?;
        let fits = match kind {
            CHANNELS => !is_direct(channel),
            DIRECT_MESSAGES => is_direct(channel),
            _ => true,
        };
        if !fits {
            return Err(Error::bad_request(
                "app.channel.sidebar_categories.app_error",
                "That channel cannot be placed in this category.",
            ));
        }
        if seen.insert(id.as_str()) {
            out.push(id.clone());
        }
    }
    Ok(out)
}

/// A user's sidebar as loaded: categories in order and the channels they may hold.
struct Sidebar {
    categories: Vec<SidebarCategory>,
    channels: Vec<Channel>,
}

impl Sidebar {
    fn find(&self, id: &str) -> Result<&SidebarCategory> {
        self.categories
            .iter()
            .find(|c| c.id == id)
            .ok_or_else(|| Error::not_found("category"))
    }

    fn order(&self) -> Vec<String> {
        self.categories.iter().map(|c| c.id.clone()).collect()
    }
}

impl App {
    /// Loads `user_id`'s sidebar on a team, for the user themself or a system admin.
    async fn sidebar_for(&self, caller: &Caller, user_id: &str, team_id: &str) -> Result<Sidebar> {
        caller.require_self_or_admin(user_id)?;
        self.visible_team(caller, team_id).await?;
        if self.store.team_member(team_id, user_id).await?.is_none() {
            return Err(Error::forbidden());
        }
        let mut categories = self.store.sidebar_categories(user_id, team_id).await?;
        if !categories.iter().any(|c| c.category_type == CHANNELS) {
            self.store
                .insert_categories(&default_categories(user_id, team_id))
                .await?;
            categories = self.store.sidebar_categories(user_id, team_id).await?;
        }
        let placements = self.store.sidebar_placements(user_id, team_id).await?;
        let which = UserChannels {
            team_id: Some(team_id),
            ..UserChannels::default()
        };
        let channels = self.store.channels_for_user(user_id, which).await?;
        Ok(Sidebar {
            categories: assemble(categories, &placements, &channels),
            channels,
        })
    }

    pub async fn sidebar_categories(
        &self,
        caller: &Caller,
        user_id: &str,
        team_id: &str,
    ) -> Result<OrderedSidebarCategories> {
        let sidebar = self.sidebar_for(caller, user_id, team_id).await?;
        Ok(OrderedSidebarCategories {
            order: sidebar.order(),
            categories: sidebar.categories,
        })
    }

    pub async fn sidebar_category(
        &self,
        caller: &Caller,
        user_id: &str,
        team_id: &str,
        category_id: &str,
    ) -> Result<SidebarCategory> {
        let sidebar = self.sidebar_for(caller, user_id, team_id).await?;
        sidebar.find(category_id).cloned()
    }

    pub async fn category_order(
        &self,
        caller: &Caller,
        user_id: &str,
        team_id: &str,
    ) -> Result<Vec<String>> {
        Ok(self.sidebar_for(caller, user_id, team_id).await?.order())
    }

    /// Creates a custom category at the top of the sidebar, taking its channels from where they were.
    pub async fn create_category(
        &self,
        caller: &Caller,
        user_id: &str,
        team_id: &str,
        new: SidebarCategory,
    ) -> Result<SidebarCategory> {
        let sidebar = self.sidebar_for(caller, user_id, team_id).await?;
        if !matches!(new.category_type.as_str(), "" | CUSTOM) {
            return Err(Error::invalid_param("type"));
        }
        if sidebar.categories.len() >= MAX_CATEGORIES {
            return Err(Error::bad_request(
                "app.channel.sidebar_categories.too_many.app_error",
                "No more categories can be created on this team.",
            ));
        }
        check_display_name(&new.display_name)?;
        check_sorting(&new.sorting)?;
        let category = SidebarCategory {
            id: format!("{CUSTOM}_{}", new_id()),
            user_id: user_id.into(),
            team_id: team_id.into(),
            category_type: CUSTOM.into(),
            display_name: new.display_name.trim().into(),
            sort_order: 0,
            sorting: new.sorting,
            muted: new.muted,
            collapsed: new.collapsed,
            channel_ids: check_channel_ids(CUSTOM, &new.channel_ids, &sidebar.channels)?,
        };
        let mut order = vec![category.id.clone()];
        order.extend(sidebar.order());
        self.store.create_category(&category, &order).await?;
        self.publish_sidebar_event(
            "sidebar_category_created",
            user_id,
            team_id,
            json!({"category_id": category.id}),
        );
        self.sidebar_category(caller, user_id, team_id, &category.id)
            .await
    }

    /// Saves settings and channel lists of existing categories. Channels named in a category leave
    /// the others; default categories keep their names and types.
    pub async fn update_categories(
        &self,
        caller: &Caller,
        user_id: &str,
        team_id: &str,
        updates: Vec<SidebarCategory>,
    ) -> Result<Vec<SidebarCategory>> {
        if updates.is_empty() || updates.len() > MAX_CATEGORIES {
            return Err(Error::invalid_param("categories"));
        }
        let sidebar = self.sidebar_for(caller, user_id, team_id).await?;
        let mut saved = Vec::with_capacity(updates.len());
        for update in updates {
            let mut category = sidebar.find(&update.id)?.clone();
            if category.category_type == CUSTOM {
                check_display_name(&update.display_name)?;
                category.display_name = update.display_name.trim().into();
            }
            check_sorting(&update.sorting)?;
            category.sorting = update.sorting;
            category.muted = update.muted;
            category.collapsed = update.collapsed;
            category.channel_ids = check_channel_ids(
                &category.category_type,
                &update.channel_ids,
                &sidebar.channels,
            )?;
            saved.push(category);
        }
        self.store.update_categories(&saved).await?;
        let after = self.sidebar_for(caller, user_id, team_id).await?;
        let updated: Vec<SidebarCategory> = saved
            .iter()
            .filter_map(|c| after.find(&c.id).ok().cloned())
            .collect();
        self.publish_sidebar_event(
            "sidebar_category_updated",
            user_id,
            team_id,
            json!({"updatedCategories": json!(updated).to_string()}),
        );
        Ok(updated)
    }

    /// Reorders the categories; `order` must name each of them once.
    pub async fn set_category_order(
        &self,
        caller: &Caller,
        user_id: &str,
        team_id: &str,
        order: Vec<String>,
    ) -> Result<Vec<String>> {
        let sidebar = self.sidebar_for(caller, user_id, team_id).await?;
        let mut want = order.clone();
        let mut have = sidebar.order();
        want.sort_unstable();
        have.sort_unstable();
        if want != have {
            return Err(Error::invalid_param("order"));
        }
        self.store.set_category_order(user_id, &order).await?;
        self.publish_sidebar_event(
            "sidebar_category_order_updated",
            user_id,
            team_id,
            json!({"order": order}),
        );
        Ok(order)
    }

    /// Deletes a custom category; its channels go back to their default categories.
    pub async fn delete_category(
        &self,
        caller: &Caller,
        user_id: &str,
        team_id: &str,
        category_id: &str,
    ) -> Result<()> {
        let sidebar = self.sidebar_for(caller, user_id, team_id).await?;
        if sidebar.find(category_id)?.category_type != CUSTOM {
            return Err(Error::bad_request(
                "app.channel.sidebar_categories.delete_invalid.app_error",
                "Only custom categories can be deleted.",
            ));
        }
        self.store.delete_category(user_id, category_id).await?;
        self.publish_sidebar_event(
            "sidebar_category_deleted",
            user_id,
            team_id,
            json!({"category_id": category_id}),
        );
        Ok(())
    }

    /// Sidebar events go to the user; the apps read `broadcast.team_id` to know which sidebar.
    fn publish_sidebar_event(
        &self,
        event: &'static str,
        user_id: &str,
        team_id: &str,
        data: serde_json::Value,
    ) {
        self.hub.publish(Event {
            event,
            data,
            broadcast: Broadcast {
                user_id: user_id.into(),
                team_id: team_id.into(),
                ..Broadcast::default()
            },
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn channel(id: &str, kind: &str) -> Channel {
        Channel {
            id: id.into(),
            channel_type: kind.into(),
            ..Channel::default()
        }
    }

    #[test]
    fn every_channel_lands_in_exactly_one_category() {
        let mut cats = default_categories("u", "t");
        cats.push(SidebarCategory {
            id: "custom_x".into(),
            category_type: CUSTOM.into(),
            ..SidebarCategory::default()
        });
        let channels = [
            channel("o1", "O"),
            channel("p1", "P"),
            channel("d1", "D"),
            channel("g1", "G"),
        ];
        // p1 placed twice (only the first counts); a stale placement of a left channel is dropped.
        let placements = [
            ("custom_x".to_owned(), "p1".to_owned()),
            ("favorites_u_t".to_owned(), "p1".to_owned()),
            ("favorites_u_t".to_owned(), "gone".to_owned()),
            ("custom_x".to_owned(), "d1".to_owned()),
        ];
        let got = assemble(cats, &placements, &channels);
        let ids = |kind: &str| {
            got.iter()
                .find(|c| c.category_type == kind)
                .unwrap()
                .channel_ids
                .clone()
        };
        assert_eq!(ids(FAVORITES), Vec::<String>::new());
        assert_eq!(ids(CHANNELS), vec!["o1"]);
        assert_eq!(ids(DIRECT_MESSAGES), vec!["g1"]);
        assert_eq!(ids(CUSTOM), vec!["p1", "d1"]);
    }

    #[test]
    fn category_kinds_restrict_channel_types() {
        let channels = [channel("o1", "O"), channel("d1", "D")];
        assert!(check_channel_ids(CHANNELS, &["d1".into()], &channels).is_err());
        assert!(check_channel_ids(DIRECT_MESSAGES, &["o1".into()], &channels).is_err());
        assert!(check_channel_ids(CUSTOM, &["x".into()], &channels).is_err());
        let ids = check_channel_ids(
            FAVORITES,
            &["o1".into(), "d1".into(), "o1".into()],
            &channels,
        );
        assert_eq!(ids.unwrap(), vec!["o1", "d1"]);
    }
}
