//! System endpoints, login and the error shape.

use hearth_e2e::{Server, on_both_backends};
use serde_json::json;

on_both_backends!(
    ping_config_and_license,
    first_user_is_admin_and_login_works,
    bad_input_gets_mattermost_errors
);

async fn ping_config_and_license(server: Server) {
    let anon = server.anonymous();
    let r = anon.get("/api/v4/system/ping").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["status"], "OK");
    let version = r.headers["x-version-id"].to_str().unwrap();
    assert!(version.starts_with("10.11."), "{version}");
    assert_eq!(r.headers["content-type"], "application/json");
    let config = anon
        .get("/api/v4/config/client?format=old")
        .await
        .expect(200);
    assert_eq!(config["Version"], "10.11.0");
    assert_eq!(config["NoAccounts"], "true");
    let license = anon
        .get("/api/v4/license/client?format=old")
        .await
        .expect(200);
    assert_eq!(license["IsLicensed"], "false");
}

async fn first_user_is_admin_and_login_works(server: Server) {
    let admin = server.admin().await;
    assert!(
        admin.user["roles"]
            .as_str()
            .unwrap()
            .contains("system_admin")
    );
    assert!(admin.user.get("password").is_none());
    let config = server
        .anonymous()
        .get("/api/v4/config/client?format=old")
        .await
        .expect(200);
    assert_eq!(config["NoAccounts"], "false");
    // Open sign-up is off by default: a second anonymous sign-up is refused.
    let r = server
        .anonymous()
        .post(
            "/api/v4/users",
            json!({"username": "bob", "email": "bob@example.com", "password": "bob-password"}),
        )
        .await;
    assert_eq!(r.status, 403, "{}", r.body);
    // Wrong password: 401 in Mattermost's shape.
    let r = server
        .anonymous()
        .post(
            "/api/v4/users/login",
            json!({"login_id": "admin", "password": "wrong-password"}),
        )
        .await;
    assert_eq!(r.status, 401);
    assert_eq!(r.body["status_code"], 401);
    let me = admin.get("/api/v4/users/me").await.expect(200);
    assert_eq!(me["username"], "admin");
    let limits = admin.get("/api/v4/limits/server").await.expect(200);
    assert_eq!(limits["activeUserCount"], 1);
    admin
        .post("/api/v4/users/logout", json!({}))
        .await
        .expect(200);
    assert_eq!(admin.get("/api/v4/users/me").await.status, 401);
}

async fn bad_input_gets_mattermost_errors(server: Server) {
    let anon = server.anonymous();
    let cases = [
        anon.send(
            anon.http
                .post(format!("{}/api/v4/users", server.url))
                .body("{not json"),
        )
        .await,
        anon.post("/api/v4/users", json!({"username": 5})).await,
        anon.post(
            "/api/v4/users",
            json!({"username": "Bad Name!", "email": "x@example.com", "password": "long-enough"}),
        )
        .await,
        anon.get("/api/v4/users/not-an-id").await,
        anon.get("/api/v4/no/such/route").await,
        anon.send(anon.http.put(format!("{}/api/v4/system/ping", server.url)))
            .await,
        anon.send(
            anon.http
                .post(format!("{}/api/v4/users", server.url))
                .body(vec![b' '; 2 << 20]),
        )
        .await,
    ];
    for r in cases {
        assert!((400..500).contains(&r.status), "{} {}", r.status, r.body);
        for field in ["id", "message", "request_id", "status_code"] {
            assert!(r.body.get(field).is_some(), "{field} missing in {}", r.body);
        }
        assert_eq!(r.body["status_code"], r.status);
    }
    assert!(server.log().lines().all(|l| !l.contains("panicked")));
}

on_both_backends!(cookie_sessions_need_csrf_proof);

/// A browser session (cookie) may read freely but must prove writes come from our own page.
async fn cookie_sessions_need_csrf_proof(server: Server) {
    server.admin().await;
    let jar = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let login = jar
        .post(format!("{}/api/v4/users/login", server.url))
        .json(&json!({"login_id": "admin", "password": "admin-password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
    let csrf = login
        .cookies()
        .find(|c| c.name() == "MMCSRF")
        .map(|c| c.value().to_owned())
        .expect("MMCSRF cookie");
    assert!(
        login
            .cookies()
            .any(|c| c.name() == "MMAUTHTOKEN" && c.http_only())
    );
    let me = jar
        .get(format!("{}/api/v4/users/me", server.url))
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
    let patch = |req: reqwest::RequestBuilder| req.json(&json!({"nickname": "n"})).send();
    let url = format!("{}/api/v4/users/me/patch", server.url);
    assert_eq!(
        patch(jar.put(&url)).await.unwrap().status(),
        401,
        "write without CSRF proof"
    );
    assert_eq!(
        patch(jar.put(&url).header("X-CSRF-Token", "wrong"))
            .await
            .unwrap()
            .status(),
        401
    );
    assert_eq!(
        patch(jar.put(&url).header("X-CSRF-Token", csrf))
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        patch(jar.put(&url).header("X-Requested-With", "XMLHttpRequest"))
            .await
            .unwrap()
            .status(),
        200
    );
}
