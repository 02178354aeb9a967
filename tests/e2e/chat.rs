//! Chat as two people live it: posts, edits, reactions and deletes arrive over the WebSocket in
//! Mattermost's shape, only to those allowed to see them, and survive a dropped connection.

use std::time::Duration;

use hearth_e2e::fixtures::{add_to_channel, channel, guest, member, office, post};
use hearth_e2e::{Client, Server, WsClient, on_both_backends};
use serde_json::{Value, json};

on_both_backends!(
    two_users_chat_in_real_time,
    private_posts_never_reach_non_members,
    guest_hears_only_its_channel,
    missed_posts_arrive_after_reconnect,
);

const QUIET: Duration = Duration::from_millis(700);

async fn socket(server: &Server, client: &Client) -> WsClient {
    let mut ws = WsClient::connect(&server.url, client.token.as_deref().unwrap(), "").await;
    ws.expect_event("hello").await;
    ws
}

/// A nested object that Mattermost sends as a JSON string inside `data`.
fn nested(event: &Value, key: &str) -> Value {
    let text = event["data"][key]
        .as_str()
        .unwrap_or_else(|| panic!("data.{key} is a JSON string: {event}"));
    serde_json::from_str(text).expect("valid JSON inside the string")
}

async fn two_users_chat_in_real_time(server: Server) {
    let o = office(&server).await;
    let ana = member(&server, &o, "ana").await;
    let bob = member(&server, &o, "bob").await;
    let mut bob_ws = socket(&server, &bob).await;
    let mut ana_ws = socket(&server, &ana).await;

    let sent = ana
        .post(
            "/api/v4/posts",
            json!({"channel_id": o.town_square, "message": "hi @bob", "pending_post_id": "ana:1"}),
        )
        .await
        .expect(201);
    let posted = bob_ws.expect_event("posted").await;
    assert_eq!(posted["broadcast"]["channel_id"], o.town_square);
    assert_eq!(posted["data"]["channel_name"], "town-square");
    assert_eq!(posted["data"]["channel_type"], "O");
    assert_eq!(posted["data"]["sender_name"], "@ana");
    assert_eq!(posted["data"]["team_id"], o.team_id);
    let body = nested(&posted, "post");
    assert_eq!(body["id"], sent["id"]);
    assert_eq!(body["message"], "hi @bob");
    assert_eq!(body["pending_post_id"], "ana:1");
    assert_eq!(nested(&posted, "mentions"), json!([bob.user_id()]));
    // The sender hears its own post too (clients match it by pending_post_id).
    ana_ws.expect_event("posted").await;

    let seq = bob_ws
        .send(
            "user_typing",
            json!({"channel_id": o.town_square, "parent_id": ""}),
        )
        .await;
    bob_ws.expect_reply(seq).await;
    let typing = ana_ws.expect_event("typing").await;
    assert_eq!(typing["data"]["user_id"], bob.user_id());

    let pid = sent["id"].as_str().unwrap();
    ana.put(
        &format!("/api/v4/posts/{pid}/patch"),
        json!({"message": "hi @bob!"}),
    )
    .await
    .expect(200);
    let edited = bob_ws.expect_event("post_edited").await;
    assert_eq!(nested(&edited, "post")["message"], "hi @bob!");
    assert!(nested(&edited, "post")["edit_at"].as_i64().unwrap() > 0);

    bob.post(
        "/api/v4/reactions",
        json!({"user_id": bob.user_id(), "post_id": pid, "emoji_name": "thumbsup"}),
    )
    .await
    .expect(201);
    let reaction = ana_ws.expect_event("reaction_added").await;
    assert_eq!(nested(&reaction, "reaction")["emoji_name"], "thumbsup");

    ana.delete(&format!("/api/v4/posts/{pid}"))
        .await
        .expect(200);
    let deleted = bob_ws.expect_event("post_deleted").await;
    assert_eq!(nested(&deleted, "post")["id"], pid);

    // Seqs are contiguous from the hello, on both sockets.
    for ws in [&mut bob_ws, &mut ana_ws] {
        ws.drain(QUIET).await;
        let seqs: Vec<i64> = ws
            .received
            .iter()
            .filter_map(|f| f.get("event").and(f["seq"].as_i64()))
            .collect();
        assert_eq!(seqs, (0..seqs.len() as i64).collect::<Vec<_>>());
    }
}

async fn private_posts_never_reach_non_members(server: Server) {
    let o = office(&server).await;
    let ana = member(&server, &o, "ana").await;
    let eve = member(&server, &o, "eve").await;
    let secret = channel(&ana, &o.team_id, "secret", "P").await;
    let mut eve_ws = socket(&server, &eve).await;
    post(&ana, &secret, "the plan", "").await;
    post(&ana, &o.town_square, "hello all", "").await;
    // Eve gets the public post and nothing from the private channel.
    let public = eve_ws.expect_event("posted").await;
    assert_eq!(public["broadcast"]["channel_id"], o.town_square);
    eve_ws.drain(QUIET).await;
    let leaked: Vec<&Value> = eve_ws
        .received
        .iter()
        .filter(|f| f.to_string().contains(&secret))
        .collect();
    assert!(
        leaked.is_empty(),
        "private channel events reached a non-member: {leaked:?}"
    );
    // Nor over REST.
    assert_eq!(
        eve.get(&format!("/api/v4/channels/{secret}/posts"))
            .await
            .status,
        403
    );
}

async fn guest_hears_only_its_channel(server: Server) {
    let o = office(&server).await;
    let ana = member(&server, &o, "ana").await;
    let gina = guest(&server, &o, "gina").await;
    let review = channel(&ana, &o.team_id, "review", "O").await;
    add_to_channel(&o.admin, &review, &gina.user_id()).await;
    let mut gina_ws = socket(&server, &gina).await;
    post(&ana, &o.town_square, "staff only", "").await;
    server.user(&o.admin, "newcomer").await;
    post(&ana, &review, "please review the cut", "").await;
    let posted = gina_ws.expect_event("posted").await;
    assert_eq!(posted["broadcast"]["channel_id"], review);
    gina_ws.drain(QUIET).await;
    for frame in &gina_ws.received {
        assert_ne!(frame["broadcast"]["channel_id"], o.town_square, "{frame}");
        assert_ne!(frame["event"], "new_user", "{frame}");
    }
    // Over REST the guest sees its channel and nothing of town-square.
    assert_eq!(
        gina.get(&format!("/api/v4/channels/{}/posts", o.town_square))
            .await
            .status,
        403
    );
    gina.get(&format!("/api/v4/channels/{review}/posts"))
        .await
        .expect(200);
    assert_eq!(
        gina.get(&format!("/api/v4/teams/{}/channels", o.team_id))
            .await
            .status,
        403
    );
}

async fn missed_posts_arrive_after_reconnect(server: Server) {
    let o = office(&server).await;
    let ana = member(&server, &o, "ana").await;
    let bob = member(&server, &o, "bob").await;
    let mut bob_ws = WsClient::connect(&server.url, bob.token.as_deref().unwrap(), "").await;
    let hello = bob_ws.expect_event("hello").await;
    let connection_id = hello["data"]["connection_id"].as_str().unwrap().to_owned();
    post(&ana, &o.town_square, "before", "").await;
    bob_ws.expect_event("posted").await;
    bob_ws.drain(QUIET).await;
    let last = bob_ws
        .received
        .iter()
        .filter_map(|f| f.get("event").and(f["seq"].as_i64()))
        .max()
        .unwrap();
    bob_ws.close().await;
    let missed: Vec<String> = {
        let mut ids = vec![];
        for text in ["while", "you", "were", "away"] {
            ids.push(
                post(&ana, &o.town_square, text, "").await["id"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            );
        }
        ids
    };
    let query = format!("connection_id={connection_id}&sequence_number={}", last + 1);
    let mut bob_ws = WsClient::connect(&server.url, bob.token.as_deref().unwrap(), &query).await;
    let mut replayed = vec![];
    while replayed.len() < missed.len() {
        let frame = bob_ws.expect_event("posted").await;
        replayed.push(nested(&frame, "post")["id"].as_str().unwrap().to_owned());
    }
    assert_eq!(replayed, missed);
    assert!(
        bob_ws.received.iter().all(|f| f["event"] != "hello"),
        "resumed, not restarted"
    );
    let first_seq = bob_ws.received[0]["seq"].as_i64().unwrap();
    assert_eq!(first_seq, last + 1);
}

on_both_backends!(mobile_app_helpers);

/// Calls the mobile app makes beside the core loop: group channel profiles, REST typing, login type.
async fn mobile_app_helpers(server: Server) {
    let o = office(&server).await;
    let ana = member(&server, &o, "ana").await;
    let bob = member(&server, &o, "bob").await;
    let eve = member(&server, &o, "eve").await;
    let group = ana
        .post(
            "/api/v4/channels/group",
            json!([ana.user_id(), bob.user_id(), o.admin.user_id()]),
        )
        .await
        .expect(201);
    let gid = group["id"].as_str().unwrap();
    let profiles = ana
        .post("/api/v4/users/group_channels", json!([gid]))
        .await
        .expect(200);
    let mut names: Vec<&str> = profiles[gid]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["admin", "ana", "bob"]);
    // Someone outside the group learns nothing about it.
    let outside = eve
        .post("/api/v4/users/group_channels", json!([gid]))
        .await
        .expect(200);
    assert_eq!(outside, json!({}));
    assert_eq!(
        eve.post("/api/v4/users/group_channels", json!(["bad"]))
            .await
            .status,
        400
    );

    let mut bob_ws = socket(&server, &bob).await;
    ana.post(
        &format!("/api/v4/users/{}/typing", ana.user_id()),
        json!({"channel_id": gid}),
    )
    .await
    .expect(200);
    assert_eq!(
        bob_ws.expect_event("typing").await["data"]["user_id"],
        ana.user_id()
    );
    let r = ana
        .post(
            &format!("/api/v4/users/{}/typing", bob.user_id()),
            json!({"channel_id": gid}),
        )
        .await;
    assert_eq!(r.status, 403, "nobody types for someone else");
    let r = eve
        .post(
            &format!("/api/v4/users/{}/typing", eve.user_id()),
            json!({"channel_id": gid}),
        )
        .await;
    assert_eq!(r.status, 403, "non-members cannot type in a group");

    let login_type = server
        .anonymous()
        .post("/api/v4/users/login/type", json!({"login_id": "ana"}))
        .await
        .expect(200);
    assert_eq!(login_type["auth_service"], "");
}
