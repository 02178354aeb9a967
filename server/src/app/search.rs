//! Post search (`POST /teams/{id}/posts/search`, `POST /posts/search`): parses Mattermost's
//! syntax, resolves usernames and channel names, and searches only the channels the caller is a
//! member of (so guests find only their channels, and private channels only their members).

use std::collections::HashMap;

use serde::Deserialize;

use super::direct::direct_channel_name;
use super::post_lists::per_page;
use super::search_terms::{self, ParseError, SearchQuery, matched_words};
use super::{App, Caller, Error, Result};
use crate::model::{PostSearchResults, User};
use crate::store::PostSearch;

/// Longest `terms` accepted, in characters.
pub const MAX_TERMS_CHARS: usize = 1024;
/// Time zone offsets beyond this (seconds) do not exist; larger values are clamped.
const MAX_TZ_OFFSET_SECS: i64 = 14 * 3600;

/// The search body Mattermost's clients send.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SearchParams {
    pub terms: Option<String>,
    pub is_or_search: bool,
    /// Seconds east of UTC of the searcher's time zone, for `on:`, `before:` and `after:`.
    pub time_zone_offset: i64,
    pub include_deleted_channels: bool,
    pub page: i64,
    pub per_page: Option<i64>,
}

impl App {
    /// Searches the caller's channels in `team_id` (with direct and group channels), or in every
    /// team when `None`; newest first, one page.
    pub async fn search_posts(
        &self,
        caller: &Caller,
        team_id: Option<&str>,
        params: SearchParams,
    ) -> Result<PostSearchResults> {
        if let Some(team_id) = team_id {
            self.visible_team(caller, team_id).await?;
            self.require_team_member(caller, team_id).await?;
        }
        let terms = params.terms.unwrap_or_default();
        if terms.is_empty() {
            return Err(Error::invalid_param("terms"));
        }
        if terms.chars().count() > MAX_TERMS_CHARS {
            return Err(Error::bad_request(
                "api.post.search_posts.terms_too_long",
                "The search terms are too long.",
            ));
        }
        let query = search_terms::parse(&terms).map_err(parse_error)?;
        if query.is_empty() {
            return Ok(PostSearchResults::default());
        }
        let per_page = per_page(params.per_page);
        let Some(mut search) = self.resolve_names(caller, &query).await? else {
            return Ok(PostSearchResults::default());
        };
        let offset = params
            .time_zone_offset
            .clamp(-MAX_TZ_OFFSET_SECS, MAX_TZ_OFFSET_SECS);
        (search.from_time, search.until_time) = query.time_range(offset);
        search.team_id = team_id.map(str::to_owned);
        search.include_archived = params.include_deleted_channels;
        search.terms = query.terms.iter().map(|t| t.text_match()).collect();
        search.any_term = params.is_or_search;
        search.excluded = query.excluded.iter().map(|t| t.text_match()).collect();
        search.offset = params.page.max(0).saturating_mul(per_page);
        // One more than a page tells whether there is a next page.
        search.limit = per_page + 1;
        let mut posts = self.store.search_posts(&search).await?;
        let has_next = posts.len() as i64 > per_page;
        posts.truncate(per_page as usize);
        let matches: HashMap<String, Vec<String>> = posts
            .iter()
            .map(|p| (p.id.clone(), matched_words(&p.message, &query.terms)))
            .collect();
        let mut list = self.post_list(posts).await?;
        list.has_next = has_next;
        Ok(PostSearchResults { list, matches })
    }

    /// The store's search with `from:` and `in:@user` usernames turned into ids and direct
    /// channel names (one query), or `None` when no `from:` user exists, so nothing can match.
    async fn resolve_names(&self, caller: &Caller, q: &SearchQuery) -> Result<Option<PostSearch>> {
        let direct: Vec<String> = [&q.in_channels, &q.not_in_channels]
            .into_iter()
            .flatten()
            .filter_map(|name| name.strip_prefix('@').map(str::to_owned))
            .collect();
        let names: Vec<String> = [&q.from, &q.not_from, &direct]
            .into_iter()
            .flatten()
            .cloned()
            .collect();
        let users: Vec<User> = self.store.users_by_usernames(&names).await?;
        let ids = |wanted: &[String]| -> Vec<String> {
            users
                .iter()
                .filter(|u| wanted.contains(&u.username))
                .map(|u| u.id.clone())
                .collect()
        };
        let channels = |wanted: &[String]| -> Vec<String> {
            wanted
                .iter()
                .map(|name| match name.strip_prefix('@') {
                    Some(username) => users
                        .iter()
                        .find(|u| u.username == username)
                        .map(|u| direct_channel_name(caller.user_id(), &u.id))
                        // An unknown user has no direct channel: a name no channel has.
                        .unwrap_or_else(|| name.clone()),
                    None => name.clone(),
                })
                .collect()
        };
        let from_users = ids(&q.from);
        if !q.from.is_empty() && from_users.is_empty() {
            return Ok(None);
        }
        Ok(Some(PostSearch {
            user_id: caller.user_id().to_owned(),
            from_users,
            not_from_users: ids(&q.not_from),
            in_channels: channels(&q.in_channels),
            not_in_channels: channels(&q.not_in_channels),
            ..PostSearch::default()
        }))
    }
}

fn parse_error(e: ParseError) -> Error {
    match e {
        ParseError::BadDate(term) => Error::bad_request(
            "api.post.search_posts.invalid_date",
            format!("{term}: dates are written YYYY-MM-DD."),
        ),
        ParseError::TooManyTerms => Error::bad_request(
            "api.post.search_posts.too_many_terms",
            format!(
                "A search can have at most {} terms.",
                search_terms::MAX_TERMS
            ),
        ),
    }
}
