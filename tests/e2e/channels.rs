//! Channels: the apps' startup calls, direct and group channels, leaving and removing, archiving,
//! privacy of private channels, and bad input.

use hearth_e2e::{Server, on_both_backends};
use serde_json::json;

use crate::fixtures::{add_to_channel, channel, field, id, member, office, sorted};

on_both_backends!(
    web_app_startup_data_is_consistent,
    direct_and_group_channels_are_idempotent,
    leaving_kicking_archiving_and_restoring,
    private_channel_is_invisible_to_non_members,
    bad_channel_input_gets_4xx
);

async fn web_app_startup_data_is_consistent(server: Server) {
    let office = office(&server).await;
    let bob = member(&server, &office, "bob").await;
    let tid = &office.team_id;
    let me = bob.get("/api/v4/users/me").await.expect(200);
    assert_eq!(me["username"], "bob");
    let teams = bob.get("/api/v4/users/me/teams").await.expect(200);
    assert_eq!(field(&teams, "id"), vec![tid.clone()]);
    // Members may invite, so they see the invite id; only admins see the contact email.
    assert!(!teams[0]["invite_id"].as_str().unwrap().is_empty());
    let members = bob.get("/api/v4/users/me/teams/members").await.expect(200);
    assert_eq!(field(&members, "team_id"), vec![tid.clone()]);
    assert_eq!(members[0]["roles"], "team_user");
    assert_eq!(members[0]["msg_count"], 0);
    assert_eq!(members[0]["mention_count"], 0);
    let unread = bob
        .get("/api/v4/users/me/teams/unread?include_collapsed_threads=true")
        .await
        .expect(200);
    assert_eq!(field(&unread, "team_id"), vec![tid.clone()]);
    for key in [
        "msg_count",
        "mention_count",
        "msg_count_root",
        "mention_count_root",
        "thread_count",
        "thread_mention_count",
        "thread_urgent_mention_count",
    ] {
        assert_eq!(unread[0][key], 0, "{key}");
    }
    let one = bob
        .get(&format!("/api/v4/users/me/teams/{tid}/unread"))
        .await
        .expect(200);
    assert_eq!(one["team_id"], tid.as_str());
    let channels = bob
        .get(&format!("/api/v4/users/me/teams/{tid}/channels"))
        .await
        .expect(200);
    let channel_ids = sorted(field(&channels, "id"));
    assert_eq!(
        channel_ids,
        sorted(vec![office.town_square.clone(), office.off_topic.clone()])
    );
    let channel_members = bob
        .get(&format!("/api/v4/users/me/teams/{tid}/channels/members"))
        .await
        .expect(200);
    assert_eq!(sorted(field(&channel_members, "channel_id")), channel_ids);
    assert!(
        field(&channel_members, "user_id")
            .iter()
            .all(|u| *u == bob.user_id())
    );
    assert_eq!(channel_members[0]["roles"], "channel_user");
    // Every channel shows in exactly one sidebar category.
    let uid = bob.user_id();
    let sidebar = bob
        .get(&format!(
            "/api/v4/users/{uid}/teams/{tid}/channels/categories"
        ))
        .await
        .expect(200);
    assert_eq!(
        field(&sidebar["categories"], "type"),
        vec!["favorites", "channels", "direct_messages"]
    );
    assert_eq!(
        sidebar["order"].as_array().unwrap().len(),
        sidebar["categories"].as_array().unwrap().len()
    );
    let mut in_sidebar: Vec<String> = sidebar["categories"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["channel_ids"].as_array().unwrap().clone())
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    in_sidebar.sort();
    assert_eq!(in_sidebar, channel_ids);
    // All channels everywhere, the team by name, its stats and the open-team list.
    let all = bob.get("/api/v4/users/me/channels").await.expect(200);
    assert_eq!(sorted(field(&all, "id")), channel_ids);
    let by_name = bob.get("/api/v4/teams/name/office").await.expect(200);
    assert_eq!(by_name["id"], tid.as_str());
    let exists = bob
        .get("/api/v4/teams/name/office/exists")
        .await
        .expect(200);
    assert_eq!(exists["exists"], true);
    let missing = bob
        .get("/api/v4/teams/name/nowhere/exists")
        .await
        .expect(200);
    assert_eq!(missing["exists"], false);
    let stats = bob
        .get(&format!("/api/v4/teams/{tid}/stats"))
        .await
        .expect(200);
    assert_eq!(stats["total_member_count"], 2);
    assert_eq!(stats["active_member_count"], 2);
    let open = bob.get("/api/v4/teams").await.expect(200);
    assert_eq!(field(&open, "id"), vec![tid.clone()]);
    assert_eq!(open[0]["email"], "");
    let counted = office
        .admin
        .get("/api/v4/teams?include_total_count=true")
        .await
        .expect(200);
    assert_eq!(counted["total_count"], 1);
    let team_members = bob
        .get(&format!("/api/v4/teams/{tid}/members?page=0&per_page=1"))
        .await
        .expect(200);
    assert_eq!(team_members.as_array().unwrap().len(), 1);
}

async fn direct_and_group_channels_are_idempotent(server: Server) {
    let office = office(&server).await;
    let bob = member(&server, &office, "bob").await;
    let carol = member(&server, &office, "carol").await;
    let dave = member(&server, &office, "dave").await;
    let (b, c, d) = (bob.user_id(), carol.user_id(), dave.user_id());
    let dm = bob
        .post("/api/v4/channels/direct", json!([b, c]))
        .await
        .expect(201);
    assert_eq!(dm["type"], "D");
    assert_eq!(dm["team_id"], "");
    let mut pair = [b.clone(), c.clone()];
    pair.sort();
    assert_eq!(dm["name"], format!("{}__{}", pair[0], pair[1]));
    let again = carol
        .post("/api/v4/channels/direct", json!([c, b]))
        .await
        .expect(201);
    assert_eq!(again["id"], dm["id"]);
    // A direct channel with oneself is allowed; one between two others is not.
    let own = bob
        .post("/api/v4/channels/direct", json!([b, b]))
        .await
        .expect(201);
    assert_eq!(own["name"], format!("{b}__{b}"));
    let r = dave.post("/api/v4/channels/direct", json!([b, c])).await;
    assert_eq!(r.status, 403);
    let dm_id = id(&dm);
    let members = carol
        .get(&format!("/api/v4/channels/{dm_id}/members"))
        .await
        .expect(200);
    assert_eq!(sorted(field(&members, "user_id")), sorted(pair.to_vec()));
    assert_eq!(
        dave.get(&format!("/api/v4/channels/{dm_id}")).await.status,
        403
    );
    // Group: the caller is added, the names come out the same whoever asks.
    let group = bob
        .post("/api/v4/channels/group", json!([c, d]))
        .await
        .expect(201);
    assert_eq!(group["type"], "G");
    assert_eq!(group["display_name"], "bob, carol, dave");
    let same = dave
        .post("/api/v4/channels/group", json!([b, c, d]))
        .await
        .expect(201);
    assert_eq!(same["id"], group["id"]);
    let r = bob.post("/api/v4/channels/group", json!([c])).await;
    assert_eq!(r.status, 400);
    // The direct and group channels come with the team's channels and sit in direct_messages.
    let tid = &office.team_id;
    let channels = bob
        .get(&format!("/api/v4/users/me/teams/{tid}/channels"))
        .await
        .expect(200);
    let ids = field(&channels, "id");
    for want in [&dm_id, &id(&own), &id(&group)] {
        assert!(ids.contains(want), "{want} missing from {ids:?}");
    }
    let sidebar = bob
        .get(&format!("/api/v4/users/me/teams/{tid}/channels/categories"))
        .await
        .expect(200);
    let dms = &sidebar["categories"][2];
    assert_eq!(dms["type"], "direct_messages");
    assert_eq!(dms["channel_ids"].as_array().unwrap().len(), 3);
}

async fn leaving_kicking_archiving_and_restoring(server: Server) {
    let office = office(&server).await;
    let bob = member(&server, &office, "bob").await;
    let carol = member(&server, &office, "carol").await;
    let tid = &office.team_id;
    let project = channel(&bob, &office.team_id, "project", "O").await;
    add_to_channel(&carol, &project, &carol.user_id()).await;
    let kick = format!("/api/v4/channels/{project}/members/{}", carol.user_id());
    bob.delete(&kick).await.expect(200);
    assert_eq!(bob.get(&kick).await.status, 404);
    assert_eq!(bob.delete(&kick).await.status, 404);
    // Nobody leaves the default channel.
    let ts = &office.town_square;
    let r = carol
        .delete(&format!("/api/v4/channels/{ts}/members/me"))
        .await;
    assert_eq!(r.status, 400);
    let r = carol
        .delete(&format!("/api/v4/channels/{}/members/me", office.off_topic))
        .await;
    assert_eq!(r.status, 200);
    let mine = carol
        .get(&format!("/api/v4/users/me/teams/{tid}/channels"))
        .await
        .expect(200);
    assert_eq!(field(&mine, "id"), vec![ts.clone()]);
    // Archive: gone from lists and name lookups unless asked for; the default channel stays.
    assert_eq!(
        bob.delete(&format!("/api/v4/channels/{ts}")).await.status,
        400
    );
    bob.delete(&format!("/api/v4/channels/{project}"))
        .await
        .expect(200);
    assert_eq!(
        bob.delete(&format!("/api/v4/channels/{project}"))
            .await
            .status,
        400
    );
    let public = bob
        .get(&format!("/api/v4/teams/{tid}/channels"))
        .await
        .expect(200);
    assert!(!field(&public, "id").contains(&project));
    let deleted = bob
        .get(&format!("/api/v4/teams/{tid}/channels/deleted"))
        .await
        .expect(200);
    assert_eq!(field(&deleted, "id"), vec![project.clone()]);
    let by_name = format!("/api/v4/teams/{tid}/channels/name/project");
    assert_eq!(bob.get(&by_name).await.status, 404);
    let found = bob
        .get(&format!("{by_name}?include_deleted=true"))
        .await
        .expect(200);
    assert!(found["delete_at"].as_i64().unwrap() > 0);
    let with_deleted = bob
        .get(&format!(
            "/api/v4/users/me/teams/{tid}/channels?include_deleted=true&last_delete_at=0"
        ))
        .await
        .expect(200);
    assert!(field(&with_deleted, "id").contains(&project));
    // Only team admins restore.
    let restore = format!("/api/v4/channels/{project}/restore");
    assert_eq!(bob.post(&restore, json!({})).await.status, 403);
    let restored = office.admin.post(&restore, json!({})).await.expect(200);
    assert_eq!(restored["delete_at"], 0);
    assert_eq!(office.admin.post(&restore, json!({})).await.status, 400);
    bob.get(&by_name).await.expect(200);
}

async fn private_channel_is_invisible_to_non_members(server: Server) {
    let office = office(&server).await;
    let bob = member(&server, &office, "bob").await;
    let tid = &office.team_id;
    let secret = channel(&office.admin, &office.team_id, "secret-plans", "P").await;
    let open = channel(&office.admin, &office.team_id, "open-plans", "O").await;
    let lists = [
        format!("/api/v4/teams/{tid}/channels"),
        format!("/api/v4/teams/{tid}/channels/autocomplete?name=plans"),
        format!("/api/v4/users/me/teams/{tid}/channels"),
        "/api/v4/users/me/channels".to_owned(),
    ];
    for path in &lists {
        let ids = field(&bob.get(path).await.expect(200), "id");
        assert!(!ids.contains(&secret), "{path} shows the private channel");
    }
    let found = bob
        .post(
            &format!("/api/v4/teams/{tid}/channels/search"),
            json!({"term": "plans"}),
        )
        .await
        .expect(200);
    assert_eq!(field(&found, "id"), vec![open.clone()]);
    for path in [
        format!("/api/v4/channels/{secret}"),
        format!("/api/v4/channels/{secret}/members"),
        format!("/api/v4/channels/{secret}/stats"),
        format!("/api/v4/teams/{tid}/channels/name/secret-plans"),
        "/api/v4/teams/name/office/channels/name/secret-plans".to_owned(),
    ] {
        assert_eq!(bob.get(&path).await.status, 403, "{path}");
    }
    let r = bob
        .post(
            &format!("/api/v4/channels/{secret}/members/ids"),
            json!([bob.user_id()]),
        )
        .await;
    assert_eq!(r.status, 403);
    // Archived private channels stay hidden too.
    office
        .admin
        .delete(&format!("/api/v4/channels/{secret}"))
        .await
        .expect(200);
    let deleted = bob
        .get(&format!("/api/v4/teams/{tid}/channels/deleted"))
        .await
        .expect(200);
    assert!(field(&deleted, "id").is_empty());
    office
        .admin
        .post(&format!("/api/v4/channels/{secret}/restore"), json!({}))
        .await
        .expect(200);
    // Once a member, autocomplete offers it; browsing still lists public channels only.
    add_to_channel(&office.admin, &secret, &bob.user_id()).await;
    let offered = bob
        .get(&format!(
            "/api/v4/teams/{tid}/channels/autocomplete?name=plans"
        ))
        .await
        .expect(200);
    assert_eq!(
        sorted(field(&offered, "id")),
        sorted(vec![secret.clone(), open.clone()])
    );
    let stats = bob
        .get(&format!("/api/v4/channels/{secret}/stats"))
        .await
        .expect(200);
    assert_eq!(stats["member_count"], 2);
    assert_eq!(stats["guest_count"], 0);
    assert_eq!(stats["pinnedpost_count"], 0);
    let by_team_name = bob
        .get("/api/v4/teams/name/office/channels/name/secret-plans")
        .await
        .expect(200);
    assert_eq!(by_team_name["id"], secret.as_str());
}

async fn bad_channel_input_gets_4xx(server: Server) {
    let office = office(&server).await;
    let bob = member(&server, &office, "bob").await;
    let (tid, ts) = (&office.team_id, &office.town_square);
    let unknown = "abcdefghijklmnopqrstuvwxyz";
    let cases = [
        (bob.get("/api/v4/channels/not-an-id").await.status, 400),
        (
            bob.get(&format!("/api/v4/channels/{unknown}")).await.status,
            404,
        ),
        (
            bob.get(&format!("/api/v4/teams/{tid}/channels?per_page=-1"))
                .await
                .status,
            400,
        ),
        (
            bob.get(&format!("/api/v4/teams/{tid}/channels?page=abc"))
                .await
                .status,
            400,
        ),
        (
            bob.get(&format!("/api/v4/teams/{unknown}/channels"))
                .await
                .status,
            404,
        ),
        (
            bob.post("/api/v4/channels/direct", json!(["x", "y"]))
                .await
                .status,
            400,
        ),
        (
            bob.post("/api/v4/channels/direct", json!({"a": 1}))
                .await
                .status,
            400,
        ),
        (
            bob.post("/api/v4/channels/direct", json!([bob.user_id(), unknown]))
                .await
                .status,
            400,
        ),
        (
            bob.put(&format!("/api/v4/channels/{ts}"), json!({"id": unknown}))
                .await
                .status,
            400,
        ),
        (
            bob.put(
                &format!("/api/v4/channels/{ts}/patch"),
                json!({"header": 5}),
            )
            .await
            .status,
            400,
        ),
        (
            bob.put(
                &format!("/api/v4/channels/{ts}/patch"),
                json!({"purpose": "x".repeat(300)}),
            )
            .await
            .status,
            400,
        ),
        (
            bob.post(
                &format!("/api/v4/channels/{ts}/members/ids"),
                json!(["bad"]),
            )
            .await
            .status,
            400,
        ),
        (
            bob.get(&format!("/api/v4/users/{unknown}/teams/{tid}/channels"))
                .await
                .status,
            403,
        ),
    ];
    for (i, (got, want)) in cases.iter().enumerate() {
        assert_eq!(got, want, "case {i}");
    }
    let r = bob
        .http
        .post(format!("{}/api/v4/channels/direct", server.url))
        .header(
            "Authorization",
            format!("Bearer {}", bob.token.as_ref().unwrap()),
        )
        .body("[not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
}
