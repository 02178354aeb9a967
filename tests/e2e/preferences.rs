//! Preferences: save, read, delete, and isolation between users.

use hearth_e2e::{Server, on_both_backends};
use serde_json::json;

on_both_backends!(preferences_round_trip_and_isolation);

async fn preferences_round_trip_and_isolation(server: Server) {
    let admin = server.admin().await;
    let bob = server.user(&admin, "bob").await;
    let carol = server.user(&admin, "carol").await;
    let me = bob.user_id();
    let prefs = json!([
        {"user_id": me, "category": "display_settings", "name": "use_military_time", "value": "true"},
        {"user_id": me, "category": "theme", "name": "", "value": "{\"sidebarBg\":\"#145dbf\"}"},
        {"user_id": me, "category": "display_settings", "name": "collapsed_reply_threads", "value": "off"},
    ]);
    let ok = bob
        .put("/api/v4/users/me/preferences", prefs)
        .await
        .expect(200);
    assert_eq!(ok["status"], "OK");
    let all = bob.get("/api/v4/users/me/preferences").await.expect(200);
    assert_eq!(all.as_array().unwrap().len(), 3);
    // Upsert replaces the value.
    bob.put(
        &format!("/api/v4/users/{me}/preferences"),
        json!([{"user_id": me, "category": "display_settings", "name": "use_military_time", "value": "false"}]),
    )
    .await
    .expect(200);
    let one = bob
        .get("/api/v4/users/me/preferences/display_settings/name/use_military_time")
        .await
        .expect(200);
    assert_eq!(one["value"], "false");
    let category = bob
        .get("/api/v4/users/me/preferences/display_settings")
        .await
        .expect(200);
    assert_eq!(category.as_array().unwrap().len(), 2);
    // Delete one.
    bob.post(
        "/api/v4/users/me/preferences/delete",
        json!([{"user_id": me, "category": "display_settings", "name": "use_military_time", "value": ""}]),
    )
    .await
    .expect(200);
    let r = bob
        .get("/api/v4/users/me/preferences/display_settings/name/use_military_time")
        .await;
    assert_eq!(r.status, 404);

    // Carol sees only her own (none) and cannot read or write bob's.
    let theirs = carol.get("/api/v4/users/me/preferences").await.expect(200);
    assert_eq!(theirs, json!([]));
    assert_eq!(
        carol
            .get(&format!("/api/v4/users/{me}/preferences"))
            .await
            .status,
        403
    );
    let forged = json!([{"user_id": me, "category": "theme", "name": "", "value": "{}"}]);
    assert_eq!(
        carol
            .put(&format!("/api/v4/users/{me}/preferences"), forged.clone())
            .await
            .status,
        403
    );
    assert_eq!(
        carol
            .put("/api/v4/users/me/preferences", forged)
            .await
            .status,
        403
    );
    // A system admin may read them.
    let seen = admin
        .get(&format!("/api/v4/users/{me}/preferences"))
        .await
        .expect(200);
    assert_eq!(seen.as_array().unwrap().len(), 2);

    // Bad input.
    let too_many: Vec<_> = (0..101)
        .map(|i| json!({"user_id": me, "category": "c", "name": format!("n{i}"), "value": "v"}))
        .collect();
    let cases = [
        json!(too_many),
        json!([{"user_id": me, "category": "", "name": "n", "value": "v"}]),
        json!([{"user_id": me, "category": "c".repeat(33), "name": "n", "value": "v"}]),
        json!([{"user_id": me, "category": "theme", "name": "", "value": "not json"}]),
        json!([{"user_id": me, "category": "c", "name": "n", "value": 5}]),
        json!({"user_id": me}),
        json!([]),
    ];
    for body in cases {
        let r = bob.put("/api/v4/users/me/preferences", body).await;
        assert_eq!(r.status, 400, "{}", r.body);
    }
    assert_eq!(bob.get("/api/v4/users/bad/preferences").await.status, 400);
}
