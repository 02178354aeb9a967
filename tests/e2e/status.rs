//! `hearth status`: the server, certificate, storage and backup checks Hearth Manager's tray
//! shows, and its exit code (0 ok, 1 warning, 2 problem).

use hearth_e2e::{Backend, Server, WsClient, on_each_backend, run_hearth};
use serde_json::Value;

on_each_backend!(status_follows_the_server_and_its_backups);

async fn status(server: &Server, env: &[(&str, &str)]) -> (i32, Value) {
    let mut args = vec![
        "status".to_string(),
        "--json".into(),
        "--url".into(),
        server.url.clone(),
    ];
    args.extend(server.data_args());
    let out = run_hearth(&args, env).await;
    (
        out.code,
        serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {out:?}")),
    )
}

async fn status_follows_the_server_and_its_backups(backend: Backend) {
    let mut server = Server::start(backend).await;
    let (code, health) = status(&server, &[]).await;
    assert_eq!(health["server"]["level"], "ok", "{health}");
    assert_eq!(
        health["certificate"]["message"],
        "plain HTTP: no certificate"
    );
    assert_eq!(
        health["backup"]["level"], "warning",
        "backups are off: {health}"
    );
    assert_eq!((code, health["overall"].as_str()), (1, Some("warning")));
    assert_eq!(health["backup"]["code"], "backups_off");
    assert_eq!(health["server"]["code"], "ok");
    assert_eq!(health["people_online"], 0);

    // Someone connected is someone online.
    let admin = server.admin().await;
    let _ws = WsClient::connect(&server.url, admin.token.as_deref().unwrap(), "").await;
    let mut online = 0;
    for _ in 0..50 {
        online = status(&server, &[]).await.1["people_online"]
            .as_u64()
            .unwrap();
        if online == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(online, 1, "the connected admin is counted");

    let target = tempfile::tempdir().unwrap();
    let backups = [
        ("HEARTH_BACKUPSETTINGS_ENABLE", "true"),
        (
            "HEARTH_BACKUPSETTINGS_TARGET",
            target.path().to_str().unwrap(),
        ),
    ];
    let (_, health) = status(&server, &backups).await;
    assert_eq!(health["backup"]["message"], "no backup has succeeded yet");
    let mut run = vec!["backup".to_string(), "run".into()];
    run.extend(server.data_args());
    run_hearth(&run, &backups).await.success();
    let (code, health) = status(&server, &backups).await;
    assert!(
        health["backup"]["message"]
            .as_str()
            .unwrap()
            .contains("succeeded"),
        "{health}"
    );
    assert_eq!(
        (code, health["overall"].as_str()),
        (0, Some("ok")),
        "{health}"
    );

    server.stop().await;
    let (code, health) = status(&server, &backups).await;
    assert_eq!(health["server"]["level"], "problem");
    assert_eq!(health["server"]["code"], "server_down");
    assert!(
        health["server"]["message"]
            .as_str()
            .unwrap()
            .contains("nothing answers")
    );
    assert_eq!(code, 2);
}
