//! Posts: the create/edit/pin/react/delete round trip, threads, mentions and unread counts,
//! marking unread.

use hearth_e2e::fixtures::{self, add_to_channel, channel, id, post};
use hearth_e2e::{Client, Server, on_both_backends};
use serde_json::{Value, json};

on_both_backends!(
    post_edit_pin_react_delete_round_trip,
    thread_replies_and_reply_count,
    mentions_raise_counts_and_sender_reads,
    unread_window_and_set_unread
);

/// The office team with admin and bob, and a public channel `general` both are members of.
pub struct Office {
    pub admin: Client,
    pub bob: Client,
    pub team_id: String,
    pub channel_id: String,
}

pub async fn office(server: &Server) -> Office {
    let o = fixtures::office(server).await;
    let bob = fixtures::member(server, &o, "bob").await;
    let channel_id = channel(&o.admin, &o.team_id, "general", "O").await;
    add_to_channel(&o.admin, &channel_id, &bob.user_id()).await;
    Office {
        admin: o.admin,
        bob,
        team_id: o.team_id,
        channel_id,
    }
}

async fn member(client: &Client, channel_id: &str) -> Value {
    client
        .get(&format!("/api/v4/channels/{channel_id}/members/me"))
        .await
        .expect(200)
}

async fn post_edit_pin_react_delete_round_trip(server: Server) {
    let o = office(&server).await;
    let created = o
        .bob
        .post(
            "/api/v4/posts",
            json!({"channel_id": o.channel_id, "message": "hello #rust world", "root_id": "",
                   "file_ids": [], "props": {"from_app": "x"}, "pending_post_id": "p:1",
                   "create_at": 0, "update_at": 0, "reply_count": 0, "metadata": {}}),
        )
        .await
        .expect(201);
    assert_eq!(created["pending_post_id"], "p:1");
    assert_eq!(created["hashtags"], "#rust");
    assert_eq!(created["props"]["from_app"], "x");
    assert_eq!(created["user_id"], o.bob.user_id().as_str());
    assert!(created["create_at"].as_i64().unwrap() > 0);
    assert_eq!(created["metadata"]["reactions"], json!([]));
    let pid = id(&created);

    let got = o
        .admin
        .get(&format!("/api/v4/posts/{pid}"))
        .await
        .expect(200);
    assert_eq!(got["message"], "hello #rust world");
    assert_eq!(got["edit_at"], 0);

    // Only the author edits; the edit sets edit_at.
    let r = o
        .admin
        .put(
            &format!("/api/v4/posts/{pid}/patch"),
            json!({"message": "nope"}),
        )
        .await;
    assert_eq!(r.status, 200, "system admins may edit: {}", r.body);
    let bob2 = server.user(&o.admin, "carol").await;
    let r = bob2
        .put(
            &format!("/api/v4/posts/{pid}/patch"),
            json!({"message": "x"}),
        )
        .await;
    assert_eq!(r.status, 403);
    let edited = o
        .bob
        .put(
            &format!("/api/v4/posts/{pid}/patch"),
            json!({"message": "edited #go"}),
        )
        .await
        .expect(200);
    assert_eq!(edited["message"], "edited #go");
    assert_eq!(edited["hashtags"], "#go");
    assert!(edited["edit_at"].as_i64().unwrap() > 0);
    let full = o
        .bob
        .put(
            &format!("/api/v4/posts/{pid}"),
            json!({"id": pid, "message": "full update", "props": {}}),
        )
        .await
        .expect(200);
    assert_eq!(full["message"], "full update");

    // Pin and unpin, visible in the pinned list.
    let ok = o
        .admin
        .post(&format!("/api/v4/posts/{pid}/pin"), json!({}))
        .await
        .expect(200);
    assert_eq!(ok["status"], "OK");
    let pinned = o
        .bob
        .get(&format!("/api/v4/channels/{}/pinned", o.channel_id))
        .await
        .expect(200);
    assert_eq!(pinned["order"], json!([pid]));
    assert_eq!(pinned["posts"][&pid]["is_pinned"], true);
    o.admin
        .post(&format!("/api/v4/posts/{pid}/unpin"), json!({}))
        .await
        .expect(200);
    let pinned = o
        .bob
        .get(&format!("/api/v4/channels/{}/pinned", o.channel_id))
        .await
        .expect(200);
    assert_eq!(pinned["order"], json!([]));

    // Reactions: add (twice is fine), read, bulk read, remove.
    let reaction = json!({"user_id": o.admin.user_id(), "post_id": pid, "emoji_name": "+1"});
    let r = o
        .admin
        .post("/api/v4/reactions", reaction.clone())
        .await
        .expect(201);
    assert_eq!(r["emoji_name"], "+1");
    o.admin
        .post("/api/v4/reactions", reaction)
        .await
        .expect(201);
    o.bob
        .post(
            "/api/v4/reactions",
            json!({"user_id": o.bob.user_id(), "post_id": pid, "emoji_name": "smile"}),
        )
        .await
        .expect(201);
    // Reacting as someone else is refused.
    let r = o
        .bob
        .post(
            "/api/v4/reactions",
            json!({"user_id": o.admin.user_id(), "post_id": pid, "emoji_name": "smile"}),
        )
        .await;
    assert_eq!(r.status, 403);
    let list = o
        .bob
        .get(&format!("/api/v4/posts/{pid}/reactions"))
        .await
        .expect(200);
    assert_eq!(list.as_array().unwrap().len(), 2);
    let got = o.bob.get(&format!("/api/v4/posts/{pid}")).await.expect(200);
    assert_eq!(got["has_reactions"], true);
    assert_eq!(got["metadata"]["reactions"].as_array().unwrap().len(), 2);
    let bulk = o
        .bob
        .post("/api/v4/posts/ids/reactions", json!([pid]))
        .await
        .expect(200);
    assert_eq!(bulk[&pid].as_array().unwrap().len(), 2);
    let ok = o
        .admin
        .delete(&format!("/api/v4/users/me/posts/{pid}/reactions/+1"))
        .await
        .expect(200);
    assert_eq!(ok["status"], "OK");
    let r = o
        .bob
        .delete(&format!(
            "/api/v4/users/{}/posts/{pid}/reactions/smile",
            o.admin.user_id()
        ))
        .await;
    assert_eq!(r.status, 403);
    let list = o
        .bob
        .get(&format!("/api/v4/posts/{pid}/reactions"))
        .await
        .expect(200);
    assert_eq!(list[0]["emoji_name"], "smile");
    assert_eq!(list.as_array().unwrap().len(), 1);

    // Posts by ids.
    let by_ids = o
        .admin
        .post("/api/v4/posts/ids", json!([pid]))
        .await
        .expect(200);
    assert_eq!(by_ids[0]["id"], pid.as_str());

    // Delete: not by another member, yes by the author; then it is gone.
    assert_eq!(
        bob2.delete(&format!("/api/v4/posts/{pid}")).await.status,
        403
    );
    let ok = o
        .bob
        .delete(&format!("/api/v4/posts/{pid}"))
        .await
        .expect(200);
    assert_eq!(ok["status"], "OK");
    assert_eq!(o.bob.get(&format!("/api/v4/posts/{pid}")).await.status, 404);
    let page = o
        .bob
        .get(&format!("/api/v4/channels/{}/posts", o.channel_id))
        .await
        .expect(200);
    assert!(!page["order"].as_array().unwrap().contains(&json!(pid)));
    // Clients resyncing with `since` see the deletion.
    let since = created["create_at"].as_i64().unwrap() - 1;
    let changed = o
        .bob
        .get(&format!(
            "/api/v4/channels/{}/posts?since={since}",
            o.channel_id
        ))
        .await
        .expect(200);
    assert!(changed["posts"][&pid]["delete_at"].as_i64().unwrap() > 0);
    assert_eq!(changed["next_post_id"], "");
}

async fn thread_replies_and_reply_count(server: Server) {
    let o = office(&server).await;
    let root = post(&o.admin, &o.channel_id, "root", "").await;
    let rid = id(&root);
    let r1 = post(&o.bob, &o.channel_id, "reply 1", &rid).await;
    let r2 = post(&o.admin, &o.channel_id, "reply 2", &rid).await;
    assert_eq!(r2["reply_count"], 2);
    let thread = o
        .bob
        .get(&format!("/api/v4/posts/{}/thread", id(&r1)))
        .await
        .expect(200);
    assert_eq!(thread["order"], json!([id(&r2), id(&r1), rid]));
    assert_eq!(thread["posts"][&rid]["reply_count"], 2);
    assert_eq!(
        thread["posts"][&rid]["last_reply_at"], r2["create_at"],
        "last_reply_at is the newest reply"
    );
    // Paginated thread, oldest replies first.
    let page = o
        .bob
        .get(&format!(
            "/api/v4/posts/{rid}/thread?perPage=1&direction=down&skipFetchThreads=false"
        ))
        .await
        .expect(200);
    assert_eq!(page["order"], json!([id(&r1), rid]));
    assert_eq!(page["has_next"], true);
    // A reply to a reply, to an unknown post, or across channels is refused.
    for bad_root in [id(&r1), "a".repeat(26), "bad".into()] {
        let r = o
            .bob
            .post(
                "/api/v4/posts",
                json!({"channel_id": o.channel_id, "message": "x", "root_id": bad_root}),
            )
            .await;
        assert_eq!(r.status, 400, "root {bad_root}: {}", r.body);
    }
    let other = channel(&o.admin, &o.team_id, "other", "O").await;
    let r = o
        .admin
        .post(
            "/api/v4/posts",
            json!({"channel_id": other, "message": "x", "root_id": rid}),
        )
        .await;
    assert_eq!(r.status, 400);
    // Channel pages include the root of a reply whose root is not on the page.
    let page = o
        .bob
        .get(&format!(
            "/api/v4/channels/{}/posts?per_page=1",
            o.channel_id
        ))
        .await
        .expect(200);
    assert_eq!(page["order"], json!([id(&r2)]));
    assert_eq!(page["posts"][&rid]["message"], "root");
    assert_eq!(page["prev_post_id"], id(&r1).as_str());
    // Deleting a reply lowers the count; deleting the root hides the whole thread.
    o.bob
        .delete(&format!("/api/v4/posts/{}", id(&r1)))
        .await
        .expect(200);
    let got = o.bob.get(&format!("/api/v4/posts/{rid}")).await.expect(200);
    assert_eq!(got["reply_count"], 1);
    o.admin
        .delete(&format!("/api/v4/posts/{rid}"))
        .await
        .expect(200);
    assert_eq!(
        o.bob
            .get(&format!("/api/v4/posts/{}", id(&r2)))
            .await
            .status,
        404
    );
    let page = o
        .bob
        .get(&format!("/api/v4/channels/{}/posts", o.channel_id))
        .await
        .expect(200);
    assert_eq!(page["order"], json!([]));
}

async fn mentions_raise_counts_and_sender_reads(server: Server) {
    let o = office(&server).await;
    let cid = &o.channel_id;
    let before = member(&o.bob, cid).await;
    assert_eq!(before["mention_count"], 0);
    post(&o.admin, cid, "hi @Bob, look", "").await;
    post(&o.admin, cid, "no mention here", "").await;
    post(&o.admin, cid, "everyone @channel!", "").await;
    post(&o.admin, cid, "mail bob@example.com and `@bob`", "").await;
    let channel = o
        .bob
        .get(&format!("/api/v4/channels/{cid}"))
        .await
        .expect(200);
    assert_eq!(channel["total_msg_count"], 4);
    assert_eq!(channel["total_msg_count_root"], 4);
    let bob = member(&o.bob, cid).await;
    assert_eq!(bob["mention_count"], 2);
    assert_eq!(bob["mention_count_root"], 2);
    assert_eq!(
        channel["total_msg_count"].as_i64().unwrap() - bob["msg_count"].as_i64().unwrap(),
        4
    );
    // The sender has read everything up to their own post.
    let admin = member(&o.admin, cid).await;
    assert_eq!(admin["msg_count"], 4);
    assert_eq!(admin["mention_count"], 0);
    assert_eq!(admin["last_viewed_at"], channel["last_post_at"]);
    // Bob replies: his unread state resets; replies count only in the non-root totals.
    let root = post(&o.admin, cid, "root", "").await;
    post(&o.bob, cid, "@admin sure", &id(&root)).await;
    let channel = o
        .bob
        .get(&format!("/api/v4/channels/{cid}"))
        .await
        .expect(200);
    assert_eq!(channel["total_msg_count"], 6);
    assert_eq!(channel["total_msg_count_root"], 5);
    let bob = member(&o.bob, cid).await;
    assert_eq!(bob["mention_count"], 0);
    assert_eq!(bob["msg_count"], 6);
    let admin = member(&o.admin, cid).await;
    assert_eq!(admin["mention_count"], 1);
    assert_eq!(admin["mention_count_root"], 0);
}

async fn unread_window_and_set_unread(server: Server) {
    let o = office(&server).await;
    let cid = &o.channel_id;
    let mut ids = vec![];
    for i in 0..5 {
        ids.push(id(&post(&o.admin, cid, &format!("old {i}"), "").await));
    }
    // Bob posts, which marks everything so far read for him.
    ids.push(id(&post(&o.bob, cid, "seen", "").await));
    for i in 0..5 {
        let text = if i == 2 {
            "@bob look".to_owned()
        } else {
            format!("new {i}")
        };
        ids.push(id(&post(&o.admin, cid, &text, "").await));
    }
    let list = o
        .bob
        .get(&format!(
            "/api/v4/users/me/channels/{cid}/posts/unread?limit_before=2&limit_after=3"
        ))
        .await
        .expect(200);
    // Newest first: 3 unread (ids[6..9]) then 2 read (ids[4..6]).
    let expected: Vec<&String> = ids[4..9].iter().rev().collect();
    assert_eq!(list["order"], json!(expected));
    assert_eq!(list["next_post_id"], ids[9].as_str());
    assert_eq!(list["prev_post_id"], ids[3].as_str());
    // Mark unread from the third old post: 8 posts unread, one mention among them.
    let unread = o
        .bob
        .post(
            &format!("/api/v4/users/me/posts/{}/set_unread", ids[2]),
            json!({}),
        )
        .await
        .expect(200);
    assert_eq!(unread["channel_id"], cid.as_str());
    assert_eq!(unread["mention_count"], 1);
    let channel = o
        .bob
        .get(&format!("/api/v4/channels/{cid}"))
        .await
        .expect(200);
    let total = channel["total_msg_count"].as_i64().unwrap();
    assert_eq!(total, 11);
    assert_eq!(total - unread["msg_count"].as_i64().unwrap(), 9);
    let bob = member(&o.bob, cid).await;
    assert_eq!(bob["msg_count"], unread["msg_count"]);
    assert_eq!(bob["mention_count"], 1);
    let list = o
        .bob
        .get(&format!(
            "/api/v4/users/me/channels/{cid}/posts/unread?limit_before=1&limit_after=1"
        ))
        .await
        .expect(200);
    assert_eq!(list["order"], json!([ids[2], ids[1]]));
    // Nobody marks another user's channel unread, nor reads another user's window.
    let r = o
        .bob
        .post(
            &format!(
                "/api/v4/users/{}/posts/{}/set_unread",
                o.admin.user_id(),
                ids[2]
            ),
            json!({}),
        )
        .await;
    assert_eq!(r.status, 403);
    let r = o
        .bob
        .get(&format!(
            "/api/v4/users/{}/channels/{cid}/posts/unread",
            o.admin.user_id()
        ))
        .await;
    assert_eq!(r.status, 403);
}
