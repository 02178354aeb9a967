//! Post search: every operator of Mattermost's syntax, words inside words, Chinese, Japanese and
//! Korean text, edits and deletes reaching the index, paging, and results confined to the
//! channels the searcher may read.

use std::collections::HashSet;

use hearth_e2e::{Client, Server, on_both_backends};
use serde_json::{Value, json};

use crate::fixtures::{self, add_to_channel, channel, id, post};

on_both_backends!(
    words_phrases_exclusions_and_prefixes,
    from_in_and_hashtags,
    dates_in_the_searchers_time_zone,
    chinese_japanese_korean_edits_and_deletes,
    only_readable_channels_are_searched,
    results_are_paged,
    bad_search_input_is_rejected,
    archived_channels_are_searched_by_name
);

/// `client` searches `team_id` (every team when `None`) with `extra` body fields.
async fn search_with(client: &Client, team_id: Option<&str>, terms: &str, extra: Value) -> Value {
    let path = match team_id {
        Some(t) => format!("/api/v4/teams/{t}/posts/search"),
        None => "/api/v4/posts/search".to_owned(),
    };
    let mut body = json!({"terms": terms, "is_or_search": false});
    body.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    client.post(&path, body).await.expect(200)
}

fn order(results: &Value) -> Vec<String> {
    results["order"]
        .as_array()
        .expect("order")
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

/// The ids found in the team, newest first.
async fn found(client: &Client, team_id: &str, terms: &str) -> Vec<String> {
    order(&search_with(client, Some(team_id), terms, json!({})).await)
}

/// Posts `messages` in order, returning their ids.
async fn post_all(client: &Client, channel_id: &str, messages: &[&str]) -> Vec<String> {
    let mut ids = Vec::new();
    for m in messages {
        ids.push(id(&post(client, channel_id, m, "").await));
    }
    ids
}

struct Office {
    admin: Client,
    bob: Client,
    carol: Client,
    team_id: String,
    general: String,
}

/// The office team with bob and carol, and a public channel `general` holding all three.
async fn office(server: &Server) -> Office {
    let o = fixtures::office(server).await;
    let bob = fixtures::member(server, &o, "bob").await;
    let carol = fixtures::member(server, &o, "carol").await;
    let general = channel(&o.admin, &o.team_id, "general", "O").await;
    add_to_channel(&o.admin, &general, &bob.user_id()).await;
    add_to_channel(&o.admin, &general, &carol.user_id()).await;
    Office {
        admin: o.admin,
        bob,
        carol,
        team_id: o.team_id,
        general,
    }
}

async fn words_phrases_exclusions_and_prefixes(server: Server) {
    let o = office(&server).await;
    let p = post_all(
        &o.admin,
        &o.general,
        &[
            "The quarterly report is ready",
            "Report draft: quarterly numbers later",
            "deployment finished on staging",
            "deploy to production now",
            "Lets go to lunch",
            "going home",
        ],
    )
    .await;
    let (t, bob) = (&o.team_id, &o.bob);
    assert_eq!(
        found(bob, t, "quarterly report").await,
        [p[1].as_str(), p[0].as_str()]
    );
    assert_eq!(
        found(bob, t, "QUARTERLY").await,
        [p[1].as_str(), p[0].as_str()]
    );
    assert_eq!(found(bob, t, "\"quarterly report\"").await, [p[0].as_str()]);
    assert_eq!(found(bob, t, "quarterly -draft").await, [p[0].as_str()]);
    assert_eq!(
        found(bob, t, "quarterly -\"report is\"").await,
        [p[1].as_str()]
    );
    assert!(found(bob, t, "staging production").await.is_empty());
    let either = search_with(
        bob,
        Some(t.as_str()),
        "staging production",
        json!({"is_or_search": true}),
    );
    assert_eq!(order(&either.await), [p[3].as_str(), p[2].as_str()]);
    assert_eq!(
        found(bob, t, "deploy*").await,
        [p[3].as_str(), p[2].as_str()]
    );
    assert_eq!(found(bob, t, "finish*").await, [p[2].as_str()]);
    // A short word is a whole word: "go" is not found in "going".
    assert_eq!(found(bob, t, "go").await, [p[4].as_str()]);
    // Longer words are found inside longer words.
    assert_eq!(found(bob, t, "ploy").await, [p[3].as_str(), p[2].as_str()]);
    let results = search_with(bob, Some(t.as_str()), "port", json!({})).await;
    assert_eq!(order(&results), [p[1].as_str(), p[0].as_str()]);
    assert_eq!(results["matches"][&p[0]], json!(["report"]));
    assert_eq!(results["matches"][&p[1]], json!(["Report"]));
    assert_eq!(
        results["posts"][&p[0]]["message"],
        "The quarterly report is ready"
    );
    assert_eq!(results["has_next"], false);
    assert!(found(bob, t, "nothing-like-this").await.is_empty());
}

async fn from_in_and_hashtags(server: Server) {
    let o = office(&server).await;
    let random = channel(&o.admin, &o.team_id, "random", "O").await;
    add_to_channel(&o.admin, &random, &o.bob.user_id()).await;
    add_to_channel(&o.admin, &random, &o.carol.user_id()).await;
    let dm = o
        .admin
        .post(
            "/api/v4/channels/direct",
            json!([o.admin.user_id(), o.bob.user_id()]),
        )
        .await
        .expect(201);
    let by_admin = id(&post(&o.admin, &o.general, "budget from admin #finance", "").await);
    let by_bob = id(&post(&o.bob, &o.general, "budget from bob", "").await);
    let by_carol = id(&post(&o.carol, &random, "budget from carol #Finance-2024", "").await);
    let direct = id(&post(&o.admin, &id(&dm), "budget in direct", "").await);
    let untagged = id(&post(&o.bob, &random, "finance without a tag", "").await);
    let (t, bob) = (&o.team_id, &o.bob);

    assert_eq!(
        found(bob, t, "budget from:admin").await,
        [direct.as_str(), by_admin.as_str()]
    );
    assert_eq!(
        found(bob, t, "budget from:@bob from:carol").await,
        [by_carol.as_str(), by_bob.as_str()]
    );
    assert_eq!(
        found(bob, t, "from:bob").await,
        [untagged.as_str(), by_bob.as_str()]
    );
    assert_eq!(
        found(bob, t, "budget -from:bob").await,
        [direct.as_str(), by_carol.as_str(), by_admin.as_str()]
    );
    assert_eq!(
        found(bob, t, "budget in:general").await,
        [by_bob.as_str(), by_admin.as_str()]
    );
    assert_eq!(
        found(bob, t, "budget in:general in:random").await,
        [by_carol.as_str(), by_bob.as_str(), by_admin.as_str()]
    );
    assert_eq!(found(bob, t, "budget in:@admin").await, [direct.as_str()]);
    assert_eq!(
        found(bob, t, "budget -in:general").await,
        [direct.as_str(), by_carol.as_str()]
    );
    assert_eq!(found(bob, t, "#finance").await, [by_admin.as_str()]);
    assert_eq!(found(bob, t, "#FINANCE").await, [by_admin.as_str()]);
    assert_eq!(found(bob, t, "#finance-2024").await, [by_carol.as_str()]);
    assert_eq!(
        found(bob, t, "finance -#finance").await,
        [untagged.as_str(), by_carol.as_str()]
    );
    assert!(found(bob, t, "budget from:nobody").await.is_empty());
    assert!(found(bob, t, "budget in:nowhere").await.is_empty());
}

/// `YYYY-MM-DD` of a time in milliseconds.
fn day(ms: i64) -> String {
    let date = time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000)).unwrap();
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

async fn dates_in_the_searchers_time_zone(server: Server) {
    let o = office(&server).await;
    let p = post(&o.admin, &o.general, "standup notes", "").await;
    let at = p["create_at"].as_i64().unwrap();
    let (east, west) = (14 * 3600, -12 * 3600);
    // 26 hours apart: the post is on different days in these two time zones.
    let east_day = day(at + east * 1000);
    let west_day = day(at + west * 1000);
    let day_ms = 86_400_000;
    let in_zone = |terms: String, offset: i64| {
        let bob = o.bob.clone();
        let team_id = o.team_id.clone();
        async move {
            let extra = json!({"time_zone_offset": offset});
            order(&search_with(&bob, Some(team_id.as_str()), &terms, extra).await).len()
        }
    };
    assert_eq!(in_zone(format!("standup on:{east_day}"), east).await, 1);
    assert_eq!(in_zone(format!("standup on:{east_day}"), west).await, 0);
    assert_eq!(in_zone(format!("on:{west_day}"), west).await, 1);
    assert_eq!(in_zone(format!("on:{west_day}"), east).await, 0);
    let east_before = day(at + east * 1000 - day_ms);
    let east_after = day(at + east * 1000 + day_ms);
    assert_eq!(
        in_zone(format!("standup after:{east_before}"), east).await,
        1
    );
    assert_eq!(in_zone(format!("standup after:{east_day}"), east).await, 0);
    assert_eq!(
        in_zone(format!("standup before:{east_after}"), east).await,
        1
    );
    assert_eq!(in_zone(format!("standup before:{east_day}"), east).await, 0);
    let range = format!("standup after:{east_before} before:{east_after}");
    assert_eq!(in_zone(range, east).await, 1);
}

async fn chinese_japanese_korean_edits_and_deletes(server: Server) {
    let o = office(&server).await;
    let p = post_all(
        &o.admin,
        &o.general,
        &[
            "我们明天在北京开会",
            "東京都で会議があります",
            "한국어 검색 테스트입니다",
            "old wording here",
        ],
    )
    .await;
    let (t, bob) = (&o.team_id, &o.bob);
    assert_eq!(found(bob, t, "北京").await, [p[0].as_str()]);
    assert_eq!(found(bob, t, "明天在北京").await, [p[0].as_str()]);
    assert_eq!(found(bob, t, "会議").await, [p[1].as_str()]);
    assert_eq!(found(bob, t, "東京都").await, [p[1].as_str()]);
    assert_eq!(found(bob, t, "검색").await, [p[2].as_str()]);
    assert_eq!(found(bob, t, "테스트").await, [p[2].as_str()]);
    let results = search_with(bob, Some(t.as_str()), "会議", json!({})).await;
    assert_eq!(results["matches"][&p[1]], json!(["会議"]));

    assert_eq!(found(bob, t, "wording").await, [p[3].as_str()]);
    o.admin
        .put(
            &format!("/api/v4/posts/{}/patch", p[3]),
            json!({"message": "new phrasing here"}),
        )
        .await
        .expect(200);
    assert!(found(bob, t, "wording").await.is_empty());
    assert_eq!(found(bob, t, "phrasing").await, [p[3].as_str()]);
    assert_eq!(found(bob, t, "\"new phrasing\"").await, [p[3].as_str()]);
    o.admin
        .delete(&format!("/api/v4/posts/{}", p[3]))
        .await
        .expect(200);
    assert!(found(bob, t, "phrasing").await.is_empty());
}

async fn only_readable_channels_are_searched(server: Server) {
    let o = office(&server).await;
    let secret = channel(&o.admin, &o.team_id, "secret", "P").await;
    add_to_channel(&o.admin, &secret, &o.carol.user_id()).await;
    let hidden = id(&post(&o.admin, &secret, "launch codes", "").await);
    let public = id(&post(&o.admin, &o.general, "launch party", "").await);
    let t = &o.team_id;
    assert_eq!(found(&o.bob, t, "launch").await, [public.as_str()]);
    let everywhere = search_with(&o.bob, None, "launch", json!({})).await;
    assert_eq!(order(&everywhere), [public.as_str()]);
    assert!(everywhere["posts"].get(&hidden).is_none());
    assert_eq!(
        found(&o.carol, t, "launch").await,
        [public.as_str(), hidden.as_str()]
    );

    // A guest finds only the posts of its own channel.
    let office_fixture = fixtures::Office {
        admin: o.admin.clone(),
        team_id: o.team_id.clone(),
        town_square: String::new(),
        off_topic: String::new(),
    };
    let guest = fixtures::guest(&server, &office_fixture, "gus").await;
    let lobby = channel(&o.admin, &o.team_id, "lobby", "O").await;
    add_to_channel(&o.admin, &lobby, &guest.user_id()).await;
    let for_guest = id(&post(&o.admin, &lobby, "launch lobby", "").await);
    assert_eq!(found(&guest, t, "launch").await, [for_guest.as_str()]);
    let everywhere = search_with(&guest, None, "launch", json!({})).await;
    assert_eq!(order(&everywhere), [for_guest.as_str()]);

    // Archived channels only when asked for.
    o.admin
        .delete(&format!("/api/v4/channels/{}", o.general))
        .await
        .expect(200);
    assert!(found(&o.bob, t, "launch").await.is_empty());
    let with_archived = json!({"include_deleted_channels": true});
    let archived = search_with(&o.bob, Some(t.as_str()), "launch", with_archived).await;
    assert_eq!(order(&archived), [public.as_str()]);

    // Another team's posts are in the all-teams search, not in this team's; a team the
    // searcher is not in is refused.
    let other = o
        .admin
        .post(
            "/api/v4/teams",
            json!({"name": "other", "display_name": "Other", "type": "I"}),
        )
        .await
        .expect(201);
    let other_id = id(&other);
    let elsewhere = channel(&o.admin, &other_id, "elsewhere", "O").await;
    let far = id(&post(&o.admin, &elsewhere, "launch elsewhere", "").await);
    assert!(!found(&o.admin, t, "launch").await.contains(&far));
    let everywhere = search_with(&o.admin, None, "launch", json!({})).await;
    assert_eq!(order(&everywhere)[0], far);
    let r = o
        .bob
        .post(
            &format!("/api/v4/teams/{other_id}/posts/search"),
            json!({"terms": "launch", "is_or_search": false}),
        )
        .await;
    assert_eq!(r.status, 403, "{}", r.body);
}

async fn results_are_paged(server: Server) {
    let o = office(&server).await;
    let mut posted = Vec::new();
    for n in 0..25 {
        posted.push(id(
            &post(&o.admin, &o.general, &format!("needle {n}"), "").await
        ));
    }
    posted.reverse();
    let mut seen = Vec::new();
    for page in 0..3 {
        let extra = json!({"page": page, "per_page": 10});
        let results = search_with(&o.bob, Some(o.team_id.as_str()), "needle", extra).await;
        let ids = order(&results);
        assert_eq!(ids.len(), if page < 2 { 10 } else { 5 });
        assert_eq!(results["has_next"], page < 2, "page {page}");
        seen.extend(ids);
    }
    assert_eq!(seen, posted, "newest first, no gaps or repeats");
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), 25);
    let beyond = json!({"page": 3, "per_page": 10});
    let results = search_with(&o.bob, Some(o.team_id.as_str()), "needle", beyond).await;
    assert!(order(&results).is_empty());
    assert_eq!(results["matches"], json!({}));
}

async fn bad_search_input_is_rejected(server: Server) {
    let o = office(&server).await;
    let path = format!("/api/v4/teams/{}/posts/search", o.team_id);
    let status = |body: Value| {
        let (bob, path) = (o.bob.clone(), path.clone());
        async move { bob.post(&path, body).await.status }
    };
    assert_eq!(status(json!({"is_or_search": false})).await, 400);
    assert_eq!(status(json!({"terms": ""})).await, 400);
    assert_eq!(status(json!({"terms": 5})).await, 400);
    assert_eq!(status(json!({"terms": "x", "page": "one"})).await, 400);
    assert_eq!(status(json!({"terms": "on:2024-13-01"})).await, 400);
    assert_eq!(status(json!({"terms": "a ".repeat(40)})).await, 400);
    assert_eq!(status(json!({"terms": "x".repeat(2000)})).await, 400);
    let r = o
        .bob
        .post(
            "/api/v4/teams/not-an-id/posts/search",
            json!({"terms": "x"}),
        )
        .await;
    assert_eq!(r.status, 400);
    let anonymous = server.anonymous();
    let r = anonymous
        .post("/api/v4/posts/search", json!({"terms": "x"}))
        .await;
    assert_eq!(r.status, 401);
    // Only filters or only punctuation: a valid search with nothing to find.
    let results = search_with(&o.bob, None, "... ,,", json!({})).await;
    assert!(order(&results).is_empty());
}

async fn archived_channels_are_searched_by_name(server: Server) {
    let o = office(&server).await;
    let old_public = channel(&o.admin, &o.team_id, "old-plans", "O").await;
    let old_private = channel(&o.admin, &o.team_id, "old-secrets", "P").await;
    let old_mine = channel(&o.admin, &o.team_id, "old-bob", "P").await;
    add_to_channel(&o.admin, &old_mine, &o.bob.user_id()).await;
    let live = channel(&o.admin, &o.team_id, "old-live", "O").await;
    for c in [&old_public, &old_private, &old_mine] {
        o.admin
            .delete(&format!("/api/v4/channels/{c}"))
            .await
            .expect(200);
    }
    let path = format!("/api/v4/teams/{}/channels/search_archived", o.team_id);
    let found = o.bob.post(&path, json!({"term": "OLD"})).await.expect(200);
    let mut ids = fixtures::field(&found, "id");
    ids.sort();
    let mut expected = vec![old_public.clone(), old_mine];
    expected.sort();
    assert_eq!(
        ids, expected,
        "archived public and bob's private, not live {live}"
    );
    let found = o
        .bob
        .post(&path, json!({"term": "plans"}))
        .await
        .expect(200);
    assert_eq!(fixtures::field(&found, "id"), [old_public]);
}
