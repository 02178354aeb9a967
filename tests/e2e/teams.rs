//! Teams and channels: creation, default channels, membership and visibility.

use hearth_e2e::{Server, on_both_backends};
use serde_json::json;

use crate::fixtures::{channel, field, member, office};

on_both_backends!(
    team_creation_makes_default_channels_and_invites_work,
    private_channel_is_closed_to_non_members,
    team_admins_manage_the_team,
    members_join_leave_and_are_removed,
    team_admin_needs_no_system_role
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
    let o = office(&server).await;
    let (admin, bob) = (&o.admin, member(&server, &o, "bob").await);
    let secret = channel(admin, &o.team_id, "secret", "P").await;
    let cid = secret.as_str();
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

async fn team_admins_manage_the_team(server: Server) {
    let office = office(&server).await;
    let bob = member(&server, &office, "bob").await;
    let tid = &office.team_id;
    let patch = format!("/api/v4/teams/{tid}/patch");
    assert_eq!(
        bob.put(&patch, json!({"display_name": "Mine"}))
            .await
            .status,
        403
    );
    let patched = office
        .admin
        .put(
            &patch,
            json!({"display_name": "Head Office", "allow_open_invite": false}),
        )
        .await
        .expect(200);
    assert_eq!(patched["display_name"], "Head Office");
    assert_eq!(patched["type"], "I");
    assert_eq!(
        office
            .admin
            .put(&patch, json!({"display_name": ""}))
            .await
            .status,
        400
    );
    let mut whole = office
        .admin
        .get(&format!("/api/v4/teams/{tid}"))
        .await
        .expect(200);
    whole["description"] = json!("Where we work");
    let updated = office
        .admin
        .put(&format!("/api/v4/teams/{tid}"), whole.clone())
        .await
        .expect(200);
    assert_eq!(updated["description"], "Where we work");
    whole["id"] = json!("abcdefghijklmnopqrstuvwxyz");
    let r = office
        .admin
        .put(&format!("/api/v4/teams/{tid}"), whole)
        .await;
    assert_eq!(r.status, 400);
    // A new invite id replaces the old one.
    let old = updated["invite_id"].as_str().unwrap().to_owned();
    let regen = format!("/api/v4/teams/{tid}/regenerate_invite_id");
    assert_eq!(bob.post(&regen, json!({})).await.status, 403);
    let fresh = office.admin.post(&regen, json!({})).await.expect(200);
    assert_ne!(fresh["invite_id"], old.as_str());
    // Invite-only now: others no longer see it in the team list.
    let outsider = server.user(&office.admin, "olga").await;
    assert_eq!(outsider.get("/api/v4/teams").await.expect(200), json!([]));
    assert_eq!(
        outsider.get(&format!("/api/v4/teams/{tid}")).await.status,
        403
    );
    // Archiving: not by plain members; afterwards the team is gone from members' lists.
    let del = format!("/api/v4/teams/{tid}");
    assert_eq!(bob.delete(&del).await.status, 403);
    office.admin.delete(&del).await.expect(200);
    assert_eq!(
        bob.get("/api/v4/users/me/teams").await.expect(200),
        json!([])
    );
    assert_eq!(bob.get(&del).await.status, 404);
}

async fn members_join_leave_and_are_removed(server: Server) {
    let office = office(&server).await;
    let bob = member(&server, &office, "bob").await;
    let tid = &office.team_id;
    // Joining by invite id, then listing members page by page.
    let invite = office
        .admin
        .get(&format!("/api/v4/teams/{tid}"))
        .await
        .expect(200)["invite_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let dave = server.user(&office.admin, "dave").await;
    let joined = dave
        .post(
            &format!("/api/v4/teams/members/invite?invite_id={invite}"),
            json!({}),
        )
        .await
        .expect(201);
    assert_eq!(joined["team_id"], tid.as_str());
    let r = dave
        .post("/api/v4/teams/members/invite?invite_id=nope", json!({}))
        .await;
    assert_eq!(r.status, 400);
    let all = bob
        .get(&format!("/api/v4/teams/{tid}/members?per_page=200"))
        .await
        .expect(200);
    assert_eq!(all.as_array().unwrap().len(), 3);
    let page = bob
        .get(&format!("/api/v4/teams/{tid}/members?page=1&per_page=2"))
        .await
        .expect(200);
    assert_eq!(page.as_array().unwrap().len(), 1);
    // Batch add.
    let erin = server.user(&office.admin, "erin").await;
    let fred = server.user(&office.admin, "fred").await;
    let batch = bob
        .post(
            &format!("/api/v4/teams/{tid}/members/batch"),
            json!([
                {"team_id": tid, "user_id": erin.user_id()},
                {"team_id": tid, "user_id": fred.user_id()}
            ]),
        )
        .await
        .expect(201);
    assert_eq!(field(&batch, "team_id"), vec![tid.clone(), tid.clone()]);
    let one = bob
        .get(&format!("/api/v4/teams/{tid}/members/{}", erin.user_id()))
        .await
        .expect(200);
    assert_eq!(one["roles"], "team_user");
    // Plain members cannot remove others; anyone can leave, and leaving leaves the channels.
    let remove = format!("/api/v4/teams/{tid}/members/{}", dave.user_id());
    assert_eq!(bob.delete(&remove).await.status, 403);
    office.admin.delete(&remove).await.expect(200);
    assert_eq!(
        dave.get(&format!("/api/v4/teams/{tid}/members/me"))
            .await
            .status,
        403
    );
    bob.delete(&format!("/api/v4/teams/{tid}/members/me"))
        .await
        .expect(200);
    assert_eq!(
        bob.get("/api/v4/users/me/teams").await.expect(200),
        json!([])
    );
    assert_eq!(
        bob.get(&format!("/api/v4/users/me/teams/{tid}/channels"))
            .await
            .status,
        403
    );
    let town = office.town_square.clone();
    let members = office
        .admin
        .get(&format!("/api/v4/channels/{town}/members"))
        .await
        .expect(200);
    assert!(!field(&members, "user_id").contains(&bob.user_id()));
    // Rejoining an open team works and brings the default channels back.
    bob.post(
        &format!("/api/v4/teams/{tid}/members"),
        json!({"team_id": tid, "user_id": bob.user_id()}),
    )
    .await
    .expect(201);
    let back = bob
        .get(&format!("/api/v4/users/me/teams/{tid}/channels"))
        .await
        .expect(200);
    assert_eq!(back.as_array().unwrap().len(), 2);
}

async fn team_admin_needs_no_system_role(server: Server) {
    let admin = server.admin().await;
    let bob = server.user(&admin, "bob").await;
    let carol = server.user(&admin, "carol").await;
    let team = bob
        .post(
            "/api/v4/teams",
            json!({"name": "bobs", "display_name": "Bob's", "type": "O"}),
        )
        .await
        .expect(201);
    let tid = team["id"].as_str().unwrap();
    carol
        .post(
            &format!("/api/v4/teams/{tid}/members"),
            json!({"team_id": tid, "user_id": carol.user_id()}),
        )
        .await
        .expect(201);
    let me = bob
        .get(&format!("/api/v4/teams/{tid}/members/me"))
        .await
        .expect(200);
    assert_eq!(me["roles"], "team_user team_admin");
    let patch = format!("/api/v4/teams/{tid}/patch");
    assert_eq!(
        carol.put(&patch, json!({"description": "x"})).await.status,
        403
    );
    bob.put(&patch, json!({"description": "ours"}))
        .await
        .expect(200);
    // Carol archives a channel she made; only Bob, the team admin, can bring it back.
    let c = carol
        .post(
            "/api/v4/channels",
            json!({"team_id": tid, "name": "temp", "display_name": "Temp", "type": "O"}),
        )
        .await
        .expect(201);
    let cid = c["id"].as_str().unwrap();
    carol
        .delete(&format!("/api/v4/channels/{cid}"))
        .await
        .expect(200);
    let restore = format!("/api/v4/channels/{cid}/restore");
    assert_eq!(carol.post(&restore, json!({})).await.status, 403);
    bob.post(&restore, json!({})).await.expect(200);
    // Bob removes Carol from the team; she can no longer see its channels.
    bob.delete(&format!("/api/v4/teams/{tid}/members/{}", carol.user_id()))
        .await
        .expect(200);
    assert_eq!(
        carol.get(&format!("/api/v4/channels/{cid}")).await.status,
        403
    );
    let stats = bob
        .get(&format!("/api/v4/teams/{tid}/stats"))
        .await
        .expect(200);
    assert_eq!(stats["total_member_count"], 1);
}
