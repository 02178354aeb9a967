//! Slash commands: custom commands calling a target on loopback (POST and GET, ephemeral answers
//! over the WebSocket, in-channel answers as posts) and every built-in command.

use hearth_e2e::fixtures::{channel, id, member, office};
use hearth_e2e::target::{Reply, Target, form};
use hearth_e2e::{Client, Server, WsClient, on_both_backends};
use serde_json::{Value, json};

use crate::integrations::{ENV, last_post};

on_both_backends!(
    env = ENV;
    custom_commands_call_their_url,
    builtin_commands_work,
);

async fn run(client: &Client, channel_id: &str, command: &str) -> Value {
    client
        .post(
            "/api/v4/commands/execute",
            json!({"channel_id": channel_id, "command": command}),
        )
        .await
        .expect(200)
}

fn nested_post(event: &Value) -> Value {
    serde_json::from_str(event["data"]["post"].as_str().expect("post string")).expect("post JSON")
}

async fn custom_commands_call_their_url(server: Server) {
    let o = office(&server).await;
    let ephemeral = json!({"response_type": "ephemeral", "text": "only you see this"});
    let mut target = Target::start(Reply::Ok("application/json", ephemeral.to_string())).await;
    let command = o
        .admin
        .post(
            "/api/v4/commands",
            json!({"team_id": o.team_id, "trigger": "weather", "method": "P", "url": target.url,
                   "auto_complete": true, "auto_complete_desc": "Weather", "display_name": "Weather"}),
        )
        .await
        .expect(201);
    let token = command["token"].as_str().unwrap().to_owned();
    o.admin
        .post(
            "/api/v4/commands",
            json!({"team_id": o.team_id, "trigger": "weather", "method": "P", "url": target.url}),
        )
        .await
        .expect(400);

    let bob = member(&server, &o, "bob").await;
    let mut ws = WsClient::connect(&server.url, bob.token.as_deref().unwrap(), "").await;
    ws.expect_event("hello").await;
    let response = run(&bob, &o.town_square, "/weather berlin tomorrow").await;
    assert_eq!(response["response_type"], "ephemeral");
    assert_eq!(response["text"], "only you see this");
    let request = target.next_request().await;
    assert_eq!(request.method, "POST");
    assert_eq!(
        request.header("authorization"),
        Some(format!("Token {token}").as_str())
    );
    let fields = form(&request.body);
    let get = |k: &str| {
        fields
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    assert_eq!(get("command"), "/weather");
    assert_eq!(get("text"), "berlin tomorrow");
    assert_eq!(get("user_name"), "bob");
    assert_eq!(get("channel_id"), o.town_square);
    assert_eq!(get("token"), token);
    let event = ws.expect_event("ephemeral_message").await;
    assert_eq!(event["broadcast"]["user_id"], bob.user_id());
    let post = nested_post(&event);
    assert_eq!(post["message"], "only you see this");
    assert_eq!(post["type"], "system_ephemeral");
    let stored = bob
        .get(&format!("/api/v4/channels/{}/posts", o.town_square))
        .await
        .expect(200);
    assert!(
        !stored.to_string().contains("only you see this"),
        "ephemeral is not stored"
    );

    // A GET command answering in the channel: a real post.
    let in_channel =
        json!({"response_type": "in_channel", "text": "sunny", "username": "weatherman"});
    let mut target2 = Target::start(Reply::Ok("application/json", in_channel.to_string())).await;
    o.admin
        .post(
            "/api/v4/commands",
            json!({"team_id": o.team_id, "trigger": "sun", "method": "G", "url": target2.url}),
        )
        .await
        .expect(201);
    let sun = run(&bob, &o.town_square, "/sun now").await;
    assert_eq!(sun["text"], "sunny", "{sun}");
    let request = target2.next_request().await;
    assert_eq!(request.method, "GET");
    assert!(request.target.contains("text=now"), "{}", request.target);
    let post = last_post(&bob, &o.town_square).await;
    assert_eq!(post["message"], "sunny");
    assert_eq!(post["user_id"], bob.user_id());
    assert_eq!(post["props"]["override_username"], "weatherman");
    assert_eq!(post["props"]["from_webhook"], "true");

    // Lists, autocomplete, token, delete.
    let auto = bob
        .get(&format!(
            "/api/v4/teams/{}/commands/autocomplete",
            o.team_id
        ))
        .await
        .expect(200);
    let weather = auto
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["trigger"] == "weather")
        .expect("listed");
    assert_eq!(weather["token"], "", "secrets are not shown to users");
    assert!(
        auto.as_array()
            .unwrap()
            .iter()
            .any(|c| c["trigger"] == "join")
    );
    let suggestions = bob
        .get(&format!(
            "/api/v4/teams/{}/commands/autocomplete_suggestions?user_input=/wea",
            o.team_id
        ))
        .await
        .expect(200);
    assert_eq!(suggestions[0]["Complete"], "weather");
    let custom = o
        .admin
        .get(&format!(
            "/api/v4/commands?team_id={}&custom_only=true",
            o.team_id
        ))
        .await
        .expect(200);
    assert_eq!(custom.as_array().unwrap().len(), 2);
    bob.get(&format!(
        "/api/v4/commands?team_id={}&custom_only=true",
        o.team_id
    ))
    .await
    .expect(403);
    let regen = o
        .admin
        .put(
            &format!("/api/v4/commands/{}/regen_token", id(&command)),
            json!({}),
        )
        .await
        .expect(200);
    assert_ne!(regen["token"], token);
    o.admin
        .delete(&format!("/api/v4/commands/{}", id(&command)))
        .await
        .expect(200);
    let gone = bob
        .post(
            "/api/v4/commands/execute",
            json!({"channel_id": o.town_square, "command": "/weather"}),
        )
        .await;
    assert_eq!(gone.status, 404);
}

async fn builtin_commands_work(server: Server) {
    let o = office(&server).await;
    let bob = member(&server, &o, "bob").await;
    let carol = member(&server, &o, "carol").await;
    let mut ws = WsClient::connect(&server.url, bob.token.as_deref().unwrap(), "").await;
    ws.expect_event("hello").await;
    let general = channel(&o.admin, &o.team_id, "general", "O").await;

    let joined = run(&bob, &o.town_square, "/join ~general").await;
    assert!(
        joined["goto_location"]
            .as_str()
            .unwrap()
            .ends_with("/office/channels/general"),
        "{joined}"
    );
    bob.get(&format!(
        "/api/v4/channels/{general}/members/{}",
        bob.user_id()
    ))
    .await
    .expect(200);

    run(&bob, &general, "/me waves").await;
    let post = last_post(&bob, &general).await;
    assert_eq!(post["message"], "*waves*");
    assert_eq!(post["type"], "me");

    run(&bob, &general, "/shrug oh well").await;
    assert_eq!(
        last_post(&bob, &general).await["message"],
        "oh well ¯\\\\\\_(ツ)\\_/¯"
    );

    run(&bob, &general, "/header Build status here").await;
    run(&bob, &general, "/purpose Talk about builds").await;
    let ch = bob
        .get(&format!("/api/v4/channels/{general}"))
        .await
        .expect(200);
    assert_eq!(ch["header"], "Build status here");
    assert_eq!(ch["purpose"], "Talk about builds");

    run(&bob, &general, "/invite @carol").await;
    carol
        .get(&format!(
            "/api/v4/channels/{general}/members/{}",
            carol.user_id()
        ))
        .await
        .expect(200);
    run(&bob, &general, "/kick @carol").await;
    let kicked = o
        .admin
        .get(&format!(
            "/api/v4/channels/{general}/members/{}",
            carol.user_id()
        ))
        .await;
    assert_eq!(kicked.status, 404);

    let msg = run(&bob, &general, "/msg @carol hello there").await;
    assert!(
        msg["goto_location"]
            .as_str()
            .unwrap()
            .contains("/office/channels/"),
        "{msg}"
    );
    let dm = bob
        .post(
            "/api/v4/channels/direct",
            json!([bob.user_id(), carol.user_id()]),
        )
        .await
        .expect(201);
    assert_eq!(last_post(&carol, &id(&dm)).await["message"], "hello there");

    for (command, status) in [("/away", "away"), ("/dnd", "dnd"), ("/online", "online")] {
        let response = run(&bob, &general, command).await;
        assert_eq!(response["response_type"], "ephemeral");
        let now = bob.get("/api/v4/users/me/status").await.expect(200);
        assert_eq!(now["status"], status, "{command}");
    }

    let help = run(&bob, &general, "/help").await;
    assert!(help["text"].as_str().unwrap().contains("/join"), "{help}");
    let search = run(&bob, &general, "/search builds").await;
    assert_eq!(search["response_type"], "ephemeral");
    assert!(!search["text"].as_str().unwrap().is_empty());
    let event = ws.expect_event("ephemeral_message").await;
    assert_eq!(nested_post(&event)["channel_id"], general);

    run(&bob, &general, "/leave").await;
    let left = o
        .admin
        .get(&format!(
            "/api/v4/channels/{general}/members/{}",
            bob.user_id()
        ))
        .await;
    assert_eq!(left.status, 404);

    // Refusals are answered ephemerally; unknown commands are 404.
    let refused = run(&bob, &o.town_square, "/join ~nowhere").await;
    assert!(!refused["text"].as_str().unwrap().is_empty());
    let unknown = bob
        .post(
            "/api/v4/commands/execute",
            json!({"channel_id": o.town_square, "command": "/nope"}),
        )
        .await;
    assert_eq!(unknown.status, 404);
    let malformed = bob
        .post(
            "/api/v4/commands/execute",
            json!({"channel_id": o.town_square, "command": "join"}),
        )
        .await;
    assert_eq!(malformed.status, 400);
}
