//! What the web client's admin console and profile pages need: live server settings
//! (`GET /config`, `PUT /config/patch`), profile pictures, and invite-link lookup.

use hearth_e2e::fixtures::{channel, id, member, office};
use hearth_e2e::{Server, on_both_backends};
use reqwest::multipart::{Form, Part};
use serde_json::json;

use crate::files::{authed, fixtures_png, get_bytes};

on_both_backends!(
    admins_change_live_settings_and_they_persist,
    profile_pictures_upload_and_reset,
    invite_links_name_their_team,
    admins_manage_private_channels_and_archived_teams,
    sessions_say_which_browser_signed_in
);

async fn admins_change_live_settings_and_they_persist(mut server: Server) {
    let office = office(&server).await;
    let admin = &office.admin;
    let ana = member(&server, &office, "ana").await;
    assert_eq!(ana.get("/api/v4/config").await.status, 403);
    let config = admin.get("/api/v4/config").await.expect(200);
    assert_eq!(config["TeamSettings"]["EnableOpenServer"], false);

    let patch = json!({
        "ServiceSettings": {"SiteURL": "https://chat.example.com"},
        "TeamSettings": {"EnableOpenServer": true},
        "FileSettings": {"MaxFileSize": 1000},
        "UnknownSettings": {"X": 1},
    });
    assert_eq!(
        ana.put("/api/v4/config/patch", patch.clone()).await.status,
        403
    );
    let config = admin.put("/api/v4/config/patch", patch).await.expect(200);
    assert_eq!(config["FileSettings"]["MaxFileSize"], 1000);
    // In effect at once: clients see it, and uploads follow it.
    let client = server
        .anonymous()
        .get("/api/v4/config/client?format=old")
        .await
        .expect(200);
    assert_eq!(client["MaxFileSize"], "1000");
    assert_eq!(client["SiteURL"], "https://chat.example.com");
    let form = Form::new()
        .text("channel_id", office.town_square.clone())
        .part("files", Part::bytes(vec![7u8; 2000]).file_name("big.bin"));
    let req = authed(
        admin,
        admin.http.post(format!("{}/api/v4/files", admin.base)),
    )
    .multipart(form);
    assert_eq!(admin.send(req).await.status, 413);

    // Settings read only at start, bad values and a non-object are refused; nothing changes.
    for (bad, id) in [
        (
            json!({"SqlSettings": {"MaxOpenConns": 3}}),
            "api.config.update.read_only",
        ),
        (
            json!({"FileSettings": {"MaxFileSize": 0}}),
            "api.config.update.invalid",
        ),
        (
            json!({"ServiceSettings": {"SiteURL": "chat.example.com"}}),
            "api.config.update.invalid",
        ),
        (
            json!({"FileSettings": {"MaxFileSize": "big"}}),
            "api.config.update.invalid",
        ),
        (json!([1, 2]), "api.config.patch.invalid"),
    ] {
        let r = admin.put("/api/v4/config/patch", bad.clone()).await;
        assert_eq!(r.status, 400, "{bad} was accepted");
        assert_eq!(r.body["id"], id);
    }
    // Secrets never leave the server, and sending the mask back changes nothing.
    let config = admin.get("/api/v4/config").await.expect(200);
    let source = config["SqlSettings"]["DataSource"].as_str().unwrap();
    assert!(source.is_empty() || source.starts_with("****"), "{source}");
    let r = admin.put("/api/v4/config", config).await;
    assert_eq!(r.status, 200, "{}", r.body);

    server.restart().await;
    let client = server
        .anonymous()
        .get("/api/v4/config/client?format=old")
        .await
        .expect(200);
    assert_eq!(client["MaxFileSize"], "1000");
    assert_eq!(client["EnableOpenServer"], "true");
}

async fn profile_pictures_upload_and_reset(server: Server) {
    let office = office(&server).await;
    let admin = &office.admin;
    let ana = member(&server, &office, "ana").await;
    let ana_id = ana.user_id();
    let path = format!("/api/v4/users/{ana_id}/image");
    let (_, _, default_png) = get_bytes(&ana, &path, None).await;

    let upload = |who: &hearth_e2e::Client, bytes: Vec<u8>| {
        let form = Form::new().part("image", Part::bytes(bytes).file_name("me.png"));
        let req = authed(who, who.http.post(format!("{}{path}", who.base))).multipart(form);
        (who.clone(), req)
    };
    let (who, req) = upload(&ana, fixtures_png(300, 200));
    who.send(req).await.expect(200);
    let (status, headers, picture) = get_bytes(admin, &path, None).await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "image/png");
    assert_ne!(picture, default_png);
    let reader = png::Decoder::new(std::io::Cursor::new(&picture))
        .read_info()
        .unwrap();
    assert_eq!((reader.info().width, reader.info().height), (256, 256));
    let me = ana.get("/api/v4/users/me").await.expect(200);
    assert!(me["last_picture_update"].as_i64().unwrap() > 0);

    // Not an image, someone else's picture, too large: refused.
    let (who, req) = upload(&ana, b"<svg onload=alert(1)>".to_vec());
    assert_eq!(who.send(req).await.status, 400);
    let bob = member(&server, &office, "bob").await;
    let (who, req) = upload(&bob, fixtures_png(10, 10));
    assert_eq!(who.send(req).await.status, 403);
    let (who, req) = upload(&ana, vec![0u8; (10 << 20) + 1024]);
    let r = who.send(req).await;
    assert_eq!(r.status, 413, "{}", r.body);

    ana.delete(&path).await.expect(200);
    let (_, _, after_reset) = get_bytes(&ana, &path, None).await;
    assert_eq!(after_reset, default_png);
    let me = ana.get("/api/v4/users/me").await.expect(200);
    assert!(me["last_picture_update"].as_i64().unwrap() < 0);
}

async fn invite_links_name_their_team(server: Server) {
    let office = office(&server).await;
    let team = office
        .admin
        .get(&format!("/api/v4/teams/{}", office.team_id))
        .await
        .expect(200);
    let invite = team["invite_id"].as_str().unwrap();
    let anon = server.anonymous();
    let shown = anon
        .get(&format!("/api/v4/teams/invite/{invite}"))
        .await
        .expect(200);
    assert_eq!(shown["display_name"], team["display_name"]);
    assert!(shown.get("invite_id").is_none() && shown.get("email").is_none());
    let r = anon.get("/api/v4/teams/invite/nosuchinvite").await;
    assert_eq!(r.status, 400);
    assert_eq!(r.body["id"], "api.team.invite_id.invalid");
}

async fn admins_manage_private_channels_and_archived_teams(server: Server) {
    let office = office(&server).await;
    let admin = &office.admin;
    let ana = member(&server, &office, "ana").await;
    let secret = channel(&ana, &office.team_id, "secret", "P").await;
    let listed = admin
        .get(&format!(
            "/api/v4/teams/{}/channels/private",
            office.team_id
        ))
        .await
        .expect(200);
    assert_eq!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .map(id)
            .collect::<Vec<_>>(),
        vec![secret.clone()]
    );
    let r = ana
        .get(&format!(
            "/api/v4/teams/{}/channels/private",
            office.team_id
        ))
        .await;
    assert_eq!(r.status, 403);

    // A member may make a channel private; only admins may open a private one to everyone.
    let open = channel(&ana, &office.team_id, "plans", "O").await;
    let privacy = |c: &str| format!("/api/v4/channels/{c}/privacy");
    let made = ana
        .put(&privacy(&open), json!({"privacy": "P"}))
        .await
        .expect(200);
    assert_eq!(made["type"], "P");
    assert_eq!(
        ana.put(&privacy(&open), json!({"privacy": "O"}))
            .await
            .status,
        403
    );
    let made = admin
        .put(&privacy(&open), json!({"privacy": "O"}))
        .await
        .expect(200);
    assert_eq!(made["type"], "O");
    let r = admin
        .put(&privacy(&office.town_square), json!({"privacy": "P"}))
        .await;
    assert_eq!(r.status, 400);
    let r = admin.put(&privacy(&open), json!({"privacy": "X"})).await;
    assert_eq!(r.status, 400);

    // An archived team comes back with its channels.
    let team = format!("/api/v4/teams/{}", office.team_id);
    admin.delete(&team).await.expect(200);
    let restored = admin
        .post(&format!("{team}/restore"), json!({}))
        .await
        .expect(200);
    assert_eq!(restored["delete_at"], 0);
    assert_eq!(
        ana.post(&format!("{team}/restore"), json!({})).await.status,
        403
    );
    ana.get(&format!("/api/v4/channels/{secret}"))
        .await
        .expect(200);
}

async fn sessions_say_which_browser_signed_in(server: Server) {
    let office = office(&server).await;
    let ana = member(&server, &office, "ana").await;
    let chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 \
                  (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
    let login = ana
        .http
        .post(format!("{}/api/v4/users/login", ana.base))
        .header("User-Agent", chrome)
        .json(&json!({"login_id": "ana", "password": hearth_e2e::password_of("ana")}));
    ana.send(login).await.expect(200);
    let sessions = ana.get("/api/v4/users/me/sessions").await.expect(200);
    let windows = sessions
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["props"]["platform"] == "Windows")
        .unwrap_or_else(|| panic!("no Windows session in {sessions}"));
    assert!(
        windows["props"]["browser"]
            .as_str()
            .unwrap()
            .starts_with("Chrome/156")
    );
}
