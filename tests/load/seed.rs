//! Seeding, timed apart from what a scenario measures. Sessions, memberships and channels go
//! through the public API; rows the API would make only slowly (posts at about a thousand a
//! second, users at two password hashes each) are written in bulk straight into the server's
//! database, one set-based statement per batch, with everything the server derives from them set
//! as if they had come through the API. The server keeps running meanwhile: it caches neither
//! users, posts nor counters, and its search indexes follow the rows (SQLite's FTS5 triggers,
//! PostgreSQL's generated word column and its indexes).

use futures_util::stream::{self, StreamExt};
use hearth::store::{Db, Value};
use hearth_e2e::fixtures::{self, Office};
use hearth_e2e::{Client, Server, password_of};

/// Requests in flight while seeding (password hashing bounds logins anyway).
const SEED_PARALLEL: usize = 8;

/// A CTE `s(n)` counting from `$1` to `$2`: recursive, because both dialects have that.
const SERIES: &str =
    "s(n) AS (SELECT CAST($1 AS BIGINT) UNION ALL SELECT n + 1 FROM s WHERE n < $2)";

/// Added to a row's number to make the last 12 characters of its id.
const ID_NUMBER_BASE: i64 = 100_000_000_000;

/// The id of seeded row `n`: the 14 random characters bound to `$3`, then `ID_NUMBER_BASE + n`
/// (26 lowercase letters and digits, as Mattermost ids are).
fn numbered_id(n: &str) -> String {
    format!("$3 || CAST({n} + {ID_NUMBER_BASE} AS TEXT)")
}

/// 14 random id characters, for [`numbered_id`].
fn id_prefix() -> String {
    hearth::model::new_id()[..14].to_owned()
}

/// Creates `n` users named `<prefix><i>` in the office team and logs each in. User 0 is made
/// through the API and the rest are copies of its row with their own id, name and email (so the
/// server hashes one password, not `n`; all share user 0's), then each logs in and joins the
/// team through the API.
pub async fn users(server: &Server, office: &Office, prefix: &str, n: usize) -> Vec<Client> {
    if n == 0 {
        return vec![];
    }
    let template = format!("{prefix}0");
    let first = fixtures::member(server, office, &template).await;
    if n > 1 {
        copy_user(&server.open_db().await, &first.user_id(), prefix, n).await;
    }
    let password = password_of(&template);
    let rest: Vec<Client> = stream::iter(1..n)
        .map(|i| {
            let (name, password) = (format!("{prefix}{i}"), &password);
            async move {
                let mut client = server.anonymous();
                client.login(&name, password).await;
                fixtures::join_team(&office.admin, &office.team_id, &client.user_id()).await;
                client
            }
        })
        .buffered(SEED_PARALLEL)
        .collect()
        .await;
    std::iter::once(first).chain(rest).collect()
}

/// Inserts users `<prefix>1` to `<prefix><n - 1>` as copies of user `template_id`; every column
/// but id, username and email is copied, whatever columns the schema has.
async fn copy_user(db: &Db, template_id: &str, prefix: &str, n: usize) {
    let columns: Vec<String> = db
        .schema()
        .await
        .expect("the schema")
        .into_iter()
        .filter(|(table, _)| table == "users")
        .map(|(_, column)| column)
        .collect();
    let values: Vec<String> = columns
        .iter()
        .map(|c| match c.as_str() {
            "id" => numbered_id("s.n"),
            "username" => "$4 || CAST(s.n AS TEXT)".into(),
            "email" => "$4 || CAST(s.n AS TEXT) || '@example.com'".into(),
            other => format!("t.{other}"),
        })
        .collect();
    let sql = format!(
        "WITH RECURSIVE {SERIES} INSERT INTO users ({}) SELECT {} FROM s, users t WHERE t.id = $5",
        columns.join(", "),
        values.join(", ")
    );
    let params = hearth::params![1_i64, n as i64 - 1, id_prefix(), prefix, template_id];
    db.execute(&sql, params).await.expect("copies of a user");
}

/// A private channel named `name` with the admin and every one of `members`; returns its id.
pub async fn channel(office: &Office, name: &str, members: &[Client]) -> String {
    let id = fixtures::channel(&office.admin, &office.team_id, name, "P").await;
    stream::iter(members)
        .map(|m| {
            let (admin, id) = (&office.admin, &id);
            async move { fixtures::add_to_channel(admin, id, &m.user_id()).await }
        })
        .buffer_unordered(SEED_PARALLEL)
        .collect::<Vec<()>>()
        .await;
    id
}

/// Words the seeded posts are made of, so searches have something to find. Post `n` reads
/// `WORDS[n % 16] WORDS[n / 16 % 16] WORDS[n / 256 % 16] number n`.
pub const WORDS: [&str; 16] = [
    "budget", "roadmap", "lunch", "deploy", "invoice", "meeting", "printer", "coffee", "release",
    "holiday", "review", "customer", "backup", "office", "design", "hiring",
];

/// Posts written by one statement (and one transaction).
const BATCH: usize = 10_000;

/// Post `n` (numbered from 0) is a reply when `n % 10 == 9` and `n >= THREAD_SPAN`; its root is
/// the first post of the previous `THREAD_SPAN` (a root), so threads have 100 replies.
pub const THREAD_SPAN: usize = 1000;

/// The seeded posts span the year before seeding.
const SPAN_MS: i64 = 365 * 24 * 3600 * 1000;

/// Inserts posts `$1..=$2` of the pattern above into channel `$6`, `create_at` `$4 + n * $5`;
/// words and authors come from two small `VALUES` tables bound from `$7` on.
fn insert_posts_sql(authors: usize) -> String {
    let values = |first: usize, n: usize| {
        (0..n)
            .map(|k| format!("({k}, CAST(${} AS TEXT))", first + k))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let words = WORDS.len();
    format!(
        "WITH RECURSIVE {SERIES}, words(k, w) AS (VALUES {}), authors(k, id) AS (VALUES {}) \
         INSERT INTO posts (id, create_at, update_at, user_id, channel_id, root_id, message) \
         SELECT {}, CAST($4 AS BIGINT) + s.n * $5, CAST($4 AS BIGINT) + s.n * $5, authors.id, $6, \
         CASE WHEN s.n >= {THREAD_SPAN} AND s.n % 10 = 9 THEN {} ELSE '' END, \
         a.w || ' ' || b.w || ' ' || c.w || ' number ' || CAST(s.n AS TEXT) \
         FROM s JOIN authors ON authors.k = s.n % {authors} \
         JOIN words a ON a.k = s.n % {words} \
         JOIN words b ON b.k = s.n / {words} % {words} \
         JOIN words c ON c.k = s.n / {} % {words} \
         ORDER BY s.n",
        values(7, words),
        values(7 + words, authors),
        numbered_id("s.n"),
        numbered_id(&format!("s.n - s.n % {THREAD_SPAN} - {THREAD_SPAN}")),
        words * words,
    )
}

/// `CASE` taking `column` forwards to `later` if that is later (as posting moves last post
/// times only forwards).
fn forwards(column: &str, later: &str) -> String {
    format!("CASE WHEN {column} < {later} THEN {later} ELSE {column} END")
}

/// The channel's counters from its posts: no post is ever removed, so counting rows gives what
/// bumping the counters per post gives.
fn channel_counters_sql() -> String {
    let last = "(SELECT COALESCE(MAX(p.create_at), 0) FROM posts p WHERE p.channel_id = $1)";
    let last_root = "(SELECT COALESCE(MAX(p.create_at), 0) FROM posts p \
        WHERE p.channel_id = $1 AND p.root_id = '')";
    format!(
        "UPDATE channels SET \
         total_msg_count = (SELECT COUNT(*) FROM posts p WHERE p.channel_id = $1), \
         total_msg_count_root = (SELECT COUNT(*) FROM posts p WHERE p.channel_id = $1 AND p.root_id = ''), \
         last_post_at = {}, last_root_post_at = {} WHERE id = $1",
        forwards("last_post_at", last),
        forwards("last_root_post_at", last_root),
    )
}

/// Each author's read state as their last post left it: posting marks the channel read up to
/// the post and clears mentions. Counts are the channel's totals less what came after.
const AUTHOR_READ_STATE: &str = "UPDATE channel_members SET \
    last_viewed_at = seen.at, last_update_at = seen.at, \
    msg_count = (SELECT total_msg_count FROM channels WHERE id = $1) - \
        (SELECT COUNT(*) FROM posts p WHERE p.channel_id = $1 AND p.create_at > seen.at), \
    msg_count_root = (SELECT total_msg_count_root FROM channels WHERE id = $1) - \
        (SELECT COUNT(*) FROM posts p WHERE p.channel_id = $1 AND p.create_at > seen.at AND p.root_id = ''), \
    mention_count = 0, mention_count_root = 0, urgent_mention_count = 0 \
    FROM (SELECT user_id, MAX(create_at) AS at FROM posts WHERE channel_id = $1 GROUP BY user_id) seen \
    WHERE channel_members.channel_id = $1 AND channel_members.user_id = seen.user_id";

/// Writes `count` posts into `channel_id`, spread over `authors` and over the past year, every
/// tenth (after the first thousand) a reply; then sets the channel's counters and the authors'
/// read state.
pub async fn posts(server: &Server, authors: &[Client], channel_id: &str, count: usize) {
    let db = server.open_db().await;
    let prefix = id_prefix();
    let step = (SPAN_MS / count.max(1) as i64).max(1);
    let first_at = hearth::model::now_millis() - step * count as i64;
    let sql = insert_posts_sql(authors.len());
    for from in (0..count).step_by(BATCH) {
        let to = (from + BATCH).min(count) - 1;
        let mut params =
            hearth::params![from as i64, to as i64, &prefix, first_at, step, channel_id];
        params.extend(WORDS.iter().map(|w| Value::from(*w)));
        params.extend(authors.iter().map(|a| Value::from(a.user_id())));
        db.execute(&sql, params).await.expect("a batch of posts");
    }
    for sql in [channel_counters_sql().as_str(), AUTHOR_READ_STATE] {
        db.execute(sql, hearth::params![channel_id])
            .await
            .expect("counters from the seeded posts");
    }
    // PostgreSQL's autovacuum would have analysed a table that grew over a year; without fresh
    // statistics its first plans over a million new rows are guesses. SQLite keeps none either way.
    if db.is_postgres() {
        db.execute("ANALYZE posts", vec![])
            .await
            .expect("statistics");
    }
}
