//! Shared set-ups for end-to-end tests: a team called `office` with its admin, members, guests,
//! channels and posts, made through the public API as a client would.

use std::time::Duration;

use serde_json::{Value, json};

use crate::{Client, Server};

/// A team called `office` made by the system admin, with its two default channels.
pub struct Office {
    pub admin: Client,
    pub team_id: String,
    pub town_square: String,
    pub off_topic: String,
}

pub async fn office(server: &Server) -> Office {
    let admin = server.admin().await;
    let team_id = team_with(&admin, &[]).await;
    let by_name = |name: &'static str| {
        let (admin, team_id) = (admin.clone(), team_id.clone());
        async move {
            let url = format!("/api/v4/teams/{team_id}/channels/name/{name}");
            id(&admin.get(&url).await.expect(200))
        }
    };
    let town_square = by_name("town-square").await;
    let off_topic = by_name("off-topic").await;
    Office {
        admin,
        team_id,
        town_square,
        off_topic,
    }
}

/// `admin` creates the open team `office` with `members` in it; returns its id.
pub async fn team_with(admin: &Client, members: &[&Client]) -> String {
    let team = admin
        .post(
            "/api/v4/teams",
            json!({"name": "office", "display_name": "Office", "type": "O"}),
        )
        .await
        .expect(201);
    let team_id = id(&team);
    for member in members {
        join_team(admin, &team_id, &member.user_id()).await;
    }
    team_id
}

/// `admin` adds `user_id` to `team_id`.
pub async fn join_team(admin: &Client, team_id: &str, user_id: &str) {
    admin
        .post(
            &format!("/api/v4/teams/{team_id}/members"),
            json!({"team_id": team_id, "user_id": user_id}),
        )
        .await
        .expect(201);
}

/// Creates `name`, adds them to the office team and returns them logged in.
pub async fn member(server: &Server, office: &Office, name: &str) -> Client {
    let client = server.user(&office.admin, name).await;
    join_team(&office.admin, &office.team_id, &client.user_id()).await;
    client
}

/// Creates `name` as a guest (made by the admin, then demoted) in the office team, in no channel.
pub async fn guest(server: &Server, office: &Office, name: &str) -> Client {
    let client = server.user(&office.admin, name).await;
    let uid = client.user_id();
    office
        .admin
        .post(&format!("/api/v4/users/{uid}/demote"), json!({}))
        .await
        .expect(200);
    join_team(&office.admin, &office.team_id, &uid).await;
    client
}

/// `client` creates a channel (`kind` `O` or `P`) on `team_id`; returns its id.
pub async fn channel(client: &Client, team_id: &str, name: &str, kind: &str) -> String {
    let c = client
        .post(
            "/api/v4/channels",
            json!({"team_id": team_id, "name": name, "display_name": name, "type": kind}),
        )
        .await
        .expect(201);
    id(&c)
}

/// `admin` adds `user_id` to channel `channel_id`.
pub async fn add_to_channel(admin: &Client, channel_id: &str, user_id: &str) {
    admin
        .post(
            &format!("/api/v4/channels/{channel_id}/members"),
            json!({"user_id": user_id}),
        )
        .await
        .expect(201);
}

/// `client` posts `message` (a reply when `root_id` is not empty); returns the post.
pub async fn post(client: &Client, channel_id: &str, message: &str, root_id: &str) -> Value {
    client
        .post(
            "/api/v4/posts",
            json!({"channel_id": channel_id, "message": message, "root_id": root_id}),
        )
        .await
        .expect(201)
}

pub fn id(v: &Value) -> String {
    v["id"].as_str().expect("an id").to_owned()
}

/// The `key` field of each object in a JSON array.
pub fn field(list: &Value, key: &str) -> Vec<String> {
    list.as_array()
        .expect("a JSON array")
        .iter()
        .map(|v| v[key].as_str().unwrap_or_default().to_owned())
        .collect()
}

pub fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// The messages `admin` has from the `system-bot` account.
pub async fn system_notices(admin: &Client) -> String {
    let bot = admin.get("/api/v4/users/username/system-bot").await;
    if bot.status != 200 {
        return String::new();
    }
    let dm = admin
        .post(
            "/api/v4/channels/direct",
            json!([admin.user_id(), id(&bot.body)]),
        )
        .await;
    let posts = admin
        .get(&format!("/api/v4/channels/{}/posts", id(&dm.body)))
        .await
        .expect(200);
    posts["posts"].to_string()
}

/// Waits until `admin` has a notice from `system-bot` containing `text` (sent just after the
/// run is recorded).
pub async fn wait_for_notice(admin: &Client, text: &str) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(45);
    loop {
        let notices = system_notices(admin).await;
        if notices.contains(text) {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "a notice with {text:?}: {notices}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
