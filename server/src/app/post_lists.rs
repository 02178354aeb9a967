//! Reading posts: single posts, channel pages around a cursor (with Mattermost's `next_post_id` /
//! `prev_post_id` cursors), threads, pinned posts, and the page around a member's first unread
//! post. Every list gets its thread roots and reactions in a fixed number of queries.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde::Deserialize;
use serde_json::json;

use super::{App, Caller, Error, Result};
use crate::model::{FileInfo, Post, PostList, Reaction};
use crate::store::Cursor;

pub const DEFAULT_PER_PAGE: i64 = 60;
pub const MAX_PER_PAGE: i64 = 200;
/// `since` queries return at most this many posts, as Mattermost does.
const MAX_SINCE_POSTS: i64 = 1000;
/// Most ids accepted by the by-ids endpoints.
pub const MAX_IDS: usize = 1000;

/// `GET /channels/{id}/posts` query. Other parameters clients send are ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ChannelPostsQuery {
    pub page: i64,
    pub per_page: Option<i64>,
    pub since: i64,
    pub before: String,
    pub after: String,
}

/// `GET /posts/{id}/thread` query (the paginated form Mattermost's collapsed threads use).
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ThreadQuery {
    pub per_page: i64,
    pub from_post: String,
    pub from_create_at: i64,
    /// `down` pages oldest first, anything else newest first.
    pub direction: String,
}

/// `per_page` clamped to 1..=200, 60 when absent.
pub fn per_page(requested: Option<i64>) -> i64 {
    requested.unwrap_or(DEFAULT_PER_PAGE).clamp(1, MAX_PER_PAGE)
}

impl App {
    /// One undeleted post the caller may read.
    pub async fn get_post(&self, caller: &Caller, post_id: &str) -> Result<Post> {
        let post = self.load_post(post_id).await?;
        self.channel_access(caller, &post.channel_id).await?;
        Ok(post)
    }

    /// The undeleted posts among `ids` the caller may read, newest first.
    pub async fn posts_by_ids(&self, caller: &Caller, ids: &[String]) -> Result<Vec<Post>> {
        if ids.len() > MAX_IDS {
            return Err(Error::invalid_param("post_ids"));
        }
        let mut posts = self.store.posts_by_ids(ids).await?;
        let readable = self
            .readable_channels(caller, posts.iter().map(|p| p.channel_id.clone()))
            .await?;
        posts.retain(|p| p.delete_at == 0 && readable.contains(&p.channel_id));
        posts.sort_by(|a, b| (b.create_at, &b.id).cmp(&(a.create_at, &a.id)));
        self.attach_metadata(&mut posts).await?;
        Ok(posts)
    }

    /// The channels among `channel_ids` the caller may read (one access check per channel).
    pub(super) async fn readable_channels(
        &self,
        caller: &Caller,
        channel_ids: impl Iterator<Item = String>,
    ) -> Result<HashSet<String>> {
        let mut readable = HashSet::new();
        for channel_id in channel_ids.collect::<BTreeSet<_>>() {
            match self.channel_access(caller, &channel_id).await {
                Ok(_) => readable.insert(channel_id),
                Err(e) if e.kind == super::ErrorKind::Internal => return Err(e),
                Err(_) => continue,
            };
        }
        Ok(readable)
    }

    /// A page of a channel's posts: the newest, before or after a post, or everything changed
    /// since a time (deleted posts included, so clients can remove them).
    pub async fn channel_posts(
        &self,
        caller: &Caller,
        channel_id: &str,
        q: ChannelPostsQuery,
    ) -> Result<PostList> {
        self.channel_access(caller, channel_id).await?;
        if q.since > 0 {
            let posts = self
                .store
                .channel_posts_since(channel_id, q.since, MAX_SINCE_POSTS)
                .await?;
            return self.post_list(posts).await;
        }
        let per_page = per_page(q.per_page);
        let page = q.page.max(0);
        let cursor = if !q.after.is_empty() {
            self.cursor_post(channel_id, &q.after, true).await?
        } else if !q.before.is_empty() {
            self.cursor_post(channel_id, &q.before, false).await?
        } else {
            Cursor::Latest
        };
        let posts = self
            .store
            .channel_posts(channel_id, &cursor, page.saturating_mul(per_page), per_page)
            .await?;
        let full_page = posts.len() as i64 >= per_page;
        let mut list = self.post_list(posts).await?;
        // Mattermost's cursors: at the first page of an after/before query the cursor post itself
        // is the neighbour; a short page means there is nothing further that way.
        let next = match &cursor {
            Cursor::Before { .. } if page == 0 => Some(q.before.clone()),
            Cursor::After { .. } if !full_page => Some(String::new()),
            _ => None,
        };
        let prev = match &cursor {
            Cursor::After { .. } if page == 0 => Some(q.after.clone()),
            Cursor::Before { .. } if !full_page => Some(String::new()),
            _ => None,
        };
        self.set_neighbours(&mut list, channel_id, next, prev)
            .await?;
        Ok(list)
    }

    /// The cursor for `after`/`before`: the post must exist in this channel.
    async fn cursor_post(&self, channel_id: &str, post_id: &str, after: bool) -> Result<Cursor> {
        let post = self
            .store
            .post(post_id)
            .await?
            .filter(|p| p.channel_id == channel_id)
            .ok_or_else(|| Error::not_found("post"))?;
        let (create_at, id) = (post.create_at, post.id);
        Ok(if after {
            Cursor::After { create_at, id }
        } else {
            Cursor::Before { create_at, id }
        })
    }

    /// Fills `next_post_id`/`prev_post_id` with the posts just outside the list, unless given.
    async fn set_neighbours(
        &self,
        list: &mut PostList,
        channel_id: &str,
        next: Option<String>,
        prev: Option<String>,
    ) -> Result<()> {
        let neighbour = |at: Option<&String>, after: bool| {
            let post = at.and_then(|id| list.posts.get(id));
            let cursor = post.map(|p| {
                let (create_at, id) = (p.create_at, p.id.clone());
                if after {
                    Cursor::After { create_at, id }
                } else {
                    Cursor::Before { create_at, id }
                }
            });
            async move {
                match cursor {
                    Some(c) => Ok::<_, Error>(
                        self.store
                            .channel_posts(channel_id, &c, 0, 1)
                            .await?
                            .pop()
                            .map(|p| p.id)
                            .unwrap_or_default(),
                    ),
                    None => Ok(String::new()),
                }
            }
        };
        let next = match next {
            Some(id) => id,
            None => neighbour(list.order.first(), true).await?,
        };
        let prev = match prev {
            Some(id) => id,
            None => neighbour(list.order.last(), false).await?,
        };
        list.next_post_id = next;
        list.prev_post_id = prev;
        Ok(())
    }

    /// A thread (root and replies) from any of its posts; paginated when `per_page` is set.
    pub async fn post_thread(
        &self,
        caller: &Caller,
        post_id: &str,
        q: ThreadQuery,
    ) -> Result<PostList> {
        let post = self.load_post(post_id).await?;
        self.channel_access(caller, &post.channel_id).await?;
        let mut posts = self.store.thread_posts(post.thread_id()).await?;
        let Some(root_at) = posts.iter().position(|p| p.is_root()) else {
            return Err(Error::not_found("post"));
        };
        let root = posts.remove(root_at);
        let mut has_next = false;
        if q.per_page > 0 {
            let down = q.direction == "down";
            if down {
                posts.reverse();
            }
            let from = posts
                .iter()
                .find(|p| p.id == q.from_post)
                .map(|p| (p.create_at, p.id.clone()))
                .or((q.from_create_at > 0).then(|| (q.from_create_at, String::new())));
            if let Some(from) = from {
                posts.retain(|p| {
                    let key = (p.create_at, p.id.clone());
                    if down { key > from } else { key < from }
                });
            }
            let per_page = q.per_page.min(MAX_PER_PAGE) as usize;
            has_next = posts.len() > per_page;
            posts.truncate(per_page);
            if down {
                posts.reverse();
            }
        }
        posts.push(root);
        let mut list = self.post_list(posts).await?;
        list.has_next = has_next;
        Ok(list)
    }

    /// A channel's pinned posts, newest first.
    pub async fn pinned_posts(&self, caller: &Caller, channel_id: &str) -> Result<PostList> {
        self.channel_access(caller, channel_id).await?;
        let posts = self.store.pinned_posts(channel_id).await?;
        self.post_list(posts).await
    }

    /// The posts around `user_id`'s first unread post in a channel: up to `limit_before` read
    /// posts and `limit_after` unread ones (the newest page when everything is read).
    pub async fn posts_around_unread(
        &self,
        caller: &Caller,
        user_id: &str,
        channel_id: &str,
        limit_before: i64,
        limit_after: i64,
    ) -> Result<PostList> {
        caller.require_self_or_admin(user_id)?;
        self.channel_access(caller, channel_id).await?;
        let member = self
            .store
            .channel_member(channel_id, user_id)
            .await?
            .ok_or_else(Error::forbidden)?;
        let (before, after) = (
            limit_before.clamp(0, MAX_PER_PAGE),
            limit_after.clamp(1, MAX_PER_PAGE),
        );
        // A member who never viewed the channel gets the newest page, as in Mattermost.
        let first_unread = match member.last_viewed_at {
            0 => None,
            at => self
                .store
                .channel_posts(channel_id, &Cursor::AfterTime(at), 0, 1)
                .await?
                .pop(),
        };
        let posts = match first_unread {
            Some(first) => {
                let (create_at, id) = (first.create_at, first.id.clone());
                let mut posts = self
                    .store
                    .channel_posts(
                        channel_id,
                        &Cursor::After {
                            create_at,
                            id: id.clone(),
                        },
                        0,
                        after - 1,
                    )
                    .await?;
                posts.push(first);
                let older = Cursor::Before { create_at, id };
                posts.extend(
                    self.store
                        .channel_posts(channel_id, &older, 0, before)
                        .await?,
                );
                posts
            }
            None => {
                self.store
                    .channel_posts(channel_id, &Cursor::Latest, 0, before.max(1))
                    .await?
            }
        };
        let mut list = self.post_list(posts).await?;
        self.set_neighbours(&mut list, channel_id, None, None)
            .await?;
        Ok(list)
    }

    /// A `PostList` of `ordered` (newest first), with the roots of any replies in `posts` as
    /// Mattermost sends them to clients without collapsed threads.
    pub(super) async fn post_list(&self, ordered: Vec<Post>) -> Result<PostList> {
        let order: Vec<String> = ordered.iter().map(|p| p.id.clone()).collect();
        let have: HashSet<&str> = order.iter().map(String::as_str).collect();
        let missing_roots: BTreeSet<String> = ordered
            .iter()
            .filter(|p| !p.is_root() && !have.contains(p.root_id.as_str()))
            .map(|p| p.root_id.clone())
            .collect();
        let missing_roots: Vec<String> = missing_roots.into_iter().collect();
        let mut posts = ordered;
        posts.extend(self.store.posts_by_ids(&missing_roots).await?);
        self.attach_metadata(&mut posts).await?;
        Ok(PostList {
            order,
            posts: posts.into_iter().map(|p| (p.id.clone(), p)).collect(),
            ..PostList::default()
        })
    }

    /// Fills `metadata` (reactions and files) and `has_reactions` of every post, in one query
    /// for each.
    pub(super) async fn attach_metadata(&self, posts: &mut [Post]) -> Result<()> {
        let ids: Vec<String> = posts.iter().map(|p| p.id.clone()).collect();
        let mut by_post: HashMap<String, Vec<Reaction>> = HashMap::new();
        for r in self.store.reactions_for_posts(&ids).await? {
            by_post.entry(r.post_id.clone()).or_default().push(r);
        }
        let mut files_by_post: HashMap<String, Vec<FileInfo>> = HashMap::new();
        for f in self.store.files_for_posts(&ids).await? {
            files_by_post.entry(f.post_id.clone()).or_default().push(f);
        }
        for post in posts {
            let reactions = by_post.remove(&post.id).unwrap_or_default();
            let files = files_by_post.remove(&post.id).unwrap_or_default();
            post.has_reactions = !reactions.is_empty();
            post.metadata = json!({
                "embeds": [], "emojis": [], "files": files, "images": {}, "reactions": reactions,
            });
        }
        Ok(())
    }
}
