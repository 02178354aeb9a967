//! Seeding through the public API, a few requests at a time: users in the `office` team, channels
//! of a given size, and posts. Seeding is timed apart from what a scenario measures.

use futures_util::stream::{self, StreamExt};
use hearth_e2e::fixtures::{self, Office};
use hearth_e2e::{Client, Server};
use serde_json::json;

/// Requests in flight while seeding (password hashing bounds sign-ups and logins anyway).
const SEED_PARALLEL: usize = 8;

/// Creates `n` users named `<prefix><i>` in the office team and logs each in.
pub async fn users(server: &Server, office: &Office, prefix: &str, n: usize) -> Vec<Client> {
    stream::iter(0..n)
        .map(|i| {
            let name = format!("{prefix}{i}");
            async move { fixtures::member(server, office, &name).await }
        })
        .buffered(SEED_PARALLEL)
        .collect()
        .await
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

/// Words the seeded posts are made of, so searches have something to find.
pub const WORDS: [&str; 16] = [
    "budget", "roadmap", "lunch", "deploy", "invoice", "meeting", "printer", "coffee", "release",
    "holiday", "review", "customer", "backup", "office", "design", "hiring",
];

/// Posts `count` messages into `channel_id`, spread over `authors`, every tenth a reply to the
/// previous root; returns the ids of the roots.
pub async fn posts(authors: &[Client], channel_id: &str, count: usize) -> Vec<String> {
    let mut roots: Vec<String> = Vec::new();
    for chunk_start in (0..count).step_by(1000) {
        let chunk_end = (chunk_start + 1000).min(count);
        let root = roots.last().cloned().unwrap_or_default();
        let made: Vec<(bool, String)> = stream::iter(chunk_start..chunk_end)
            .map(|i| {
                let author = &authors[i % authors.len()];
                let root_id = if i % 10 == 9 {
                    root.clone()
                } else {
                    String::new()
                };
                let message = format!(
                    "{} {} {} number {i}",
                    WORDS[i % 16],
                    WORDS[(i / 16) % 16],
                    WORDS[(i / 256) % 16]
                );
                async move {
                    let body =
                        json!({"channel_id": channel_id, "message": message, "root_id": root_id});
                    let post = author.post("/api/v4/posts", body).await.expect(201);
                    (root_id.is_empty(), fixtures::id(&post))
                }
            })
            .buffer_unordered(SEED_PARALLEL * 2)
            .collect()
            .await;
        roots.extend(
            made.into_iter()
                .filter(|(is_root, _)| *is_root)
                .map(|(_, id)| id),
        );
    }
    roots
}
