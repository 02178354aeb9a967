//! Users: profiles, passwords, deactivation, roles, sessions, MFA, the directory and avatars.

use hearth_e2e::{Server, on_both_backends};
use serde_json::{Value, json};

use crate::fixtures::{join_team, team_with};

on_both_backends!(
    profile_password_and_deactivation,
    sessions_are_listed_and_revoked,
    mfa_with_an_authenticator_app,
    directory_filters_and_guest_limits,
    login_attempts_are_rate_limited_and_locked,
    roles_and_avatars,
);

async fn profile_password_and_deactivation(server: Server) {
    let admin = server.admin().await;
    let ana = server.user(&admin, "ana").await;
    let id = ana.user_id();
    let patched = ana
        .put(
            "/api/v4/users/me/patch",
            json!({"first_name": "Ana", "nickname": "a", "props": {"k": "v"}}),
        )
        .await
        .expect(200);
    assert_eq!(patched["first_name"], "Ana");
    assert_eq!(patched["username"], "ana");
    // Someone else's profile: forbidden; a taken username: 400.
    let bob = server.user(&admin, "bob").await;
    assert_eq!(
        bob.put(
            &format!("/api/v4/users/{id}/patch"),
            json!({"nickname": "x"})
        )
        .await
        .status,
        403
    );
    assert_eq!(
        bob.put("/api/v4/users/me/patch", json!({"username": "ana"}))
            .await
            .status,
        400
    );
    // Others see the profile without private fields.
    let seen = bob.get(&format!("/api/v4/users/{id}")).await.expect(200);
    assert_eq!(seen["first_name"], "Ana");
    assert_eq!(seen["notify_props"], json!({}));
    // Password change needs the current password.
    let r = ana
        .put(
            "/api/v4/users/me/password",
            json!({"current_password": "wrong", "new_password": "new-password-1"}),
        )
        .await;
    assert_eq!(r.status, 400);
    ana.put(
        "/api/v4/users/me/password",
        json!({"current_password": "ana-password", "new_password": "new-password-1"}),
    )
    .await
    .expect(200);
    let mut again = server.anonymous();
    again.login("ana", "new-password-1").await;
    // Deactivation ends sessions and blocks login; an admin can reactivate.
    admin
        .delete(&format!("/api/v4/users/{id}"))
        .await
        .expect(200);
    assert_eq!(again.get("/api/v4/users/me").await.status, 401);
    let r = server
        .anonymous()
        .post(
            "/api/v4/users/login",
            json!({"login_id": "ana", "password": "new-password-1"}),
        )
        .await;
    assert_eq!(r.status, 401);
    assert_eq!(
        bob.put(
            &format!("/api/v4/users/{id}/active"),
            json!({"active": true})
        )
        .await
        .status,
        403
    );
    admin
        .put(
            &format!("/api/v4/users/{id}/active"),
            json!({"active": true}),
        )
        .await
        .expect(200);
    server.anonymous().login("ana", "new-password-1").await;
}

async fn sessions_are_listed_and_revoked(server: Server) {
    let admin = server.admin().await;
    let phone = server.user(&admin, "ana").await;
    let laptop = server.login("ana").await;
    phone
        .put(
            "/api/v4/users/sessions/device",
            json!({"device_id": "apple_rn:abc"}),
        )
        .await
        .expect(200);
    let sessions = laptop.get("/api/v4/users/me/sessions").await.expect(200);
    let sessions = sessions.as_array().unwrap();
    assert_eq!(sessions.len(), 2);
    assert!(
        sessions.iter().all(|s| s.get("token").is_none()),
        "tokens never listed"
    );
    let phone_session = sessions
        .iter()
        .find(|s| s["device_id"] == "apple_rn:abc")
        .expect("device registered");
    laptop
        .post(
            "/api/v4/users/me/sessions/revoke",
            json!({"session_id": phone_session["id"]}),
        )
        .await
        .expect(200);
    assert_eq!(phone.get("/api/v4/users/me").await.status, 401);
    laptop.get("/api/v4/users/me").await.expect(200);
    // Nobody else may list or revoke them.
    let bob = server.user(&admin, "bob").await;
    let ana_id = laptop.user_id();
    assert_eq!(
        bob.get(&format!("/api/v4/users/{ana_id}/sessions"))
            .await
            .status,
        403
    );
    assert_eq!(
        bob.post(
            &format!("/api/v4/users/{ana_id}/sessions/revoke/all"),
            json!({})
        )
        .await
        .status,
        403
    );
    laptop
        .post("/api/v4/users/me/sessions/revoke/all", json!({}))
        .await
        .expect(200);
    assert_eq!(laptop.get("/api/v4/users/me").await.status, 401);
}

fn totp_now(secret: &str) -> String {
    let bytes = totp_rs::Secret::Encoded(secret.to_owned())
        .to_bytes()
        .unwrap();
    totp_rs::TOTP::new(totp_rs::Algorithm::SHA1, 6, 1, 30, bytes, None, "x".into())
        .unwrap()
        .generate_current()
        .unwrap()
}

async fn mfa_with_an_authenticator_app(server: Server) {
    let admin = server.admin().await;
    let ana = server.user(&admin, "ana").await;
    let generated = ana
        .post("/api/v4/users/me/mfa/generate", json!({}))
        .await
        .expect(200);
    let secret = generated["secret"].as_str().unwrap().to_owned();
    assert!(generated["qr_code"].as_str().unwrap().len() > 100);
    let r = ana
        .put(
            "/api/v4/users/me/mfa",
            json!({"activate": true, "code": "000000"}),
        )
        .await;
    assert_eq!(r.status, 400);
    ana.put(
        "/api/v4/users/me/mfa",
        json!({"activate": true, "code": totp_now(&secret)}),
    )
    .await
    .expect(200);
    let required = server
        .anonymous()
        .post("/api/v4/users/mfa", json!({"login_id": "ana"}))
        .await
        .expect(200);
    assert_eq!(required["mfa_required"], true);
    // Without the code, or with a wrong one, login fails; with the current code it works.
    let anon = server.anonymous();
    let r = anon
        .post(
            "/api/v4/users/login",
            json!({"login_id": "ana", "password": "ana-password"}),
        )
        .await;
    assert_eq!(r.status, 401);
    assert_eq!(r.body["id"], "mfa.validate_token.authenticate.app_error");
    let r = anon
        .post(
            "/api/v4/users/login",
            json!({"login_id": "ana", "password": "ana-password", "token": "123456"}),
        )
        .await;
    assert_eq!(r.status, 401);
    let r = anon
        .post(
            "/api/v4/users/login",
            json!({"login_id": "ana", "password": "ana-password", "token": totp_now(&secret)}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    ana.put("/api/v4/users/me/mfa", json!({"activate": false}))
        .await
        .expect(200);
    server.anonymous().login("ana", "ana-password").await;
}

async fn directory_filters_and_guest_limits(server: Server) {
    let admin = server.admin().await;
    let tid = team_with(&admin, &[]).await;
    let tid = tid.as_str();
    let mut ids = Vec::new();
    for name in ["ana", "anatole", "bob", "gina"] {
        let c = server.user(&admin, name).await;
        ids.push(c.user_id());
    }
    for id in &ids[..3] {
        join_team(&admin, tid, id).await;
    }
    let usernames = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|u| u["username"].as_str().unwrap().to_owned())
            .collect()
    };
    let ana = server.login("ana").await;
    let in_team = ana
        .get(&format!("/api/v4/users?in_team={tid}&per_page=10"))
        .await
        .expect(200);
    assert_eq!(usernames(&in_team), ["admin", "ana", "anatole", "bob"]);
    let page = ana
        .get(&format!("/api/v4/users?in_team={tid}&per_page=2&page=1"))
        .await
        .expect(200);
    assert_eq!(usernames(&page), ["anatole", "bob"]);
    let found = ana
        .post(
            "/api/v4/users/search",
            json!({"term": "ana", "team_id": tid}),
        )
        .await
        .expect(200);
    assert_eq!(usernames(&found), ["ana", "anatole"]);
    // Each word of a term must start a name field: "anat" and "ana x" narrow it down.
    let found = ana
        .post(
            "/api/v4/users/search",
            json!({"term": "ana anat", "team_id": tid}),
        )
        .await
        .expect(200);
    assert_eq!(usernames(&found), ["anatole"]);
    let found = ana
        .post(
            "/api/v4/users/search",
            json!({"term": "ana zzz", "team_id": tid}),
        )
        .await
        .expect(200);
    assert_eq!(usernames(&found), Vec::<String>::new());
    let by_ids = ana
        .post("/api/v4/users/ids", json!([ids[0], ids[2]]))
        .await
        .expect(200);
    assert_eq!(usernames(&by_ids), ["ana", "bob"]);
    let by_names = ana
        .post("/api/v4/users/usernames", json!(["bob", "gina"]))
        .await
        .expect(200);
    assert_eq!(usernames(&by_names), ["bob", "gina"]);
    // Autocomplete in a channel splits members from other team members.
    let chan = admin
        .post(
            "/api/v4/channels",
            json!({"team_id": tid, "name": "plans", "display_name": "Plans", "type": "O"}),
        )
        .await
        .expect(201);
    let cid = chan["id"].as_str().unwrap();
    admin
        .post(
            &format!("/api/v4/channels/{cid}/members"),
            json!({"user_id": ids[0]}),
        )
        .await
        .expect(201);
    let auto = ana
        .get(&format!(
            "/api/v4/users/autocomplete?in_team={tid}&in_channel={cid}&name=ana"
        ))
        .await
        .expect(200);
    assert_eq!(usernames(&auto["users"]), ["ana"]);
    assert_eq!(usernames(&auto["out_of_channel"]), ["anatole"]);
    // gina becomes a guest: she sees only people she shares a channel with.
    admin
        .put(
            &format!("/api/v4/users/{}/roles", ids[3]),
            json!({"roles": "system_guest"}),
        )
        .await
        .expect(200);
    let gina = server.login("gina").await;
    let everyone = gina.get("/api/v4/users?per_page=200").await.expect(200);
    assert_eq!(usernames(&everyone), Vec::<String>::new());
    assert_eq!(
        gina.get(&format!("/api/v4/users/{}", ids[0])).await.status,
        404
    );
    assert_eq!(
        gina.get(&format!("/api/v4/users?in_team={tid}"))
            .await
            .status,
        403
    );
    // Bad filters are 400s.
    assert_eq!(ana.get("/api/v4/users?in_team=nope").await.status, 400);
    assert_eq!(
        ana.post("/api/v4/users/ids", json!(["bad"])).await.status,
        400
    );
    assert_eq!(
        ana.post("/api/v4/users/ids", json!({"not": "a list"}))
            .await
            .status,
        400
    );
}

async fn login_attempts_are_rate_limited_and_locked(server: Server) {
    let admin = server.admin().await;
    server.user(&admin, "ana").await;
    let anon = server.anonymous();
    let mut statuses = Vec::new();
    for _ in 0..12 {
        let r = anon
            .post(
                "/api/v4/users/login",
                json!({"login_id": "ana", "password": "wrong-password"}),
            )
            .await;
        statuses.push(r.status);
    }
    assert!(statuses.iter().all(|s| *s == 401), "{statuses:?}");
    // After MaximumLoginAttempts (10) failures the account is locked even for the right password.
    let r = anon
        .post(
            "/api/v4/users/login",
            json!({"login_id": "ana", "password": "ana-password"}),
        )
        .await;
    assert_eq!(r.status, 401);
    assert_eq!(
        r.body["id"],
        "api.user.check_user_login_attempts.too_many.app_error"
    );
    let mut limited = false;
    for _ in 0..30 {
        let r = anon
            .post(
                "/api/v4/users/login",
                json!({"login_id": "someone", "password": "wrong-password"}),
            )
            .await;
        limited |= r.status == 429;
    }
    assert!(
        limited,
        "a burst of attempts for one login id is rate limited"
    );
}

async fn roles_and_avatars(server: Server) {
    let admin = server.admin().await;
    let ana = server.user(&admin, "ana").await;
    let roles = ana
        .post(
            "/api/v4/roles/names",
            json!(["system_user", "channel_user", "nope"]),
        )
        .await
        .expect(200);
    let names: Vec<&str> = roles
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 2);
    assert!(roles[0]["permissions"].as_array().unwrap().len() > 3);
    ana.get("/api/v4/roles/name/channel_admin")
        .await
        .expect(200);
    assert_eq!(ana.get("/api/v4/roles/name/nope").await.status, 404);
    // Only admins change roles, and only to real roles.
    let id = ana.user_id();
    assert_eq!(
        ana.put(
            &format!("/api/v4/users/{id}/roles"),
            json!({"roles": "system_admin"})
        )
        .await
        .status,
        403
    );
    assert_eq!(
        admin
            .put(
                &format!("/api/v4/users/{id}/roles"),
                json!({"roles": "overlord"})
            )
            .await
            .status,
        400
    );
    let resp = ana
        .http
        .get(format!("{}/api/v4/users/{id}/image", server.url))
        .bearer_auth(ana.token.clone().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "image/png");
    assert_eq!(&resp.bytes().await.unwrap()[1..4], b"PNG");
}
