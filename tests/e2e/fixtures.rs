//! Shared set-ups for the team and channel tests: an office team with its admin, members, guests
//! and channels.

use hearth_e2e::{Client, Server};
use serde_json::{Value, json};

/// A team called `office` made by the system admin, with its two default channels.
pub struct Office {
    pub admin: Client,
    pub team_id: String,
    pub town_square: String,
    pub off_topic: String,
}

pub async fn office(server: &Server) -> Office {
    let admin = server.admin().await;
    let team = admin
        .post(
            "/api/v4/teams",
            json!({"name": "office", "display_name": "Office", "type": "O"}),
        )
        .await
        .expect(201);
    let team_id = id(&team);
    let by_name = |name: &'static str| {
        let admin = admin.clone();
        let team_id = team_id.clone();
        async move {
            let c = admin
                .get(&format!("/api/v4/teams/{team_id}/channels/name/{name}"))
                .await
                .expect(200);
            id(&c)
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

/// Creates `name`, adds them to the office team and returns them logged in.
pub async fn member(server: &Server, office: &Office, name: &str) -> Client {
    let client = server.user(&office.admin, name).await;
    let tid = &office.team_id;
    office
        .admin
        .post(
            &format!("/api/v4/teams/{tid}/members"),
            json!({"team_id": tid, "user_id": client.user_id()}),
        )
        .await
        .expect(201);
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
    let tid = &office.team_id;
    office
        .admin
        .post(
            &format!("/api/v4/teams/{tid}/members"),
            json!({"team_id": tid, "user_id": uid}),
        )
        .await
        .expect(201);
    client
}

/// `client` creates a channel (`kind` `O` or `P`) on the office team; returns its id.
pub async fn channel(client: &Client, office: &Office, name: &str, kind: &str) -> String {
    let c = client
        .post(
            "/api/v4/channels",
            json!({"team_id": office.team_id, "name": name, "display_name": name, "type": kind}),
        )
        .await
        .expect(201);
    id(&c)
}

/// `admin` adds `user` to channel `cid`.
pub async fn add_to_channel(admin: &Client, cid: &str, user: &Client) {
    admin
        .post(
            &format!("/api/v4/channels/{cid}/members"),
            json!({"user_id": user.user_id()}),
        )
        .await
        .expect(201);
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
