//! Paging through a long channel: page/per_page and before/after cursors, without gaps or repeats.

use std::collections::HashSet;

use futures_util::future::join_all;
use hearth_e2e::{Server, on_both_backends};
use serde_json::{Value, json};

use super::posts::office;

on_both_backends!(paging_through_a_thousand_posts);

const POSTS: usize = 1000;

fn order(list: &Value) -> Vec<String> {
    list["order"]
        .as_array()
        .expect("order")
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

async fn paging_through_a_thousand_posts(server: Server) {
    let o = office(&server).await;
    let path = "/api/v4/posts";
    // Post concurrently in batches, from two users.
    for batch in 0..POSTS / 50 {
        let requests = (0..50).map(|i| {
            let client = if i % 2 == 0 { &o.admin } else { &o.bob };
            let n = batch * 50 + i;
            client.post(
                path,
                json!({"channel_id": o.channel_id, "message": format!("m{n}")}),
            )
        });
        for r in join_all(requests).await {
            assert_eq!(r.status, 201, "{}", r.body);
        }
    }
    let channel = o
        .bob
        .get(&format!("/api/v4/channels/{}", o.channel_id))
        .await
        .expect(200);
    assert_eq!(channel["total_msg_count"], POSTS);

    // page/per_page: every post exactly once, newest first, in create_at order.
    let base = format!("/api/v4/channels/{}/posts", o.channel_id);
    let mut by_page = vec![];
    let mut last_at = i64::MAX;
    for page in 0.. {
        let list = o
            .bob
            .get(&format!("{base}?page={page}&per_page=200"))
            .await
            .expect(200);
        let ids = order(&list);
        for id in &ids {
            let at = list["posts"][id]["create_at"].as_i64().unwrap();
            assert!(at <= last_at, "newest first");
            last_at = at;
        }
        if ids.is_empty() {
            assert_eq!(list["prev_post_id"], "");
            break;
        }
        by_page.extend(ids);
    }
    assert_eq!(by_page.len(), POSTS);
    assert_eq!(by_page.iter().collect::<HashSet<_>>().len(), POSTS);

    // before cursors, walking back with prev_post_id semantics: the same sequence.
    let first = o.bob.get(&format!("{base}?per_page=60")).await.expect(200);
    assert_eq!(first["next_post_id"], "");
    let mut walked = order(&first);
    loop {
        let oldest = walked.last().unwrap().clone();
        let list = o
            .bob
            .get(&format!("{base}?before={oldest}&per_page=60"))
            .await
            .expect(200);
        assert_eq!(list["next_post_id"], oldest.as_str());
        let ids = order(&list);
        if ids.is_empty() {
            assert_eq!(list["prev_post_id"], "");
            break;
        }
        if ids.len() < 60 {
            assert_eq!(list["prev_post_id"], "");
        } else {
            assert_eq!(
                list["prev_post_id"],
                walked_next(&by_page, ids.last().unwrap())
            );
        }
        walked.extend(ids);
    }
    assert_eq!(walked, by_page);

    // after cursors, walking forward from the oldest post: the same sequence reversed.
    let oldest = by_page.last().unwrap().clone();
    let mut forward = vec![oldest.clone()];
    let mut cursor = oldest;
    loop {
        let list = o
            .bob
            .get(&format!("{base}?after={cursor}&per_page=75"))
            .await
            .expect(200);
        assert_eq!(list["prev_post_id"], cursor.as_str());
        let mut ids = order(&list);
        if ids.is_empty() {
            break;
        }
        ids.reverse();
        cursor = ids.last().unwrap().clone();
        forward.extend(ids);
    }
    forward.reverse();
    assert_eq!(forward, by_page);

    // Page 1 of a before query skips one page.
    let middle = &by_page[100];
    let list = o
        .bob
        .get(&format!("{base}?before={middle}&per_page=10&page=1"))
        .await
        .expect(200);
    assert_eq!(order(&list), by_page[111..121].to_vec());
}

/// The post after `id` in newest-first order (the next older post), or "" at the end.
fn walked_next(all: &[String], id: &str) -> String {
    let at = all.iter().position(|x| x == id).unwrap();
    all.get(at + 1).cloned().unwrap_or_default()
}
