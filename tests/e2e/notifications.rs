//! Notifications outside the app, each received by a real receiver on loopback: email through an
//! SMTP server (aiosmtpd), Web Push decrypted with the subscription's private key, and the
//! Mattermost push proxy format; failures retried, then given up and logged.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use hearth_e2e::fixtures::{self, id, post};
use hearth_e2e::{Backend, Client, HttpSink, Server, SmtpSink, WsClient, on_each_backend};
use serde_json::{Value, json};

on_each_backend!(
    mentions_email_offline_users_once_per_batch,
    web_push_arrives_encrypted_and_signed,
    push_proxy_gets_mattermost_pushes_and_failures_are_retried_then_logged,
    queued_email_survives_a_restart,
);

/// A server that notifies quickly: 2 s email batches, fast retries, loopback push endpoints.
async fn start(backend: Backend, extra: &[(&str, &str)]) -> Server {
    let mut env = vec![
        ("HEARTH_SERVICESETTINGS_SITEURL", "http://chat.test"),
        ("HEARTH_EMAILSETTINGS_EMAILBATCHINGINTERVAL", "2"),
        ("HEARTH_EMAILSETTINGS_FEEDBACKEMAIL", "hearth@example.com"),
        (
            "HEARTH_NOTIFICATIONSETTINGS_ALLOWINSECUREPUSHENDPOINTS",
            "true",
        ),
        ("HEARTH_NOTIFICATIONSETTINGS_RETRYBASEMILLISECONDS", "300"),
        ("HEARTH_NOTIFICATIONSETTINGS_MAXATTEMPTS", "3"),
    ];
    env.extend_from_slice(extra);
    Server::start_with(backend, &env).await
}

async fn set_channel_props(client: &Client, channel_id: &str, props: Value) {
    let uid = client.user_id();
    client
        .put(
            &format!("/api/v4/channels/{channel_id}/members/{uid}/notify_props"),
            props,
        )
        .await
        .expect(200);
}

/// The value of `header` in a raw email, unfolded.
fn header(mail: &str, name: &str) -> String {
    let head = mail.split("\n\n").next().unwrap_or("").replace("\n ", " ");
    head.lines()
        .find_map(|l| l.strip_prefix(&format!("{name}: ")))
        .unwrap_or("")
        .trim()
        .to_owned()
}

async fn mentions_email_offline_users_once_per_batch(backend: Backend) {
    let smtp = SmtpSink::start().await;
    let port = smtp.port.to_string();
    // Long enough for all the posts below to fall into one batch on a slow machine.
    let server = start(
        backend,
        &[
            ("HEARTH_EMAILSETTINGS_SENDEMAILNOTIFICATIONS", "true"),
            ("HEARTH_EMAILSETTINGS_SMTPSERVER", "127.0.0.1"),
            ("HEARTH_EMAILSETTINGS_SMTPPORT", &port),
            ("HEARTH_EMAILSETTINGS_EMAILBATCHINGINTERVAL", "5"),
        ],
    )
    .await;
    let office = fixtures::office(&server).await;
    let town = &office.town_square;
    let bob = fixtures::member(&server, &office, "bob").await;
    let carol = fixtures::member(&server, &office, "carol").await;
    let dave = fixtures::member(&server, &office, "dave").await;
    let erin = fixtures::member(&server, &office, "erin").await;
    let frank = fixtures::member(&server, &office, "frank").await;

    // Carol is online (connected); dave turned email off; erin muted the channel.
    let _carol_ws = WsClient::connect(&server.url, carol.token.as_deref().unwrap(), "").await;
    let carol_id = carol.user_id();
    for _ in 0..50 {
        let s = carol
            .get(&format!("/api/v4/users/{carol_id}/status"))
            .await
            .expect(200);
        if s["status"] == "online" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let dave_id = dave.user_id();
    dave.put(
        &format!("/api/v4/users/{dave_id}/patch"),
        json!({"notify_props": {"email": "false", "push": "mention"}}),
    )
    .await
    .expect(200);
    set_channel_props(&erin, town, json!({"mark_unread": "mention"})).await;
    // Settings are checked.
    erin.put(
        &format!(
            "/api/v4/channels/{town}/members/{}/notify_props",
            erin.user_id()
        ),
        json!({"push": "sometimes"}),
    )
    .await
    .expect(400);

    let admin = &office.admin;
    let mut posts = vec![];
    for text in [
        "@bob @carol @dave @erin @frank standup?",
        "@bob the build is red",
        "not a mention",
    ] {
        posts.push(id(&post(admin, town, text, "").await));
        if posts.len() == 1 {
            // Frank reads the channel before his batch goes out: nothing left to email him.
            frank
                .post(
                    "/api/v4/channels/members/me/view",
                    json!({"channel_id": town}),
                )
                .await
                .expect(200);
        }
    }
    let dm = admin
        .post(
            "/api/v4/channels/direct",
            json!([admin.user_id(), bob.user_id()]),
        )
        .await
        .expect(201);
    posts.push(id(
        &post(admin, &id(&dm), "psst, a direct message", "").await
    ));

    // One email, to bob only (carol is online, dave and erin opted out, frank read it),
    // listing the two mentions and the direct message.
    smtp.wait_for(1, 30).await;
    // Later batches would have arrived by now.
    tokio::time::sleep(Duration::from_secs(7)).await;
    let mails = smtp.messages();
    assert_eq!(mails.len(), 1, "one batched email: {mails:#?}");
    let mail = &mails[0];
    assert_eq!(header(mail, "X-RcptTo"), "bob@example.com");
    assert!(
        header(mail, "Subject").contains("3 new notifications"),
        "{mail}"
    );
    assert!(header(mail, "From").contains("hearth@example.com"));
    assert!(mail.contains("standup?") && mail.contains("the build is red"));
    assert!(mail.contains("psst, a direct message") && !mail.contains("not a mention"));
    assert!(
        mail.contains(&format!("http://chat.test/office/pl/{}", posts[0])),
        "{mail}"
    );
    assert!(mail.contains(&format!("http://chat.test/_redirect/pl/{}", posts[3])));
    assert_eq!(
        header(mail, "List-Unsubscribe-Post"),
        "List-Unsubscribe=One-Click"
    );

    // The one-click unsubscribe link turns bob's email notifications off; a forged one does not.
    let link = header(mail, "List-Unsubscribe");
    let link = link
        .trim_matches(['<', '>'])
        .replace("http://chat.test", &server.url);
    let http = reqwest::Client::new();
    let forged = format!("{}&token=AAAA", link.split("&token=").next().unwrap());
    assert_eq!(http.post(&forged).send().await.unwrap().status(), 400);
    assert_eq!(http.get(&link).send().await.unwrap().status(), 200);
    assert_eq!(http.post(&link).send().await.unwrap().status(), 200);
    let me = bob.get("/api/v4/users/me").await.expect(200);
    assert_eq!(me["notify_props"]["email"], "false");

    // Now nobody wants email: another mention sends nothing.
    post(admin, town, "@bob are you there?", "").await;
    tokio::time::sleep(Duration::from_secs(7)).await;
    assert_eq!(smtp.messages().len(), 1);

    let config = server
        .anonymous()
        .get("/api/v4/config/client?format=old")
        .await
        .expect(200);
    assert_eq!(config["SendEmailNotifications"], "true");
}

async fn web_push_arrives_encrypted_and_signed(backend: Backend) {
    use p256::ecdsa::signature::Verifier;
    use p256::ecdsa::{Signature, VerifyingKey};

    let push = HttpSink::start().await;
    let server = start(backend, &[]).await;
    let office = fixtures::office(&server).await;
    let bob = fixtures::member(&server, &office, "bob").await;
    let vapid = bob
        .get("/api/v4/hearth/webpush/vapid_public_key")
        .await
        .expect(200);
    let vapid = vapid["public_key"].as_str().unwrap().to_owned();
    assert_eq!(B64.decode(&vapid).unwrap().len(), 65);

    let (keys, auth) = ece::generate_keypair_and_auth_secret().unwrap();
    let components = keys.raw_components().unwrap();
    let endpoint = format!("{}/push/bob", push.url);
    let subscription = |endpoint: &str, p256dh: &str| json!({"endpoint": endpoint, "keys": {"p256dh": p256dh, "auth": B64.encode(auth)}});
    let p256dh = B64.encode(components.public_key());
    let path = "/api/v4/hearth/webpush/subscriptions";
    bob.post(path, subscription("ftp://127.0.0.1/x", &p256dh))
        .await
        .expect(400);
    bob.post(path, subscription(&endpoint, "AAAA"))
        .await
        .expect(400);
    bob.post(path, subscription(&endpoint, &p256dh))
        .await
        .expect(201);

    let admin = &office.admin;
    let sent = post(admin, &office.town_square, "@bob lunch at noon?", "").await;
    post(admin, &office.town_square, "no mention here", "").await;
    let got = push.wait_for(1, 20).await;
    let req = &got[0];
    assert_eq!(req.path, "/push/bob");
    assert_eq!(req.headers["content-encoding"], "aes128gcm");
    assert!(req.headers.contains_key("ttl"));

    // VAPID (RFC 8292): an ES256 JWT for this push service, signed by the server's key.
    let auth_header = req.headers["authorization"].to_str().unwrap();
    let (jwt, k) = auth_header
        .strip_prefix("vapid t=")
        .and_then(|r| r.split_once(", k="))
        .expect("vapid t=..., k=...");
    assert_eq!(k, vapid);
    let (signed, signature) = jwt.rsplit_once('.').unwrap();
    let key = VerifyingKey::from_sec1_bytes(&B64.decode(k).unwrap()).unwrap();
    let signature = Signature::from_slice(&B64.decode(signature).unwrap()).unwrap();
    key.verify(signed.as_bytes(), &signature)
        .expect("VAPID signature verifies");
    let claims: Value =
        serde_json::from_slice(&B64.decode(signed.split('.').nth(1).unwrap()).unwrap()).unwrap();
    assert_eq!(claims["aud"], push.url);
    assert!(claims["exp"].as_i64().unwrap() > 0);
    assert_eq!(claims["sub"], "mailto:hearth@example.com");

    // RFC 8291: only the subscription's private key opens it.
    let plain = ece::decrypt(&components, &auth, &req.body).expect("payload decrypts");
    let payload: Value = serde_json::from_slice(&plain).unwrap();
    assert_eq!(payload["body"], "@bob lunch at noon?");
    assert_eq!(payload["post_id"], sent["id"]);
    assert_eq!(payload["channel_id"], office.town_square.as_str());
    assert!(payload["title"].as_str().unwrap().contains("admin"));
    assert_eq!(
        payload["url"],
        format!("http://chat.test/office/pl/{}", id(&sent))
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(push.received().len(), 1, "no push without a mention");

    // A push service that says the subscription is gone (410) makes the server forget it.
    push.respond(410, "");
    post(admin, &office.town_square, "@bob again", "").await;
    push.wait_for(2, 20).await;
    for _ in 0..50 {
        if server.log().contains("subscription is gone") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    bob.request(
        reqwest::Method::DELETE,
        path,
        Some(json!({"endpoint": endpoint})),
    )
    .await
    .expect(404);
}

async fn push_proxy_gets_mattermost_pushes_and_failures_are_retried_then_logged(backend: Backend) {
    let proxy = HttpSink::start().await;
    proxy.respond(200, r#"{"status":"OK"}"#);
    let server = start(
        backend,
        &[
            ("HEARTH_EMAILSETTINGS_SENDPUSHNOTIFICATIONS", "true"),
            ("HEARTH_EMAILSETTINGS_PUSHNOTIFICATIONSERVER", &proxy.url),
        ],
    )
    .await;
    let office = fixtures::office(&server).await;
    let bob = fixtures::member(&server, &office, "bob").await;
    let phone = server.login("bob").await;
    phone
        .put(
            "/api/v4/users/sessions/device",
            json!({"device_id": "android_rn:DEVICE123"}),
        )
        .await
        .expect(200);
    let ping = phone
        .get("/api/v4/system/ping?device_id=android_rn:DEVICE123")
        .await
        .expect(200);
    assert_eq!(ping["CanReceiveNotifications"], "true");

    let admin = &office.admin;
    let sent = post(admin, &office.town_square, "@bob deploy done", "").await;
    let got = proxy.wait_for(1, 20).await;
    assert_eq!(got[0].path, "/api/v1/send_push");
    let msg: Value = serde_json::from_slice(&got[0].body).unwrap();
    assert_eq!(msg["platform"], "android_rn");
    assert_eq!(msg["device_id"], "DEVICE123");
    assert_eq!(msg["type"], "message");
    assert_eq!(msg["version"], "v2");
    assert_eq!(msg["category"], "CAN_REPLY");
    assert_eq!(msg["post_id"], sent["id"]);
    assert_eq!(msg["channel_id"], office.town_square.as_str());
    assert_eq!(msg["team_id"], office.team_id.as_str());
    assert_eq!(msg["sender_id"], admin.user_id());
    assert_eq!(msg["sender_name"], "admin");
    assert_eq!(msg["channel_name"], "Town Square");
    assert_eq!(msg["message"], "@admin: @bob deploy done");
    assert_eq!(msg["badge"], 1);
    assert_eq!(msg["server_id"].as_str().unwrap().len(), 26);

    // Reading the channel clears its notifications from the phone.
    bob.post(
        "/api/v4/channels/members/me/view",
        json!({"channel_id": office.town_square}),
    )
    .await
    .expect(200);
    let got = proxy.wait_for(2, 20).await;
    let clear: Value = serde_json::from_slice(&got[1].body).unwrap();
    assert_eq!(clear["type"], "clear");
    assert_eq!(clear["channel_id"], office.town_square.as_str());
    assert_eq!(clear["device_id"], "DEVICE123");

    // A failing proxy: tried MaxAttempts (3) times with back-off, then given up and logged.
    proxy.respond(503, "");
    post(
        admin,
        &office.town_square,
        "@bob while the proxy is down",
        "",
    )
    .await;
    proxy.wait_for(5, 30).await;
    for _ in 0..100 {
        if server.log().contains("notification given up") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let log = server.log();
    let given_up = log
        .lines()
        .find(|l| l.contains("notification given up"))
        .expect("the failure is logged");
    assert!(given_up.contains("attempts=3"), "{given_up}");
    assert!(given_up.contains("what_to_do"), "{given_up}");
    assert!(log.contains("will retry"));
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(proxy.received().len(), 5, "no attempt after giving up");
}

/// The queue is a table: an email still collecting its batch when the server is killed is sent
/// by the restarted server.
async fn queued_email_survives_a_restart(backend: Backend) {
    let smtp = SmtpSink::start().await;
    let port = smtp.port.to_string();
    let mut server = start(
        backend,
        &[
            ("HEARTH_EMAILSETTINGS_SENDEMAILNOTIFICATIONS", "true"),
            ("HEARTH_EMAILSETTINGS_SMTPSERVER", "127.0.0.1"),
            ("HEARTH_EMAILSETTINGS_SMTPPORT", &port),
            ("HEARTH_EMAILSETTINGS_EMAILBATCHINGINTERVAL", "5"),
        ],
    )
    .await;
    let office = fixtures::office(&server).await;
    fixtures::member(&server, &office, "bob").await;
    post(
        &office.admin,
        &office.town_square,
        "@bob before the restart",
        "",
    )
    .await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert!(smtp.messages().is_empty(), "still collecting the batch");
    server.restart().await;
    let mails = smtp.wait_for(1, 30).await;
    assert_eq!(header(&mails[0], "X-RcptTo"), "bob@example.com");
    assert!(mails[0].contains("before the restart"));
}
