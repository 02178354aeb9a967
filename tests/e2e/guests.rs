//! Guests: confined to the channels they were added to, with no team-wide lists.

use hearth_e2e::{Server, on_both_backends};
use serde_json::json;

use crate::fixtures::{add_to_channel, channel, field, guest, member, office};

on_both_backends!(guest_sees_only_its_channel, only_admins_demote_and_promote);

async fn guest_sees_only_its_channel(server: Server) {
    let office = office(&server).await;
    let gina = guest(&server, &office, "gina").await;
    let bob = member(&server, &office, "bob").await;
    let tid = &office.team_id;
    let shared = channel(&office.admin, &office.team_id, "shared", "O").await;
    add_to_channel(&office.admin, &shared, &gina.user_id()).await;
    let me = gina.get("/api/v4/users/me").await.expect(200);
    assert_eq!(me["roles"], "system_guest");
    let mine = gina
        .get(&format!("/api/v4/users/me/teams/{tid}/channels"))
        .await
        .expect(200);
    assert_eq!(field(&mine, "id"), vec![shared.clone()]);
    let members = gina
        .get(&format!("/api/v4/users/me/teams/{tid}/channels/members"))
        .await
        .expect(200);
    assert_eq!(members[0]["roles"], "channel_guest");
    let team_member = gina.get("/api/v4/users/me/teams/members").await.expect(200);
    assert_eq!(team_member[0]["roles"], "team_guest");
    let sidebar = gina
        .get(&format!("/api/v4/users/me/teams/{tid}/channels/categories"))
        .await
        .expect(200);
    assert_eq!(sidebar["categories"][1]["channel_ids"], json!([shared]));
    // No team-wide lists, no public channels it was not added to.
    let ts = &office.town_square;
    for path in [
        format!("/api/v4/teams/{tid}/channels"),
        format!("/api/v4/teams/{tid}/channels/deleted"),
        format!("/api/v4/teams/{tid}/members"),
        format!("/api/v4/channels/{ts}"),
        format!("/api/v4/channels/{ts}/members"),
    ] {
        assert_eq!(gina.get(&path).await.status, 403, "{path}");
    }
    let found = gina
        .post(
            &format!("/api/v4/teams/{tid}/channels/search"),
            json!({"term": ""}),
        )
        .await
        .expect(200);
    assert_eq!(field(&found, "id"), vec![shared.clone()]);
    assert_eq!(gina.get("/api/v4/teams").await.expect(200), json!([]));
    let teams = gina.get("/api/v4/users/me/teams").await.expect(200);
    assert_eq!(teams[0]["invite_id"], "");
    // It cannot join or create channels, nor message people it shares no channel with.
    let r = gina
        .post(
            &format!("/api/v4/channels/{ts}/members"),
            json!({"user_id": gina.user_id()}),
        )
        .await;
    assert_eq!(r.status, 403);
    let r = gina
        .post(
            "/api/v4/channels",
            json!({"team_id": tid, "name": "mine", "display_name": "Mine", "type": "O"}),
        )
        .await;
    assert_eq!(r.status, 403);
    let r = gina
        .post(
            "/api/v4/channels/direct",
            json!([gina.user_id(), bob.user_id()]),
        )
        .await;
    assert_eq!(r.status, 403);
    let admin_dm = gina
        .post(
            "/api/v4/channels/direct",
            json!([gina.user_id(), office.admin.user_id()]),
        )
        .await
        .expect(201);
    assert_eq!(admin_dm["type"], "D");
    let stats = office
        .admin
        .get(&format!("/api/v4/channels/{shared}/stats"))
        .await
        .expect(200);
    assert_eq!(stats["guest_count"], 1);
    // Promoted back, it is an ordinary member again.
    let uid = gina.user_id();
    office
        .admin
        .post(&format!("/api/v4/users/{uid}/promote"), json!({}))
        .await
        .expect(200);
    gina.get(&format!("/api/v4/teams/{tid}/channels"))
        .await
        .expect(200);
    let m = gina
        .get(&format!("/api/v4/channels/{shared}/members/me"))
        .await
        .expect(200);
    assert_eq!(m["roles"], "channel_user");
}

async fn only_admins_demote_and_promote(server: Server) {
    let office = office(&server).await;
    let bob = member(&server, &office, "bob").await;
    let carol = member(&server, &office, "carol").await;
    let cid = carol.user_id();
    let demote = format!("/api/v4/users/{cid}/demote");
    assert_eq!(bob.post(&demote, json!({})).await.status, 403);
    office.admin.post(&demote, json!({})).await.expect(200);
    assert_eq!(office.admin.post(&demote, json!({})).await.status, 400);
    let admin_id = office.admin.user_id();
    let r = office
        .admin
        .post(&format!("/api/v4/users/{admin_id}/demote"), json!({}))
        .await;
    assert_eq!(r.status, 400);
    let r = office
        .admin
        .post(
            &format!("/api/v4/users/{}/promote", bob.user_id()),
            json!({}),
        )
        .await;
    assert_eq!(r.status, 400);
    // Carol kept her channels but is a guest in them now.
    let tid = &office.team_id;
    let m = carol
        .get(&format!("/api/v4/users/me/teams/{tid}/channels/members"))
        .await
        .expect(200);
    assert!(field(&m, "roles").iter().all(|r| r == "channel_guest"));
    let unknown = "abcdefghijklmnopqrstuvwxyz";
    let r = office
        .admin
        .post(&format!("/api/v4/users/{unknown}/demote"), json!({}))
        .await;
    assert_eq!(r.status, 404);
}
