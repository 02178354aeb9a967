//! Post search: one query over the posts in the searcher's channels, newest first, using the
//! full-text and trigram indexes of migrations V7 and V10. The text conditions and the order of
//! the walk are where SQLite and PostgreSQL differ (FTS5 tables against a stored `tsvector`
//! column and a `pg_trgm` index).

use super::users::escape_like;
use super::{Store, StoreError, Value, placeholders};
use crate::model::Post;

/// How many of the newest posts passing a search's filters PostgreSQL checks for a page
/// before it asks the word index (see `search_posts`).
const RECENT_POSTS_FIRST: usize = 5000;

/// How one search term is looked for in a post.
#[derive(Debug, Clone, PartialEq)]
pub enum TextMatch {
    /// Anywhere in the message, case-insensitively (the trigram index; shorter than 3
    /// characters it is a scan of the searcher's posts).
    Substring(String),
    /// Whole words in this order, punctuation and case ignored (the word index).
    Words(String),
    /// Words starting with the text (the word index).
    Prefix(String),
    /// The post carries this hashtag (lower case, with its `#`).
    Hashtag(String),
}

/// A search, already resolved to ids and times by the app.
#[derive(Debug, Default)]
pub struct PostSearch {
    /// Only channels this user is a member of are searched.
    pub user_id: String,
    /// Only this team's channels and direct/group channels; all teams when `None`.
    pub team_id: Option<String>,
    pub include_archived: bool,
    pub terms: Vec<TextMatch>,
    /// Any of `terms` suffices (otherwise all are needed).
    pub any_term: bool,
    pub excluded: Vec<TextMatch>,
    pub from_users: Vec<String>,
    pub not_from_users: Vec<String>,
    /// Channel names (direct channels by their `id__id` name).
    pub in_channels: Vec<String>,
    pub not_in_channels: Vec<String>,
    /// Created at or after this time (ms).
    pub from_time: Option<i64>,
    /// Created before this time (ms).
    pub until_time: Option<i64>,
    pub offset: i64,
    pub limit: i64,
}

/// A query under construction: conditions and their numbered parameters.
struct Sql {
    postgres: bool,
    conditions: Vec<String>,
    params: Vec<Value>,
}

impl Sql {
    /// Binds a value, returning its placeholder.
    fn bind(&mut self, value: impl Into<Value>) -> String {
        self.params.push(value.into());
        format!("${}", self.params.len())
    }

    /// Binds `values`, returning their placeholders for an `IN (...)` list.
    fn bind_list(&mut self, values: &[String]) -> String {
        let list = placeholders(self.params.len() + 1, values.len());
        self.params.extend(values.iter().map(Into::into));
        list
    }

    /// `column IN (...)` (or `NOT IN`) over `values`; nothing when the list is empty.
    fn in_list(&mut self, column: &str, values: &[String], negate: bool) {
        if values.is_empty() {
            return;
        }
        let list = self.bind_list(values);
        let not = if negate { "NOT " } else { "" };
        self.conditions.push(format!("{column} {not}IN ({list})"));
    }

    /// The condition that a post matches `m`.
    fn text(&mut self, m: &TextMatch) -> String {
        if !self.postgres
            && let Some((table, query)) = fts_query(m)
        {
            let query = self.bind(query);
            return format!("p.rowid IN (SELECT rowid FROM {table} WHERE {table} MATCH {query})");
        }
        match m {
            TextMatch::Substring(text) if self.postgres => {
                format!("p.message ILIKE {}", self.bind(like_contains(text)))
            }
            // On SQLite, only a substring too short for the trigram index gets here.
            TextMatch::Substring(text) => {
                format!(
                    "p.message LIKE {} ESCAPE '\\'",
                    self.bind(like_contains(text))
                )
            }
            TextMatch::Words(text) => format!(
                "p.message_words @@ phraseto_tsquery('simple', {})",
                self.bind(text)
            ),
            TextMatch::Prefix(text) => format!(
                "p.message_words @@ to_tsquery('simple', {})",
                self.bind(tsquery_prefix(text))
            ),
            TextMatch::Hashtag(tag) => {
                let pattern = format!("% {} %", escape_like(tag));
                format!(
                    "(' ' || LOWER(p.hashtags) || ' ') LIKE {} ESCAPE '\\'",
                    self.bind(pattern)
                )
            }
        }
    }

    /// A positive condition: hashtags also require the tag in the message, which lets the
    /// trigram index find the candidates.
    fn included(&mut self, m: &TextMatch) -> String {
        match m {
            TextMatch::Hashtag(tag) => {
                let in_message = self.text(&TextMatch::Substring(tag.clone()));
                format!("({in_message} AND {})", self.text(m))
            }
            _ => self.text(m),
        }
    }
}

/// The FTS5 table and query that find `m` on SQLite, where an index can.
fn fts_query(m: &TextMatch) -> Option<(&'static str, String)> {
    match m {
        TextMatch::Substring(text) if text.chars().count() >= 3 => {
            Some(("posts_fts_trigram", fts_string(text)))
        }
        TextMatch::Words(text) => Some(("posts_fts", fts_string(text))),
        TextMatch::Prefix(text) => Some(("posts_fts", format!("{} *", fts_string(text)))),
        _ => None,
    }
}

/// An FTS5 string: the text as one phrase, never as query syntax.
fn fts_string(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// A PostgreSQL `tsquery` matching words that start with `text`.
fn tsquery_prefix(text: &str) -> String {
    format!("'{}':*", text.replace('\\', "\\\\").replace('\'', "''"))
}

fn like_contains(text: &str) -> String {
    format!("%{}%", escape_like(text))
}

/// Which channels a search query covers.
enum Scope<'a> {
    /// The searcher's channels, found by the query itself.
    Member,
    /// These channels (the searcher's, looked up beforehand; never empty).
    Channels(&'a [String]),
}

impl Sql {
    /// The query for the ids of the searcher's channels that `s` covers (its parameters are
    /// bound here).
    fn member_channels(&mut self, s: &PostSearch) -> String {
        let user = self.bind(&s.user_id);
        let mut sql = format!(
            "SELECT cm.channel_id FROM channel_members cm \
             JOIN channels c ON c.id = cm.channel_id WHERE cm.user_id = {user}"
        );
        if !s.include_archived {
            sql.push_str(" AND c.delete_at = 0");
        }
        if let Some(team_id) = &s.team_id {
            let team = self.bind(team_id);
            sql.push_str(&format!(" AND (c.team_id = {team} OR c.team_id = '')"));
        }
        for (names, negate) in [(&s.in_channels, false), (&s.not_in_channels, true)] {
            self.in_list("c.name", names, negate);
        }
        for c in std::mem::take(&mut self.conditions) {
            sql.push_str(&format!(" AND {c}"));
        }
        sql
    }
}

/// The query for one page of `s`'s post ids, and its parameters. On PostgreSQL with
/// `recent_first`, only that many of the newest posts passing the filters are searched.
fn search_query(
    s: &PostSearch,
    postgres: bool,
    scope: Scope<'_>,
    recent_first: Option<usize>,
) -> (String, Vec<Value>) {
    let mut sql = Sql {
        postgres,
        conditions: vec![],
        params: Vec::new(),
    };
    let channels = match scope {
        Scope::Member => sql.member_channels(s),
        Scope::Channels(ids) => sql.bind_list(ids),
    };
    sql.conditions = vec![
        format!("p.channel_id IN ({channels})"),
        "p.delete_at = 0".into(),
        // System messages (joins, header changes) are not searched, as in Mattermost.
        "p.type NOT LIKE 'system%'".into(),
    ];
    // Newest first, stopping at a page. On SQLite the first required term an FTS5 index
    // finds drives the query: its matches stream out newest first (insertion order, which
    // is creation order since posts are only inserted as they are made), where a subquery
    // would first collect, and then sort, every match of a common word.
    let driver_at = if postgres || s.any_term {
        None
    } else {
        s.terms.iter().position(|m| fts_query(m).is_some())
    };
    let (from, newest_first) = match driver_at.and_then(|i| fts_query(&s.terms[i])) {
        Some((table, query)) => {
            let query = sql.bind(query);
            sql.conditions.push(format!("{table} MATCH {query}"));
            (
                format!("{table} JOIN posts p ON p.rowid = {table}.rowid"),
                format!("{table}.rowid DESC"),
            )
        }
        None if postgres => ("posts p".into(), "p.create_at DESC, p.id DESC".into()),
        None => ("posts p".into(), "p.rowid DESC".into()),
    };
    sql.in_list("p.user_id", &s.from_users, false);
    sql.in_list("p.user_id", &s.not_from_users, true);
    if let Some(at) = s.from_time {
        let at = sql.bind(at);
        sql.conditions.push(format!("p.create_at >= {at}"));
    }
    if let Some(at) = s.until_time {
        let at = sql.bind(at);
        sql.conditions.push(format!("p.create_at < {at}"));
    }
    let filters = std::mem::take(&mut sql.conditions).join(" AND ");
    let terms: Vec<String> = s
        .terms
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != driver_at)
        .map(|(_, m)| sql.included(m))
        .collect();
    if !terms.is_empty() {
        let joiner = if s.any_term { " OR " } else { " AND " };
        sql.conditions.push(format!("({})", terms.join(joiner)));
    }
    for m in &s.excluded {
        let condition = sql.text(m);
        sql.conditions.push(format!("NOT ({condition})"));
    }
    let text = std::mem::take(&mut sql.conditions);
    let (limit, offset) = (sql.bind(s.limit), sql.bind(s.offset));
    let page = format!("ORDER BY {newest_first} LIMIT {limit} OFFSET {offset}");
    let query = match recent_first {
        Some(n) if postgres => format!(
            "SELECT p.id FROM (SELECT p.* FROM posts p WHERE {filters} \
             ORDER BY p.create_at DESC, p.id DESC LIMIT {n}) p WHERE {} {page}",
            text.join(" AND ")
        ),
        _ if text.is_empty() => format!("SELECT p.id FROM {from} WHERE {filters} {page}"),
        _ => format!(
            "SELECT p.id FROM {from} WHERE {filters} AND {} {page}",
            text.join(" AND ")
        ),
    };
    (query, sql.params)
}

impl Store {
    /// The undeleted posts matching `s` in the user's channels, newest first, at most `limit`
    /// from `offset`: the page of ids, then the posts.
    ///
    /// PostgreSQL first looks for the page among the newest posts that pass the filters,
    /// given as a list of the searcher's channels so the planner walks posts backwards in
    /// time: a common word (or one narrowed by `from:` or `after:`) is found there in a few
    /// milliseconds, where the planner's own choice would fetch and sort every post the word
    /// index matches. Matches among the newest posts are the newest matches, so a full page
    /// from them is the answer; otherwise (a rare word) the word index answers.
    pub async fn search_posts(&self, s: &PostSearch) -> Result<Vec<Post>, StoreError> {
        let postgres = self.db.is_postgres();
        let searches_text = !s.terms.is_empty() || !s.excluded.is_empty();
        let mut ids = vec![];
        if postgres && searches_text {
            let mut sql = Sql {
                postgres,
                conditions: vec![],
                params: Vec::new(),
            };
            let member_of = sql.member_channels(s);
            let channels = self.search_ids(&member_of, sql.params).await?;
            if channels.is_empty() {
                return Ok(vec![]);
            }
            let scope = Scope::Channels(&channels);
            let (query, params) = search_query(s, postgres, scope, Some(RECENT_POSTS_FIRST));
            ids = self.search_ids(&query, params).await?;
        }
        if (ids.len() as i64) < s.limit {
            let (query, params) = search_query(s, postgres, Scope::Member, None);
            ids = self.search_ids(&query, params).await?;
        }
        let mut posts = self.posts_by_ids(&ids).await?;
        posts.sort_by_key(|p| ids.iter().position(|id| *id == p.id));
        Ok(posts)
    }

    /// The first column of `query`'s rows, planned for these parameter values.
    async fn search_ids(&self, query: &str, params: Vec<Value>) -> Result<Vec<String>, StoreError> {
        self.db
            .query_for_values(query, params)
            .await?
            .iter()
            .map(|r| r.get::<String>(0))
            .collect()
    }
}
