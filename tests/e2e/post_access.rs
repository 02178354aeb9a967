//! Posts: who may read, post and react in a private channel, and bad input getting 4xx errors.

use hearth_e2e::{Server, on_both_backends};
use serde_json::json;

use super::posts::office;
use crate::fixtures::{channel, id, post};

on_both_backends!(
    non_members_cannot_read_post_or_react,
    bad_post_input_is_rejected
);

async fn non_members_cannot_read_post_or_react(server: Server) {
    let o = office(&server).await;
    let secret = channel(&o.admin, &o.team_id, "secret", "P").await;
    let p = post(&o.admin, &secret, "classified", "").await;
    let pid = id(&p);
    let r = o
        .bob
        .post(
            "/api/v4/posts",
            json!({"channel_id": secret, "message": "let me in"}),
        )
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(o.bob.get(&format!("/api/v4/posts/{pid}")).await.status, 403);
    assert_eq!(
        o.bob
            .get(&format!("/api/v4/channels/{secret}/posts"))
            .await
            .status,
        403
    );
    assert_eq!(
        o.bob
            .get(&format!("/api/v4/posts/{pid}/thread"))
            .await
            .status,
        403
    );
    assert_eq!(
        o.bob
            .get(&format!("/api/v4/posts/{pid}/reactions"))
            .await
            .status,
        403
    );
    assert_eq!(
        o.bob
            .get(&format!("/api/v4/channels/{secret}/pinned"))
            .await
            .status,
        403
    );
    let r = o
        .bob
        .post(
            "/api/v4/reactions",
            json!({"user_id": o.bob.user_id(), "post_id": pid, "emoji_name": "eyes"}),
        )
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(
        o.bob
            .post(&format!("/api/v4/posts/{pid}/pin"), json!({}))
            .await
            .status,
        403
    );
    assert_eq!(
        o.bob.delete(&format!("/api/v4/posts/{pid}")).await.status,
        403
    );
    let r = o
        .bob
        .post(
            &format!("/api/v4/users/me/posts/{pid}/set_unread"),
            json!({}),
        )
        .await;
    assert_eq!(r.status, 403);
    // By-ids endpoints leave out what bob cannot read.
    let by_ids = o
        .bob
        .post("/api/v4/posts/ids", json!([pid]))
        .await
        .expect(200);
    assert_eq!(by_ids, json!([]));
    let bulk = o
        .bob
        .post("/api/v4/posts/ids/reactions", json!([pid]))
        .await
        .expect(200);
    assert_eq!(bulk, json!({}));
}

async fn bad_post_input_is_rejected(server: Server) {
    let o = office(&server).await;
    let cid = o.channel_id.as_str();
    let cases = [
        json!({"channel_id": cid, "message": "x".repeat(16384)}),
        json!({"channel_id": cid, "message": 5}),
        json!({"channel_id": "nope", "message": "x"}),
        json!({"channel_id": cid, "message": "x", "props": "str"}),
        json!({"channel_id": cid, "message": "x", "file_ids": vec!["a".repeat(26); 11]}),
        json!({"channel_id": cid, "message": "x", "file_ids": ["../etc"]}),
        json!({"channel_id": cid, "message": "x", "type": "system_join_channel"}),
        json!({"channel_id": cid, "message": "x", "props": {"big": "y".repeat(800_001)}}),
    ];
    for body in cases {
        let r = o.bob.post("/api/v4/posts", body).await;
        assert!((400..500).contains(&r.status), "{}", r.body);
        assert!(
            r.body["id"].is_string(),
            "Mattermost error shape: {}",
            r.body
        );
    }
    let r = o
        .bob
        .request(reqwest::Method::POST, "/api/v4/posts", None)
        .await;
    assert_eq!(r.status, 400);
    let r = o
        .bob
        .send(
            o.bob
                .http
                .post(format!("{}/api/v4/posts", o.bob.base))
                .bearer_auth(o.bob.token.clone().unwrap())
                .body("{not json"),
        )
        .await;
    assert_eq!(r.status, 400);
    // Exactly the maximum size is fine.
    let r = o
        .bob
        .post(
            "/api/v4/posts",
            json!({"channel_id": cid, "message": "x".repeat(16383)}),
        )
        .await;
    assert_eq!(r.status, 201);
    // Unknown or malformed ids and parameters.
    let unknown = "a".repeat(26);
    assert_eq!(
        o.bob.get(&format!("/api/v4/posts/{unknown}")).await.status,
        404
    );
    assert_eq!(o.bob.get("/api/v4/posts/short").await.status, 400);
    assert_eq!(
        o.bob
            .get(&format!("/api/v4/channels/{cid}/posts?page=x"))
            .await
            .status,
        400
    );
    assert_eq!(
        o.bob
            .get(&format!("/api/v4/channels/{cid}/posts?before=zz"))
            .await
            .status,
        400
    );
    let r = o
        .bob
        .get(&format!("/api/v4/channels/{cid}/posts?after={unknown}"))
        .await;
    assert_eq!(r.status, 404);
    let r = o
        .bob
        .put(
            &format!("/api/v4/posts/{unknown}/patch"),
            json!({"message": "x"}),
        )
        .await;
    assert_eq!(r.status, 404);
    let r = o.bob.post("/api/v4/posts/ids", json!(["bad"])).await;
    assert_eq!(r.status, 400);
    let r = o
        .bob
        .post("/api/v4/posts/ids", json!({"not": "a list"}))
        .await;
    assert_eq!(r.status, 400);
    for emoji in ["", "bad name", &"a".repeat(65)] {
        let r = o
            .bob
            .post(
                "/api/v4/reactions",
                json!({"user_id": o.bob.user_id(), "post_id": unknown, "emoji_name": emoji}),
            )
            .await;
        assert_eq!(r.status, 400, "emoji {emoji:?}");
    }
    let r = o
        .bob
        .post(
            "/api/v4/reactions",
            json!({"user_id": o.bob.user_id(), "post_id": unknown, "emoji_name": "smile"}),
        )
        .await;
    assert_eq!(r.status, 404);
}
