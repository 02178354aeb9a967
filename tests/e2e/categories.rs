//! Sidebar categories: defaults, custom categories, moving channels, order, and their limits.

use hearth_e2e::{Client, Server, on_both_backends};
use serde_json::{Value, json};

use crate::fixtures::{channel, id, member, office};

on_both_backends!(
    categories_hold_every_channel_once,
    category_changes_are_checked
);

/// The channel ids of the category of `kind` (the first one, for `custom`).
fn channels_of(sidebar: &Value, kind: &str) -> Vec<String> {
    let category = sidebar["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["type"] == kind)
        .unwrap_or_else(|| panic!("no {kind} category in {sidebar}"));
    category["channel_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

async fn sidebar(client: &Client, tid: &str) -> Value {
    client
        .get(&format!("/api/v4/users/me/teams/{tid}/channels/categories"))
        .await
        .expect(200)
}

async fn categories_hold_every_channel_once(server: Server) {
    let office = office(&server).await;
    let bob = member(&server, &office, "bob").await;
    let tid = &office.team_id;
    let base = format!("/api/v4/users/me/teams/{tid}/channels/categories");
    let (ts, ot) = (office.town_square.clone(), office.off_topic.clone());
    let first = sidebar(&bob, tid).await;
    assert_eq!(channels_of(&first, "channels").len(), 2);
    assert_eq!(first["categories"][0]["display_name"], "Favorites");
    assert_eq!(first["categories"][2]["sorting"], "recent");
    // A custom category takes its channels out of `channels` and goes to the top.
    let work = bob
        .post(&base, json!({"display_name": "Work", "channel_ids": [ts]}))
        .await
        .expect(200);
    assert_eq!(work["type"], "custom");
    assert_eq!(work["channel_ids"], json!([ts]));
    let work_id = id(&work);
    let now = sidebar(&bob, tid).await;
    assert_eq!(now["order"][0], work_id.as_str());
    assert_eq!(channels_of(&now, "channels"), vec![ot.clone()]);
    let single = bob.get(&format!("{base}/{work_id}")).await.expect(200);
    assert_eq!(single["display_name"], "Work");
    // Moving off-topic to favorites in a bulk update, renaming Work on the way.
    let favorites = now["categories"][1].clone();
    assert_eq!(favorites["type"], "favorites");
    let mut fav = favorites.clone();
    fav["channel_ids"] = json!([ot]);
    let mut renamed = single.clone();
    renamed["display_name"] = json!("Projects");
    let updated = bob.put(&base, json!([fav, renamed])).await.expect(200);
    assert_eq!(updated.as_array().unwrap().len(), 2);
    let now = sidebar(&bob, tid).await;
    assert_eq!(channels_of(&now, "favorites"), vec![ot.clone()]);
    assert_eq!(channels_of(&now, "channels"), Vec::<String>::new());
    assert_eq!(channels_of(&now, "custom"), vec![ts.clone()]);
    // A channel joined later lands in `channels`; one left disappears from its category.
    let later = channel(&bob, &office.team_id, "later", "O").await;
    let now = sidebar(&bob, tid).await;
    assert_eq!(channels_of(&now, "channels"), vec![later.clone()]);
    let mut work_now = bob.get(&format!("{base}/{work_id}")).await.expect(200);
    work_now["channel_ids"] = json!([ts, later]);
    bob.put(&format!("{base}/{work_id}"), work_now)
        .await
        .expect(200);
    bob.delete(&format!("/api/v4/channels/{later}/members/me"))
        .await
        .expect(200);
    let now = sidebar(&bob, tid).await;
    assert_eq!(channels_of(&now, "custom"), vec![ts.clone()]);
    // Reordering, then deleting the custom category: its channel goes back to `channels`.
    let mut order: Vec<String> = now["order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    order.reverse();
    let saved = bob
        .put(&format!("{base}/order"), json!(order))
        .await
        .expect(200);
    assert_eq!(saved, json!(order));
    let got = bob.get(&format!("{base}/order")).await.expect(200);
    assert_eq!(got, json!(order));
    bob.delete(&format!("{base}/{work_id}")).await.expect(200);
    let now = sidebar(&bob, tid).await;
    assert_eq!(now["categories"].as_array().unwrap().len(), 3);
    assert_eq!(channels_of(&now, "channels"), vec![ts.clone()]);
    assert_eq!(channels_of(&now, "favorites"), vec![ot]);
}

async fn category_changes_are_checked(server: Server) {
    let office = office(&server).await;
    let bob = member(&server, &office, "bob").await;
    let carol = member(&server, &office, "carol").await;
    let tid = &office.team_id;
    let base = format!("/api/v4/users/me/teams/{tid}/channels/categories");
    let now = sidebar(&bob, tid).await;
    let channels = now["categories"][1].clone();
    let dms = now["categories"][2].clone();
    let dm = bob
        .post(
            "/api/v4/channels/direct",
            json!([bob.user_id(), carol.user_id()]),
        )
        .await
        .expect(201);
    let secret = channel(&office.admin, &office.team_id, "secret", "P").await;
    let mut wrong_kind = channels.clone();
    wrong_kind["channel_ids"] = json!([id(&dm)]);
    let mut public_in_dms = dms.clone();
    public_in_dms["channel_ids"] = json!([office.town_square]);
    let mut not_member = channels.clone();
    not_member["channel_ids"] = json!([secret]);
    let mut unknown = channels.clone();
    unknown["id"] = json!("custom_nothing");
    let order: Vec<Value> = now["order"].as_array().unwrap().clone();
    let cases = [
        (bob.put(&base, json!([wrong_kind])).await.status, 400),
        (bob.put(&base, json!([public_in_dms])).await.status, 400),
        (bob.put(&base, json!([not_member])).await.status, 400),
        (bob.put(&base, json!([unknown])).await.status, 404),
        (bob.put(&base, json!([])).await.status, 400),
        (bob.put(&base, json!({"not": "a list"})).await.status, 400),
        (
            bob.post(&base, json!({"display_name": ""})).await.status,
            400,
        ),
        (
            bob.post(&base, json!({"display_name": "X", "sorting": "random"}))
                .await
                .status,
            400,
        ),
        (
            bob.put(&format!("{base}/order"), json!(order[..2]))
                .await
                .status,
            400,
        ),
        (
            bob.delete(&format!("{base}/{}", id(&channels)))
                .await
                .status,
            400,
        ),
        (bob.get(&format!("{base}/custom_nothing")).await.status, 404),
    ];
    for (i, (got, want)) in cases.iter().enumerate() {
        assert_eq!(got, want, "case {i}");
    }
    // Someone else's sidebar is off limits; so is a team one is not in.
    let uid = bob.user_id();
    let theirs = format!("/api/v4/users/{uid}/teams/{tid}/channels/categories");
    assert_eq!(carol.get(&theirs).await.status, 403);
    let other = office
        .admin
        .post(
            "/api/v4/teams",
            json!({"name": "other", "display_name": "Other", "type": "I"}),
        )
        .await
        .expect(201);
    let oid = id(&other);
    let r = bob
        .get(&format!("/api/v4/users/me/teams/{oid}/channels/categories"))
        .await;
    assert_eq!(r.status, 403);
}
