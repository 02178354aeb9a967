//! The WebSocket: authentication, hello and sequence numbers, actions, who sees which events,
//! resuming after a dropped socket, and user statuses.

use std::time::Duration;

use hearth_e2e::fixtures::{add_to_channel, channel, team_with};
use hearth_e2e::{Client, Server, WsClient, on_both_backends};
use serde_json::{Value, json};

on_both_backends!(
    hello_comes_first_and_seqs_are_contiguous,
    challenge_and_cookie_authenticate,
    typing_reaches_other_members_only,
    private_channel_events_stay_private,
    resume_replays_missed_events,
    unknown_or_lost_resume_gets_a_new_connection,
    statuses_follow_connections_and_choices,
    bad_frames_are_harmless,
    logout_ends_the_socket,
    deactivation_ends_the_socket_and_others_stay,
);

const QUIET: Duration = Duration::from_millis(700);

async fn ws(server: &Server, client: &Client) -> WsClient {
    WsClient::connect(&server.url, client.token.as_deref().unwrap(), "").await
}

/// Connects and returns the socket with its hello already read.
async fn ws_hello(server: &Server, client: &Client) -> (WsClient, Value) {
    let mut socket = ws(server, client).await;
    let hello = socket.expect_event("hello").await;
    (socket, hello)
}

fn events(frames: &[Value]) -> Vec<&Value> {
    frames.iter().filter(|f| f.get("event").is_some()).collect()
}

async fn hello_comes_first_and_seqs_are_contiguous(server: Server) {
    let admin = server.admin().await;
    let version = admin.get("/api/v4/system/ping").await.headers["x-version-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let mut socket = ws(&server, &admin).await;
    let hello = socket.next(Duration::from_secs(5)).await.expect("hello");
    assert_eq!(hello["event"], "hello");
    assert_eq!(hello["seq"], 0);
    assert_eq!(hello["data"]["server_version"], version.as_str());
    assert_eq!(hello["data"]["connection_id"].as_str().unwrap().len(), 26);
    assert!(hello["data"]["server_hostname"].is_string());
    assert_eq!(hello["broadcast"]["user_id"], admin.user_id().as_str());
    // Make events: team and channel creation, people joining.
    let bob = server.user(&admin, "bob").await;
    let tid = team_with(&admin, &[&bob]).await;
    let cid = channel(&admin, &tid, "plans", "O").await;
    add_to_channel(&admin, &cid, &bob.user_id()).await;
    let ping = socket.send("ping", Value::Null).await;
    let reply = socket.expect_reply(ping).await;
    assert_eq!(reply["status"], "OK");
    assert_eq!(reply["data"]["text"], "pong");
    assert_eq!(reply["data"]["version"], "10.11.0");
    assert!(reply["data"]["server_time"].as_i64().unwrap() > 0);
    socket.drain(QUIET).await;
    let all = events(&socket.received);
    let names: Vec<&str> = all.iter().map(|e| e["event"].as_str().unwrap()).collect();
    for wanted in ["new_user", "added_to_team", "channel_created", "user_added"] {
        assert!(names.contains(&wanted), "{wanted} missing from {names:?}");
    }
    for (i, e) in all.iter().enumerate() {
        assert_eq!(e["seq"], i as i64, "seqs must run 0, 1, 2, ...: {names:?}");
        assert!(e["broadcast"].is_object() && e["data"].is_object(), "{e}");
    }
}

async fn challenge_and_cookie_authenticate(server: Server) {
    let admin = server.admin().await;
    let token = admin.token.clone().unwrap();
    // A good challenge: hello, and an OK reply to seq 1.
    let mut socket = WsClient::connect_anonymous(&server.url).await;
    let seq = socket
        .send("authentication_challenge", json!({"token": token}))
        .await;
    assert_eq!(seq, 1);
    let reply = socket.expect_reply(1).await;
    assert_eq!(reply["status"], "OK");
    let hello = socket.received[0].clone();
    assert_eq!(hello["event"], "hello", "hello comes first");
    assert_eq!(hello["seq"], 0);
    let ping = socket.send("ping", Value::Null).await;
    assert_eq!(socket.expect_reply(ping).await["data"]["text"], "pong");
    // Before authenticating, other actions fail; a bad token fails and closes the socket.
    let mut socket = WsClient::connect_anonymous(&server.url).await;
    socket.send("ping", Value::Null).await;
    let reply = socket.expect_reply(1).await;
    assert_eq!(reply["status"], "FAIL");
    assert_eq!(reply["error"]["status_code"], 401);
    socket
        .send(
            "authentication_challenge",
            json!({"token": "wrongwrongwrongwrongwrongw"}),
        )
        .await;
    let reply = socket.expect_reply(2).await;
    assert_eq!(reply["status"], "FAIL");
    assert!(socket.closed_within(Duration::from_secs(3)).await);
    assert!(!socket.received.iter().any(|f| f["event"] == "hello"));
    // A socket that never authenticates is closed after a few seconds.
    let mut silent = WsClient::connect_anonymous(&server.url).await;
    assert!(silent.closed_within(Duration::from_secs(10)).await);
    // The web app's way: the session cookie.
    let mut socket = WsClient::connect_with_cookie(&server.url, &token).await;
    let hello = socket.expect_event("hello").await;
    assert_eq!(hello["broadcast"]["user_id"], admin.user_id().as_str());
}

async fn typing_reaches_other_members_only(server: Server) {
    let admin = server.admin().await;
    let bob = server.user(&admin, "bob").await;
    let carol = server.user(&admin, "carol").await;
    let tid = team_with(&admin, &[&bob, &carol]).await;
    let cid = channel(&admin, &tid, "plans", "O").await;
    add_to_channel(&admin, &cid, &bob.user_id()).await;
    let (mut admin_ws, _) = ws_hello(&server, &admin).await;
    let (mut bob_ws, _) = ws_hello(&server, &bob).await;
    let (mut carol_ws, _) = ws_hello(&server, &carol).await;
    let seq = bob_ws
        .send("user_typing", json!({"channel_id": cid, "parent_id": ""}))
        .await;
    assert_eq!(bob_ws.expect_reply(seq).await["status"], "OK");
    let typing = admin_ws.expect_event("typing").await;
    assert_eq!(typing["data"]["user_id"], bob.user_id().as_str());
    assert_eq!(typing["data"]["parent_id"], "");
    assert_eq!(typing["broadcast"]["channel_id"], cid.as_str());
    bob_ws.expect_no_event("typing", QUIET).await;
    carol_ws.expect_no_event("typing", QUIET).await;
    // A non-member may not type in the channel; a bad id is refused.
    let seq = carol_ws
        .send("user_typing", json!({"channel_id": cid, "parent_id": ""}))
        .await;
    let reply = carol_ws.expect_reply(seq).await;
    assert_eq!(reply["status"], "FAIL");
    assert_eq!(reply["error"]["status_code"], 403);
    let seq = carol_ws
        .send("user_typing", json!({"channel_id": "nope"}))
        .await;
    assert_eq!(
        carol_ws.expect_reply(seq).await["error"]["status_code"],
        400
    );
    admin_ws.expect_no_event("typing", QUIET).await;
}

async fn private_channel_events_stay_private(server: Server) {
    let admin = server.admin().await;
    let bob = server.user(&admin, "bob").await;
    let carol = server.user(&admin, "carol").await;
    let tid = team_with(&admin, &[&bob, &carol]).await;
    let secret = channel(&admin, &tid, "secret", "P").await;
    let (mut bob_ws, _) = ws_hello(&server, &bob).await;
    let (mut carol_ws, _) = ws_hello(&server, &carol).await;
    add_to_channel(&admin, &secret, &bob.user_id()).await;
    let added = bob_ws.expect_event("user_added").await;
    assert_eq!(added["broadcast"]["channel_id"], secret.as_str());
    assert_eq!(added["data"]["user_id"], bob.user_id().as_str());
    let admin_ws_token = admin.token.clone().unwrap();
    let mut admin_ws = WsClient::connect(&server.url, &admin_ws_token, "").await;
    admin_ws.expect_event("hello").await;
    let seq = admin_ws
        .send(
            "user_typing",
            json!({"channel_id": secret, "parent_id": ""}),
        )
        .await;
    admin_ws.expect_reply(seq).await;
    bob_ws.expect_event("typing").await;
    carol_ws.drain(QUIET).await;
    let leaked: Vec<&Value> = carol_ws
        .received
        .iter()
        .filter(|f| {
            f["broadcast"]["channel_id"] == secret.as_str() || f.to_string().contains(&secret)
        })
        .collect();
    assert!(
        leaked.is_empty(),
        "carol saw the private channel: {leaked:?}"
    );
}

async fn resume_replays_missed_events(server: Server) {
    let admin = server.admin().await;
    let bob = server.user(&admin, "bob").await;
    let tid = team_with(&admin, &[&bob]).await;
    let (mut bob_ws, hello) = ws_hello(&server, &bob).await;
    let conn_id = hello["data"]["connection_id"].as_str().unwrap().to_owned();
    bob_ws.drain(QUIET).await;
    let last_seq = events(&bob_ws.received).last().unwrap()["seq"]
        .as_i64()
        .unwrap();
    bob_ws.close().await;
    // While Bob is away he is added to two channels.
    let mut channels = vec![];
    for name in ["one", "two"] {
        let cid = channel(&admin, &tid, name, "P").await;
        add_to_channel(&admin, &cid, &bob.user_id()).await;
        channels.push(cid);
    }
    let query = format!("connection_id={conn_id}&sequence_number={}", last_seq + 1);
    let mut bob_ws = WsClient::connect(&server.url, bob.token.as_deref().unwrap(), &query).await;
    let first = bob_ws.next(Duration::from_secs(5)).await.expect("a frame");
    assert_ne!(
        first["event"], "hello",
        "a resumed connection gets no hello"
    );
    assert_eq!(
        first["seq"],
        last_seq + 1,
        "replay starts where the client left off"
    );
    let seq = bob_ws.send("ping", Value::Null).await;
    bob_ws.expect_reply(seq).await;
    bob_ws.drain(QUIET).await;
    let replayed = events(&bob_ws.received);
    for (i, e) in replayed.iter().enumerate() {
        assert_eq!(e["seq"], last_seq + 1 + i as i64, "{replayed:?}");
    }
    for cid in &channels {
        assert!(
            replayed
                .iter()
                .any(|e| e["event"] == "user_added" && e["broadcast"]["channel_id"] == cid.as_str()),
            "user_added for {cid} not replayed: {replayed:?}"
        );
    }
    // The sequence carries on after the replay.
    let next_seq = replayed.last().unwrap()["seq"].as_i64().unwrap() + 1;
    let cid = channel(&admin, &tid, "three", "O").await;
    add_to_channel(&admin, &cid, &bob.user_id()).await;
    let added = bob_ws.expect_event("user_added").await;
    assert!(added["seq"].as_i64().unwrap() >= next_seq);
    let all = events(&bob_ws.received);
    for (i, e) in all.iter().enumerate() {
        assert_eq!(e["seq"], last_seq + 1 + i as i64, "{all:?}");
    }
}

async fn unknown_or_lost_resume_gets_a_new_connection(server: Server) {
    let admin = server.admin().await;
    let token = admin.token.clone().unwrap();
    let unknown = "abcdefghijklmnopqrstuvwxyz";
    let query = format!("connection_id={unknown}&sequence_number=7");
    let mut socket = WsClient::connect(&server.url, &token, &query).await;
    let hello = socket.next(Duration::from_secs(5)).await.unwrap();
    assert_eq!(hello["event"], "hello");
    assert_eq!(hello["seq"], 0);
    let conn_id = hello["data"]["connection_id"].as_str().unwrap().to_owned();
    assert_ne!(conn_id, unknown);
    socket.drain(QUIET).await;
    socket.close().await;
    // Asking for frames that were never sent: the state is lost, start over.
    let query = format!("connection_id={conn_id}&sequence_number=1000");
    let mut socket = WsClient::connect(&server.url, &token, &query).await;
    let hello = socket.next(Duration::from_secs(5)).await.unwrap();
    assert_eq!(hello["event"], "hello");
    assert_eq!(hello["seq"], 0);
    assert_ne!(hello["data"]["connection_id"], conn_id.as_str());
    // Another user cannot take over someone's connection id.
    let bob = server.user(&admin, "bob").await;
    let their = hello["data"]["connection_id"].as_str().unwrap().to_owned();
    socket.close().await;
    let query = format!("connection_id={their}&sequence_number=1");
    let mut bob_ws = WsClient::connect(&server.url, bob.token.as_deref().unwrap(), &query).await;
    let hello = bob_ws.next(Duration::from_secs(5)).await.unwrap();
    assert_eq!(hello["event"], "hello");
    assert_ne!(hello["data"]["connection_id"], their.as_str());
}

/// Waits up to `secs` for `status_change` of `user` to `status` (or finds it already received).
async fn expect_status(socket: &mut WsClient, user: &str, status: &str, secs: u64) {
    let wanted = |f: &Value| {
        f["event"] == "status_change"
            && f["data"]["user_id"] == user
            && f["data"]["status"] == status
    };
    if !socket.received.iter().any(wanted) {
        let what = format!("{user} {status}");
        socket
            .expect_where(Duration::from_secs(secs), &what, wanted)
            .await;
    }
}

async fn statuses_follow_connections_and_choices(server: Server) {
    let admin = server.admin().await;
    let bob = server.user(&admin, "bob").await;
    let carol = server.user(&admin, "carol").await;
    let (bid, cid) = (bob.user_id(), carol.user_id());
    assert_eq!(
        admin
            .get(&format!("/api/v4/users/{bid}/status"))
            .await
            .expect(200)["status"],
        "offline"
    );
    let (mut admin_ws, _) = ws_hello(&server, &admin).await;
    let (mut bob_ws, _) = ws_hello(&server, &bob).await;
    // Each connection turns its user online, and every non-guest hears it.
    expect_status(&mut admin_ws, &admin.user_id(), "online", 5).await;
    expect_status(&mut admin_ws, &bid, "online", 5).await;
    let me = bob.get("/api/v4/users/me/status").await.expect(200);
    assert_eq!(
        (me["status"].as_str(), me["manual"].as_bool()),
        (Some("online"), Some(false))
    );
    // Bob chooses do-not-disturb: everyone hears it, and it sticks.
    let s = bob
        .put(
            &format!("/api/v4/users/{bid}/status"),
            json!({"user_id": bid, "status": "dnd"}),
        )
        .await
        .expect(200);
    assert_eq!(
        (s["status"].as_str(), s["manual"].as_bool()),
        (Some("dnd"), Some(true))
    );
    expect_status(&mut admin_ws, &bid, "dnd", 5).await;
    let seq = bob_ws
        .send(
            "user_update_active_status",
            json!({"user_is_active": false, "manual": false}),
        )
        .await;
    assert_eq!(bob_ws.expect_reply(seq).await["status"], "OK");
    let list = admin
        .post(
            "/api/v4/users/status/ids",
            json!([bid, cid, admin.user_id()]),
        )
        .await
        .expect(200);
    let of = |id: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|s| s["user_id"] == id)
            .unwrap()["status"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(
        of(&bid),
        "dnd",
        "a chosen status is not changed by activity"
    );
    assert_eq!(of(&cid), "offline");
    assert_eq!(of(&admin.user_id()), "online");
    // The same over the socket.
    let seq = admin_ws
        .send("get_statuses_by_ids", json!({"user_ids": [bid, cid]}))
        .await;
    let reply = admin_ws.expect_reply(seq).await;
    assert_eq!(
        reply["data"],
        json!({bid.as_str(): "dnd", cid.as_str(): "offline"})
    );
    let seq = admin_ws.send("get_statuses", Value::Null).await;
    let reply = admin_ws.expect_reply(seq).await;
    assert_eq!(reply["data"][bid.as_str()], "dnd");
    assert_eq!(reply["data"][admin.user_id().as_str()], "online");
    // Rules: only oneself or an admin; known statuses; sane id lists.
    let r = carol
        .put(
            &format!("/api/v4/users/{bid}/status"),
            json!({"user_id": bid, "status": "online"}),
        )
        .await;
    assert_eq!(r.status, 403);
    let r = bob
        .put(
            "/api/v4/users/me/status",
            json!({"user_id": bid, "status": "asleep"}),
        )
        .await;
    assert_eq!(r.status, 400);
    let r = bob
        .put(
            "/api/v4/users/me/status",
            json!({"user_id": cid, "status": "away"}),
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(
        bob.post("/api/v4/users/status/ids", json!([])).await.status,
        400
    );
    assert_eq!(
        bob.post("/api/v4/users/status/ids", json!(["x"]))
            .await
            .status,
        400
    );
    assert_eq!(
        bob.post("/api/v4/users/status/ids", json!({"a": 1}))
            .await
            .status,
        400
    );
    let many: Vec<String> = (0..201).map(|_| bid.clone()).collect();
    assert_eq!(
        bob.post("/api/v4/users/status/ids", json!(many))
            .await
            .status,
        400
    );
    let unknown = "abcdefghijklmnopqrstuvwxyz";
    assert_eq!(
        bob.get(&format!("/api/v4/users/{unknown}/status"))
            .await
            .status,
        404
    );
    // Carol comes and goes: online, then offline shortly after her last socket closes.
    let (carol_ws, _) = ws_hello(&server, &carol).await;
    expect_status(&mut admin_ws, &cid, "online", 5).await;
    carol_ws.close().await;
    expect_status(&mut admin_ws, &cid, "offline", 12).await;
    // A timed dnd is kept to the minute, as Mattermost does.
    let s = bob
        .put(
            "/api/v4/users/me/status",
            json!({"user_id": bid, "status": "dnd", "dnd_end_time": 1_900_000_123}),
        )
        .await
        .expect(200);
    assert_eq!(s["dnd_end_time"], 1_900_000_080);
    // Bob's manual dnd survived his socket closing.
    bob_ws.close().await;
    let s = admin
        .get(&format!("/api/v4/users/{bid}/status"))
        .await
        .expect(200);
    assert_eq!(s["status"], "dnd");
}

async fn bad_frames_are_harmless(server: Server) {
    let admin = server.admin().await;
    let (mut socket, _) = ws_hello(&server, &admin).await;
    socket.send_text("not json".into()).await;
    socket.send_text("[1,2,3]".into()).await;
    socket.send_text(r#"{"action":"ping"}"#.into()).await;
    socket
        .send_text(r#"{"seq":"x","action":"ping","data":5}"#.into())
        .await;
    let seq = socket.send("no_such_action", json!({})).await;
    let reply = socket.expect_reply(seq).await;
    assert_eq!(reply["status"], "FAIL");
    assert_eq!(
        reply["error"]["id"],
        "api.web_socket_router.bad_action.app_error"
    );
    let seq = socket
        .send("get_statuses_by_ids", json!({"user_ids": "nope"}))
        .await;
    assert_eq!(socket.expect_reply(seq).await["status"], "FAIL");
    let seq = socket.send("user_update_active_status", json!([])).await;
    assert_eq!(socket.expect_reply(seq).await["status"], "FAIL");
    let seq = socket.send("ping", Value::Null).await;
    assert_eq!(socket.expect_reply(seq).await["data"]["text"], "pong");
    // An oversized frame ends that socket, not the server.
    socket.send_text("x".repeat(100 * 1024)).await;
    assert!(socket.closed_within(Duration::from_secs(5)).await);
    let (mut socket, _) = ws_hello(&server, &admin).await;
    let seq = socket.send("ping", Value::Null).await;
    assert_eq!(socket.expect_reply(seq).await["data"]["text"], "pong");
}

async fn logout_ends_the_socket(server: Server) {
    let admin = server.admin().await;
    let bob = server.user(&admin, "bob").await;
    let (mut socket, _) = ws_hello(&server, &bob).await;
    bob.post("/api/v4/users/logout", json!({}))
        .await
        .expect(200);
    assert!(
        socket.closed_within(Duration::from_secs(15)).await,
        "the socket outlived its session"
    );
}

/// Sockets re-read their session when something in the server could have ended it: the
/// deactivated user's socket closes, and someone else's socket is unaffected.
async fn deactivation_ends_the_socket_and_others_stay(server: Server) {
    let admin = server.admin().await;
    let bob = server.user(&admin, "bob").await;
    let (mut bobs, _) = ws_hello(&server, &bob).await;
    let (mut admins, _) = ws_hello(&server, &admin).await;
    admin
        .put(
            &format!("/api/v4/users/{}/active", bob.user_id()),
            json!({"active": false}),
        )
        .await
        .expect(200);
    assert!(
        bobs.closed_within(Duration::from_secs(15)).await,
        "the deactivated user's socket stayed open"
    );
    let seq = admins.send("ping", Value::Null).await;
    assert_eq!(admins.expect_reply(seq).await["data"]["text"], "pong");
}
