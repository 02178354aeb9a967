//! Integrations: personal access tokens as bearer tokens (and revoked), bots posting with their
//! token, incoming webhooks (JSON and form payloads, attachments, channel override, locks,
//! permissions), and outgoing webhooks calling a target on loopback without slowing posts.

use std::time::{Duration, Instant};

use hearth_e2e::fixtures::{channel, id, member, office};
use hearth_e2e::target::{Reply, Target, form};
use hearth_e2e::{Client, Server, WsClient, on_both_backends};
use serde_json::{Value, json};

/// Settings every integration test runs with: loopback targets allowed, bots and overrides on.
pub const ENV: &[(&str, &str)] = &[
    (
        "HEARTH_SERVICESETTINGS_ALLOWEDUNTRUSTEDINTERNALCONNECTIONS",
        "127.0.0.1",
    ),
    ("HEARTH_SERVICESETTINGS_ENABLEBOTACCOUNTCREATION", "true"),
    ("HEARTH_SERVICESETTINGS_ENABLEPOSTUSERNAMEOVERRIDE", "true"),
    ("HEARTH_SERVICESETTINGS_ENABLEPOSTICONOVERRIDE", "true"),
];

on_both_backends!(
    env = ENV;
    access_token_is_a_bearer_token_until_revoked,
    bot_posts_with_its_token,
    incoming_webhook_posts_slack_payloads,
    webhook_permissions,
    outgoing_webhook_answers_and_never_slows_posting,
);

/// A client that authenticates with `token`.
fn with_token(server: &Server, token: &str) -> Client {
    let mut client = Client::new(&server.url);
    client.token = Some(token.to_owned());
    client
}

/// The newest post of a channel.
pub async fn last_post(client: &Client, channel_id: &str) -> Value {
    let list = client
        .get(&format!("/api/v4/channels/{channel_id}/posts?per_page=1"))
        .await
        .expect(200);
    let first = list["order"][0].as_str().expect("a post").to_owned();
    list["posts"][first].clone()
}

async fn access_token_is_a_bearer_token_until_revoked(server: Server) {
    let admin = server.admin().await;
    let created = admin
        .post(
            "/api/v4/users/me/tokens",
            json!({"description": "ci script"}),
        )
        .await
        .expect(201);
    let token = created["token"]
        .as_str()
        .expect("token shown once")
        .to_owned();
    assert_eq!(created["user_id"], admin.user_id());
    assert_eq!(created["is_active"], true);

    let script = with_token(&server, &token);
    let me = script.get("/api/v4/users/me").await.expect(200);
    assert_eq!(me["id"], admin.user_id());
    let mut ws = WsClient::connect(&server.url, &token, "").await;
    ws.expect_event("hello").await;

    let listed = admin.get("/api/v4/users/me/tokens").await.expect(200);
    assert_eq!(listed[0]["id"], created["id"]);
    assert!(
        listed[0].get("token").is_none(),
        "secret never listed: {listed}"
    );
    let one = admin
        .get(&format!("/api/v4/users/tokens/{}", id(&created)))
        .await
        .expect(200);
    assert_eq!(one["description"], "ci script");

    // Disabled: refused; enabled again: accepted.
    let token_id = json!({"token_id": id(&created)});
    admin
        .post("/api/v4/users/tokens/disable", token_id.clone())
        .await
        .expect(200);
    script.get("/api/v4/users/me").await.expect(401);
    admin
        .post("/api/v4/users/tokens/enable", token_id.clone())
        .await
        .expect(200);
    script.get("/api/v4/users/me").await.expect(200);

    // A plain user may not make tokens for itself or others.
    let bob = server.user(&admin, "bob").await;
    bob.post("/api/v4/users/me/tokens", json!({"description": "x"}))
        .await
        .expect(403);
    bob.post(
        &format!("/api/v4/users/{}/tokens", admin.user_id()),
        json!({"description": "x"}),
    )
    .await
    .expect(403);

    admin
        .post("/api/v4/users/tokens/revoke", token_id)
        .await
        .expect(200);
    script.get("/api/v4/users/me").await.expect(401);
    assert!(
        ws.closed_within(Duration::from_secs(20)).await,
        "socket ends after revoke"
    );
}

async fn bot_posts_with_its_token(server: Server) {
    let o = office(&server).await;
    let bot = o
        .admin
        .post(
            "/api/v4/bots",
            json!({"username": "buildbot", "display_name": "Build Bot", "description": "CI"}),
        )
        .await
        .expect(201);
    let bot_id = bot["user_id"].as_str().unwrap().to_owned();
    assert_eq!(bot["owner_id"], o.admin.user_id());
    assert_eq!(bot["display_name"], "Build Bot");
    let user = o
        .admin
        .get(&format!("/api/v4/users/{bot_id}"))
        .await
        .expect(200);
    assert_eq!(user["is_bot"], true);
    assert_eq!(user["username"], "buildbot");

    hearth_e2e::fixtures::join_team(&o.admin, &o.team_id, &bot_id).await;
    let token = o
        .admin
        .post(
            &format!("/api/v4/users/{bot_id}/tokens"),
            json!({"description": "ci"}),
        )
        .await
        .expect(201);
    let as_bot = with_token(&server, token["token"].as_str().unwrap());
    let posted = as_bot
        .post(
            "/api/v4/posts",
            json!({"channel_id": o.town_square, "message": "build green"}),
        )
        .await
        .expect(201);
    assert_eq!(posted["user_id"], bot_id);

    let patched = o
        .admin
        .put(
            &format!("/api/v4/bots/{bot_id}"),
            json!({"description": "Builds"}),
        )
        .await
        .expect(200);
    assert_eq!(patched["description"], "Builds");
    assert_eq!(patched["username"], "buildbot");
    let list = o.admin.get("/api/v4/bots").await.expect(200);
    assert_eq!(list.as_array().unwrap().len(), 1);

    let bob = member(&server, &o, "bob").await;
    bob.post("/api/v4/bots", json!({"username": "mine"}))
        .await
        .expect(403);
    bob.get(&format!("/api/v4/bots/{bot_id}")).await.expect(404);
    o.admin
        .post(
            &format!("/api/v4/bots/{bot_id}/assign/{}", bob.user_id()),
            json!({}),
        )
        .await
        .expect(200);
    assert_eq!(
        bob.get(&format!("/api/v4/bots/{bot_id}")).await.expect(200)["owner_id"],
        bob.user_id()
    );

    // A disabled bot's token stops working.
    o.admin
        .post(&format!("/api/v4/bots/{bot_id}/disable"), json!({}))
        .await
        .expect(200);
    as_bot.get("/api/v4/users/me").await.expect(401);
}

async fn incoming_hook(admin: &Client, channel_id: &str, locked: bool) -> String {
    let hook = admin
        .post(
            "/api/v4/hooks/incoming",
            json!({"channel_id": channel_id, "display_name": "CI", "username": "ci",
                   "channel_locked": locked}),
        )
        .await
        .expect(201);
    assert_eq!(hook["channel_id"], channel_id);
    id(&hook)
}

async fn incoming_webhook_posts_slack_payloads(server: Server) {
    let o = office(&server).await;
    let hook = incoming_hook(&o.admin, &o.town_square, false).await;
    let anonymous = Client::new(&server.url);
    let url = format!("{}/hooks/{hook}", server.url);

    let attachment = json!({"fallback": "Build 42", "color": "#36a64f", "title": "Build 42",
                            "text": "passed", "fields": [{"title": "Branch", "value": "main", "short": true}]});
    let resp = anonymous
        .send(anonymous.http.post(&url).json(&json!({
            "text": "Deploy done", "username": "deployer", "icon_url": "https://example.com/i.png",
            "attachments": [attachment], "props": {"card": "x"}
        })))
        .await;
    assert_eq!(resp.status, 200, "{}", resp.body);
    assert_eq!(resp.body, "ok");
    let post = last_post(&o.admin, &o.town_square).await;
    assert_eq!(post["message"], "Deploy done");
    assert_eq!(post["user_id"], o.admin.user_id());
    assert_eq!(post["props"]["from_webhook"], "true");
    assert_eq!(post["props"]["override_username"], "deployer");
    assert_eq!(
        post["props"]["override_icon_url"],
        "https://example.com/i.png"
    );
    assert_eq!(post["props"]["attachments"][0]["title"], "Build 42");
    assert_eq!(post["props"]["card"], "x");

    // Form-encoded `payload=`, the hook's own username as the default override.
    let resp = anonymous
        .send(
            anonymous
                .http
                .post(&url)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body("payload=%7B%22text%22%3A%22from+a+form%22%7D"),
        )
        .await;
    assert_eq!(resp.status, 200, "{}", resp.body);
    let post = last_post(&o.admin, &o.town_square).await;
    assert_eq!(post["message"], "from a form");
    assert_eq!(post["props"]["override_username"], "ci");

    // Another channel of the team by name.
    let resp = anonymous
        .send(
            anonymous
                .http
                .post(&url)
                .json(&json!({"text": "over here", "channel": "off-topic"})),
        )
        .await;
    assert_eq!(resp.status, 200, "{}", resp.body);
    assert_eq!(
        last_post(&o.admin, &o.off_topic).await["message"],
        "over here"
    );

    // Bad payloads and unknown hooks in Mattermost's error shape.
    let resp = anonymous
        .send(anonymous.http.post(&url).body("{not json"))
        .await;
    assert_eq!(resp.status, 400);
    assert_eq!(resp.body["id"], "web.incoming_webhook.parse.app_error");
    let resp = anonymous
        .send(anonymous.http.post(&url).json(&json!({"text": ""})))
        .await;
    assert_eq!(resp.body["id"], "web.incoming_webhook.text.app_error");
    let unknown = format!("{}/hooks/{}", server.url, "a".repeat(26));
    let resp = anonymous
        .send(anonymous.http.post(&unknown).json(&json!({"text": "x"})))
        .await;
    assert_eq!(resp.status, 400);
    assert_eq!(resp.body["id"], "web.incoming_webhook.invalid.app_error");

    // A locked hook cannot be pointed elsewhere.
    let locked = incoming_hook(&o.admin, &o.town_square, true).await;
    let resp = anonymous
        .send(
            anonymous
                .http
                .post(format!("{}/hooks/{locked}", server.url))
                .json(&json!({"text": "x", "channel": "off-topic"})),
        )
        .await;
    assert_eq!(resp.status, 403);
    assert_eq!(
        resp.body["id"],
        "web.incoming_webhook.channel_locked.app_error"
    );

    // CRUD.
    let listed = o
        .admin
        .get(&format!("/api/v4/hooks/incoming?team_id={}", o.team_id))
        .await
        .expect(200);
    assert_eq!(listed.as_array().unwrap().len(), 2);
    let updated = o
        .admin
        .put(
            &format!("/api/v4/hooks/incoming/{hook}"),
            json!({"id": hook, "channel_id": o.off_topic, "display_name": "Renamed"}),
        )
        .await
        .expect(200);
    assert_eq!(updated["display_name"], "Renamed");
    assert_eq!(updated["channel_id"], o.off_topic);
    o.admin
        .delete(&format!("/api/v4/hooks/incoming/{hook}"))
        .await
        .expect(200);
    o.admin
        .get(&format!("/api/v4/hooks/incoming/{hook}"))
        .await
        .expect(404);
}

async fn webhook_permissions(server: Server) {
    let o = office(&server).await;
    let bob = member(&server, &o, "bob").await;
    bob.post(
        "/api/v4/hooks/incoming",
        json!({"channel_id": o.town_square}),
    )
    .await
    .expect(403);
    bob.post(
        "/api/v4/hooks/outgoing",
        json!({"team_id": o.team_id, "trigger_words": ["x"], "callback_urls": ["http://127.0.0.1:9/x"]}),
    )
    .await
    .expect(403);
    bob.post(
        "/api/v4/commands",
        json!({"team_id": o.team_id, "trigger": "x", "method": "P", "url": "http://127.0.0.1:9/x"}),
    )
    .await
    .expect(403);
    bob.get(&format!("/api/v4/hooks/incoming?team_id={}", o.team_id))
        .await
        .expect(403);

    // A team admin manages its team's hooks, but not for a private channel it is not in.
    let carol = member(&server, &o, "carol").await;
    o.admin
        .put(
            &format!(
                "/api/v4/teams/{}/members/{}/roles",
                o.team_id,
                carol.user_id()
            ),
            json!({"roles": "team_user team_admin"}),
        )
        .await
        .expect(200);
    carol
        .post(
            "/api/v4/hooks/incoming",
            json!({"channel_id": o.town_square}),
        )
        .await
        .expect(201);
    let secret = channel(&o.admin, &o.team_id, "secret", "P").await;
    carol
        .post("/api/v4/hooks/incoming", json!({"channel_id": secret}))
        .await
        .expect(403);

    // Only http(s) callbacks.
    o.admin
        .post(
            "/api/v4/hooks/outgoing",
            json!({"team_id": o.team_id, "trigger_words": ["x"], "callback_urls": ["file:///etc/passwd"]}),
        )
        .await
        .expect(400);
}

async fn outgoing_webhook_answers_and_never_slows_posting(server: Server) {
    let o = office(&server).await;
    let reply = json!({"text": "pong", "username": "pinger", "response_type": "comment"});
    let mut target = Target::start(Reply::Ok("application/json", reply.to_string())).await;
    let hook = o
        .admin
        .post(
            "/api/v4/hooks/outgoing",
            json!({"team_id": o.team_id, "display_name": "Ping", "trigger_words": ["ping"],
                   "trigger_when": 0, "callback_urls": [target.url], "username": "hooky"}),
        )
        .await
        .expect(201);
    let token = hook["token"].as_str().unwrap().to_owned();
    assert_eq!(hook["content_type"], "application/x-www-form-urlencoded");

    let bob = member(&server, &o, "bob").await;
    bob.post(
        "/api/v4/posts",
        json!({"channel_id": o.town_square, "message": "pings not matched"}),
    )
    .await
    .expect(201);
    let sent = bob
        .post(
            "/api/v4/posts",
            json!({"channel_id": o.town_square, "message": "ping the server"}),
        )
        .await
        .expect(201);
    let request = target.next_request().await;
    assert_eq!(request.method, "POST");
    let fields = form(&request.body);
    let get = |k: &str| {
        fields
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    assert_eq!(get("token"), token);
    assert_eq!(get("trigger_word"), "ping");
    assert_eq!(get("text"), "ping the server");
    assert_eq!(get("user_name"), "bob");
    assert_eq!(get("channel_name"), "town-square");
    assert_eq!(get("team_domain"), "office");
    assert_eq!(get("post_id"), id(&sent));

    // The answer is posted back in the thread as the hook's owner, under the override name.
    let mut answer = Value::Null;
    for _ in 0..50 {
        answer = last_post(&o.admin, &o.town_square).await;
        if answer["message"] == "pong" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(answer["message"], "pong", "{answer}");
    assert_eq!(answer["user_id"], o.admin.user_id());
    assert_eq!(answer["root_id"], id(&sent));
    assert_eq!(answer["props"]["override_username"], "pinger");
    assert_eq!(answer["props"]["from_webhook"], "true");

    // A target that never answers does not hold up posting.
    let mut slow = Target::start(Reply::Hang).await;
    o.admin
        .post(
            "/api/v4/hooks/outgoing",
            json!({"team_id": o.team_id, "channel_id": o.off_topic, "callback_urls": [slow.url],
                   "content_type": "application/json"}),
        )
        .await
        .expect(201);
    let started = Instant::now();
    for n in 0..3 {
        bob.post(
            "/api/v4/posts",
            json!({"channel_id": o.off_topic, "message": format!("hi {n}")}),
        )
        .await
        .expect(201);
    }
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "posting took {:?}",
        started.elapsed()
    );
    let request = slow.next_request().await;
    let body: Value = serde_json::from_str(&request.body).expect("JSON body");
    assert_eq!(body["trigger_word"], "");
    assert_eq!(body["channel_id"], o.off_topic);

    let regen = o
        .admin
        .post(
            &format!("/api/v4/hooks/outgoing/{}/regen_token", id(&hook)),
            json!({}),
        )
        .await
        .expect(200);
    assert_ne!(regen["token"], token);
}
