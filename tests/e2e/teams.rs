//! Teams and channels: creation, default channels, membership and visibility.

use hearth_e2e::{Server, on_both_backends};
use serde_json::json;

on_both_backends!(
    team_creation_makes_default_channels_and_invites_work,
    private_channel_is_closed_to_non_members
);

async fn team_creation_makes_default_channels_and_invites_work(server: Server) {
    let admin = server.admin().await;
    let team = admin
        .post(
            "/api/v4/teams",
            json!({"name": "office", "display_name": "Office", "type": "O"}),
        )
        .await
        .expect(201);
    assert_eq!(team["name"], "office");
    let invite = team["invite_id"].as_str().unwrap();
    // Sign-up through the invite link joins the team and its default channels.
    let r = server
        .anonymous()
        .post(
            &format!("/api/v4/users?iid={invite}"),
            json!({"username": "ana", "email": "ana@example.com", "password": "ana-password"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let ana = server.login("ana").await;
    let tid = team["id"].as_str().unwrap();
    ana.get(&format!("/api/v4/teams/{tid}")).await.expect(200);
    // A bad invite is refused, and the duplicate team name too.
    let r = server
        .anonymous()
        .post(
            "/api/v4/users?iid=nope",
            json!({"username": "eve", "email": "eve@example.com", "password": "eve-password"}),
        )
        .await;
    assert_eq!(r.status, 400);
    let r = admin
        .post(
            "/api/v4/teams",
            json!({"name": "office", "display_name": "Again"}),
        )
        .await;
    assert_eq!(r.status, 400);
}

async fn private_channel_is_closed_to_non_members(server: Server) {
    let admin = server.admin().await;
    let team = admin
        .post(
            "/api/v4/teams",
            json!({"name": "office", "display_name": "Office", "type": "O"}),
        )
        .await
        .expect(201);
    let tid = team["id"].as_str().unwrap();
    let bob = server.user(&admin, "bob").await;
    admin
        .post(
            &format!("/api/v4/teams/{tid}/members"),
            json!({"team_id": tid, "user_id": bob.user_id()}),
        )
        .await
        .expect(201);
    let secret = admin
        .post(
            "/api/v4/channels",
            json!({"team_id": tid, "name": "secret", "display_name": "Secret", "type": "P"}),
        )
        .await
        .expect(201);
    let cid = secret["id"].as_str().unwrap();
    assert_eq!(
        bob.get(&format!("/api/v4/channels/{cid}")).await.status,
        403
    );
    // Bob cannot add himself to a private channel.
    let r = bob
        .post(
            &format!("/api/v4/channels/{cid}/members"),
            json!({"user_id": bob.user_id()}),
        )
        .await;
    assert_eq!(r.status, 403);
    admin
        .post(
            &format!("/api/v4/channels/{cid}/members"),
            json!({"user_id": bob.user_id()}),
        )
        .await
        .expect(201);
    bob.get(&format!("/api/v4/channels/{cid}"))
        .await
        .expect(200);
}
