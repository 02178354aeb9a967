//! Team and channel admin roles, set the two ways the apps do it: role names and scheme flags.

use hearth_e2e::{Server, on_both_backends};
use serde_json::json;

use crate::fixtures::{add_to_channel, channel, member, office};

on_both_backends!(team_and_channel_admins_are_made_by_admins);

async fn team_and_channel_admins_are_made_by_admins(server: Server) {
    let o = office(&server).await;
    let (bob, cara) = (
        member(&server, &o, "bob").await,
        member(&server, &o, "cara").await,
    );
    let (tid, bid, cid) = (&o.team_id, bob.user_id(), cara.user_id());
    // Bob is no team admin yet: he cannot remove Cara or promote himself.
    assert_eq!(
        bob.delete(&format!("/api/v4/teams/{tid}/members/{cid}"))
            .await
            .status,
        403
    );
    let r = bob
        .put(
            &format!("/api/v4/teams/{tid}/members/{bid}/schemeRoles"),
            json!({"scheme_admin": true, "scheme_user": true}),
        )
        .await;
    assert_eq!(r.status, 403);
    o.admin
        .put(
            &format!("/api/v4/teams/{tid}/members/{bid}/schemeRoles"),
            json!({"scheme_admin": true, "scheme_user": true}),
        )
        .await
        .expect(200);
    let m = bob
        .get(&format!("/api/v4/teams/{tid}/members/{bid}"))
        .await
        .expect(200);
    assert_eq!(m["scheme_admin"], true);
    assert_eq!(m["roles"], "team_user team_admin");
    bob.delete(&format!("/api/v4/teams/{tid}/members/{cid}"))
        .await
        .expect(200);
    // Role names work too, and nonsense is refused.
    o.admin
        .put(
            &format!("/api/v4/teams/{tid}/members/{bid}/roles"),
            json!({"roles": "team_user"}),
        )
        .await
        .expect(200);
    let r = o
        .admin
        .put(
            &format!("/api/v4/teams/{tid}/members/{bid}/roles"),
            json!({"roles": "team_admin"}),
        )
        .await;
    assert_eq!(r.status, 400);
    // Channel admin through schemeRoles: Bob, made admin of a private channel, may then change roles there.
    let dave = member(&server, &o, "dave").await;
    let secret = channel(&o.admin, &o.team_id, "secret", "P").await;
    add_to_channel(&o.admin, &secret, &bob.user_id()).await;
    add_to_channel(&o.admin, &secret, &dave.user_id()).await;
    let dave_roles = format!(
        "/api/v4/channels/{secret}/members/{}/schemeRoles",
        dave.user_id()
    );
    assert_eq!(
        bob.put(
            &dave_roles,
            json!({"scheme_admin": true, "scheme_user": true})
        )
        .await
        .status,
        403
    );
    o.admin
        .put(
            &format!("/api/v4/channels/{secret}/members/{bid}/schemeRoles"),
            json!({"scheme_admin": true, "scheme_user": true}),
        )
        .await
        .expect(200);
    bob.put(
        &dave_roles,
        json!({"scheme_admin": true, "scheme_user": true}),
    )
    .await
    .expect(200);
    let m = dave
        .get(&format!("/api/v4/channels/{secret}/members/me"))
        .await
        .expect(200);
    assert_eq!(m["roles"], "channel_user channel_admin");
}
