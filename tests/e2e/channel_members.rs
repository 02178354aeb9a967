//! Channel membership settings and read state: roles, notification settings, viewing a channel.

use hearth_e2e::{Server, on_both_backends};
use serde_json::json;

use crate::fixtures::{add_to_channel, channel, member, office};

on_both_backends!(
    viewing_a_channel_marks_it_read,
    channel_roles_and_notify_props
);

async fn viewing_a_channel_marks_it_read(server: Server) {
    let office = office(&server).await;
    let bob = member(&server, &office, "bob").await;
    let (ts, ot) = (&office.town_square, &office.off_topic);
    let before = bob
        .get(&format!("/api/v4/channels/{ts}/members/me"))
        .await
        .expect(200);
    let viewed = bob
        .post(
            "/api/v4/channels/members/me/view",
            json!({"channel_id": ts, "prev_channel_id": ot, "collapsed_threads_supported": true}),
        )
        .await
        .expect(200);
    assert_eq!(viewed["status"], "OK");
    let times = viewed["last_viewed_at_times"].as_object().unwrap();
    assert_eq!(times.len(), 2);
    let at = times[ts.as_str()].as_i64().unwrap();
    assert!(at > before["last_viewed_at"].as_i64().unwrap());
    let after = bob
        .get(&format!("/api/v4/channels/{ts}/members/me"))
        .await
        .expect(200);
    assert_eq!(after["last_viewed_at"], at);
    let town = bob.get(&format!("/api/v4/channels/{ts}")).await.expect(200);
    assert_eq!(after["msg_count"], town["total_msg_count"]);
    assert_eq!(after["mention_count"], 0);
    let unread = bob
        .get(&format!("/api/v4/users/me/channels/{ts}/unread"))
        .await
        .expect(200);
    assert_eq!(unread["channel_id"], ts.as_str());
    assert_eq!(unread["msg_count"], 0);
    assert_eq!(unread["team_id"], office.team_id.as_str());
    // Losing focus (no channel) is fine; a channel one is not in changes nothing.
    let none = bob
        .post(
            "/api/v4/channels/members/me/view",
            json!({"channel_id": ""}),
        )
        .await
        .expect(200);
    assert_eq!(none["last_viewed_at_times"], json!({}));
    let secret = channel(&office.admin, &office.team_id, "secret", "P").await;
    let other = bob
        .post(
            "/api/v4/channels/members/me/view",
            json!({"channel_id": secret}),
        )
        .await
        .expect(200);
    assert_eq!(other["last_viewed_at_times"], json!({}));
    let r = bob
        .post(
            "/api/v4/channels/members/me/view",
            json!({"channel_id": "nope"}),
        )
        .await;
    assert_eq!(r.status, 400);
    let r = bob
        .post(
            &format!("/api/v4/channels/members/{}/view", office.admin.user_id()),
            json!({"channel_id": ts}),
        )
        .await;
    assert_eq!(r.status, 403);
}

async fn channel_roles_and_notify_props(server: Server) {
    let office = office(&server).await;
    let bob = member(&server, &office, "bob").await;
    let carol = member(&server, &office, "carol").await;
    let project = channel(&office.admin, &office.team_id, "project", "O").await;
    add_to_channel(&office.admin, &project, &bob.user_id()).await;
    add_to_channel(&office.admin, &project, &carol.user_id()).await;
    let roles = |uid: String| format!("/api/v4/channels/{project}/members/{uid}/roles");
    let body = json!({"roles": "channel_user channel_admin"});
    // A plain member cannot hand out roles; the channel's creator (its admin) can.
    assert_eq!(
        carol.put(&roles(bob.user_id()), body.clone()).await.status,
        403
    );
    let ok = office
        .admin
        .put(&roles(bob.user_id()), body)
        .await
        .expect(200);
    assert_eq!(ok["status"], "OK");
    let m = bob
        .get(&format!("/api/v4/channels/{project}/members/me"))
        .await
        .expect(200);
    assert_eq!(m["roles"], "channel_user channel_admin");
    assert_eq!(m["scheme_admin"], true);
    bob.put(&roles(carol.user_id()), json!({"roles": "channel_user"}))
        .await
        .expect(200);
    let bad = office
        .admin
        .put(&roles(bob.user_id()), json!({"roles": "system_admin"}))
        .await;
    assert_eq!(bad.status, 400);
    // Notification settings: one's own, merged; not someone else's.
    let props = format!("/api/v4/channels/{project}/members/me/notify_props");
    bob.put(&props, json!({"mark_unread": "mention", "desktop": "none"}))
        .await
        .expect(200);
    let m = bob
        .get(&format!("/api/v4/channels/{project}/members/me"))
        .await
        .expect(200);
    assert_eq!(m["notify_props"]["mark_unread"], "mention");
    assert_eq!(m["notify_props"]["desktop"], "none");
    assert_eq!(m["notify_props"]["push"], "default");
    let theirs = format!(
        "/api/v4/channels/{project}/members/{}/notify_props",
        carol.user_id()
    );
    assert_eq!(
        bob.put(&theirs, json!({"desktop": "all"})).await.status,
        403
    );
    assert_eq!(
        bob.put(&props, json!({"mark_unread": "sometimes"}))
            .await
            .status,
        400
    );
    // Renaming: members of a public channel may; the default channel keeps its name.
    let patched = carol
        .put(
            &format!("/api/v4/channels/{project}/patch"),
            json!({"display_name": "Project X", "header": "plans"}),
        )
        .await
        .expect(200);
    assert_eq!(patched["display_name"], "Project X");
    assert_eq!(patched["name"], "project");
    let full = bob
        .put(
            &format!("/api/v4/channels/{project}"),
            json!({"id": project, "name": "project-x", "purpose": "ship it"}),
        )
        .await
        .expect(200);
    assert_eq!(full["name"], "project-x");
    assert_eq!(full["header"], "plans");
    let ts = &office.town_square;
    let r = bob
        .put(
            &format!("/api/v4/channels/{ts}/patch"),
            json!({"name": "lobby"}),
        )
        .await;
    assert_eq!(r.status, 400);
}
