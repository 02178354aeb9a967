//! Unread and mention counts as the apps compute them: posts raise them for other members, the
//! sender's own channel stays read, and viewing the channel clears them.

use hearth_e2e::fixtures::{member, office};
use hearth_e2e::{Client, Server, on_both_backends};
use serde_json::{Value, json};

on_both_backends!(unreads_follow_posts_and_views);

/// The member row of `channel_id` among `client`'s channel memberships in `team_id`.
async fn member_of(client: &Client, team_id: &str, channel_id: &str) -> Value {
    let members = client
        .get(&format!(
            "/api/v4/users/me/teams/{team_id}/channels/members"
        ))
        .await
        .expect(200);
    members
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["channel_id"] == channel_id)
        .expect("member row")
        .clone()
}

async fn unreads_follow_posts_and_views(server: Server) {
    let o = office(&server).await;
    let bob = member(&server, &o, "bob").await;
    let (admin, tid, cid) = (&o.admin, o.team_id.as_str(), o.town_square.as_str());

    for message in ["good morning", "@bob can you look at this?", "thanks"] {
        admin
            .post(
                "/api/v4/posts",
                json!({"channel_id": cid, "message": message}),
            )
            .await
            .expect(201);
    }
    // Bob: three unread messages, one mention, in the channel and in the team.
    let channel = bob
        .get(&format!("/api/v4/channels/{cid}"))
        .await
        .expect(200);
    let member = member_of(&bob, tid, cid).await;
    assert_eq!(
        channel["total_msg_count"].as_i64().unwrap() - member["msg_count"].as_i64().unwrap(),
        3
    );
    assert_eq!(member["mention_count"], 1);
    let unread = bob.get("/api/v4/users/me/teams/unread").await.expect(200);
    let team_unread = unread
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["team_id"] == tid)
        .unwrap();
    assert_eq!(team_unread["msg_count"], 3);
    assert_eq!(team_unread["mention_count"], 1);
    // The sender's channel stays read.
    let admin_member = member_of(admin, tid, cid).await;
    assert_eq!(admin_member["msg_count"], channel["total_msg_count"]);
    assert_eq!(admin_member["mention_count"], 0);
    // Opening the channel: the unread window starts after what bob last saw.
    let window = bob
        .get(&format!(
            "/api/v4/users/me/channels/{cid}/posts/unread?limit_before=30&limit_after=30"
        ))
        .await
        .expect(200);
    assert_eq!(window["order"].as_array().unwrap().len(), 3);
    // Viewing it clears the counts everywhere.
    let viewed = bob
        .post(
            "/api/v4/channels/members/me/view",
            json!({"channel_id": cid, "prev_channel_id": ""}),
        )
        .await
        .expect(200);
    assert_eq!(viewed["status"], "OK");
    assert!(viewed["last_viewed_at_times"][cid].as_i64().unwrap() > 0);
    let member = member_of(&bob, tid, cid).await;
    assert_eq!(member["msg_count"], channel["total_msg_count"]);
    assert_eq!(member["mention_count"], 0);
    let unread = bob
        .get(&format!("/api/v4/users/me/teams/{tid}/unread"))
        .await
        .expect(200);
    assert_eq!(unread["msg_count"], 0);
    assert_eq!(unread["mention_count"], 0);
}
