//! `hearth setup` end to end, into a root prefix: a full office-network install, run again (no
//! change), a change of answers, a failure half-way and its resume; then `hearth serve` with the
//! produced config starts and the first admin logs in over HTTPS. On SQLite and on PostgreSQL
//! (a role and database made in the harness's real cluster through its socket).

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Stdio;

use hearth_e2e::{
    Backend, cluster_socket, free_port, hearth_binary, on_each_backend, root_prefix, run_hearth,
    tls_trusting,
};
use serde_json::{Value, json};

on_each_backend!(
    setup_installs_reruns_and_follows_changed_answers,
    a_failed_step_stops_setup_and_a_rerun_resumes
);

/// Answers for an office-network install on free ports, on `backend`.
async fn answers(backend: Backend, team: &str) -> Value {
    let unique = format!("{}_{}", std::process::id(), free_port());
    let mut answers = json!({
        "data_dir": "/srv/hearth",
        "address": {"mode": "lan", "port": free_port(), "redirect_port": free_port()},
        "admin": {"username": "boss", "email": "boss@example.com"},
        "team": {"name": team, "display_name": "The Office"},
        "hearth_binary": hearth_binary(),
    });
    if backend == Backend::Postgres {
        let (socket_dir, port) = cluster_socket().await.expect("the harness's own cluster");
        answers["database"] = json!("postgres");
        answers["postgres"] = json!({
            "socket_dir": socket_dir, "port": port,
            "role": format!("hearth_{unique}"), "database": format!("hearth_{unique}"),
        });
    }
    answers
}

fn write_answers(dir: &Path, answers: &Value) -> PathBuf {
    let path = dir.join("answers.json");
    std::fs::write(&path, serde_json::to_vec_pretty(answers).unwrap()).unwrap();
    path
}

async fn setup(root: &Path, answers_file: &Path) -> hearth_e2e::CommandOutput {
    let args: Vec<String> = ["setup", "--yes", "--root"]
        .iter()
        .map(|s| s.to_string())
        .chain([
            root.display().to_string(),
            "--answers".into(),
            answers_file.display().to_string(),
        ])
        .collect();
    run_hearth(&args, &[("HEARTH_SETUP_ADMIN_PASSWORD", "boss-password")]).await
}

fn mode_and_owner(path: &Path) -> (u32, u32) {
    let meta = std::fs::metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (meta.permissions().mode() & 0o777, meta.uid())
}

fn uid_of(root: &Path, user: &str) -> u32 {
    let passwd = std::fs::read_to_string(root.join("etc/passwd")).unwrap();
    let line = passwd
        .lines()
        .find(|l| l.starts_with(&format!("{user}:")))
        .unwrap_or_else(|| panic!("{user} is in {}/etc/passwd", root.display()));
    line.split(':').nth(2).unwrap().parse().unwrap()
}

/// Starts `hearth serve` on the installed data and config; returns it with its HTTPS base URL.
async fn serve_installed(data: &Path) -> (tokio::process::Child, String) {
    let mut child = tokio::process::Command::new(hearth_binary())
        .args(["serve", "--data-dir"])
        .arg(data)
        .arg("--config")
        .arg(data.join("config.json"))
        .env("HEARTH_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .expect("hearth serve starts");
    let addr = hearth_e2e::listening_address(&mut child, "hearth serve").await;
    let port = addr.rsplit_once(':').unwrap().1.to_string();
    (child, format!("https://localhost:{port}"))
}

async fn setup_installs_reruns_and_follows_changed_answers(backend: Backend) {
    let root = root_prefix();
    let r = root.path();
    let answers = answers(backend, "office").await;
    let user = "hearth";
    let file = write_answers(r, &answers);

    let dry = run_hearth(
        &[
            "setup",
            "--dry-run",
            "--yes",
            "--root",
            r.to_str().unwrap(),
            "--answers",
            file.to_str().unwrap(),
        ]
        .map(String::from),
        &[("HEARTH_SETUP_ADMIN_PASSWORD", "boss-password")],
    )
    .await
    .success();
    assert!(
        dry.stdout.contains("The plan") && dry.stdout.contains("Create the system admin \"boss\""),
        "{}",
        dry.stdout
    );
    assert!(!r.join("srv").exists(), "a dry run changes nothing");

    let first = setup(r, &file).await.success();
    assert!(
        first.stdout.contains("Hearth is at https://officebox:"),
        "{}",
        first.stdout
    );
    let uid = uid_of(r, user);
    let data = r.join("srv/hearth");
    for dir in [data.clone(), data.join("files"), data.join("backup")] {
        assert_eq!(mode_and_owner(&dir), (0o700, uid), "{}", dir.display());
    }
    assert_eq!(mode_and_owner(&data.join("config.json")), (0o600, uid));
    let config: Value =
        serde_json::from_slice(&std::fs::read(data.join("config.json")).unwrap()).unwrap();
    assert_eq!(config["ServiceSettings"]["ConnectionSecurity"], "TLS");
    assert_eq!(config["ServiceSettings"]["Forward80To443"], true);
    let driver = if backend == Backend::Postgres {
        "postgres"
    } else {
        "sqlite3"
    };
    assert_eq!(config["SqlSettings"]["DriverName"], driver);
    let unit = std::fs::read_to_string(r.join("etc/systemd/system/hearth.service")).unwrap();
    for line in [
        "Restart=on-failure",
        "LimitNOFILE=65536",
        &format!("User={user}"),
        "ReadWritePaths=/srv/hearth",
    ] {
        assert!(unit.contains(line), "{line} in {unit}");
    }
    let saved = std::fs::read_to_string(r.join("etc/hearth/setup.json")).unwrap();
    assert!(
        saved.contains("\"boss\"") && !saved.contains("boss-password"),
        "answers saved without the password: {saved}"
    );
    if backend == Backend::Postgres {
        let role = answers["postgres"]["role"].as_str().unwrap();
        assert!(
            config["SqlSettings"]["DataSource"]
                .as_str()
                .unwrap()
                .starts_with(&format!("postgres://{role}:"))
        );
    }

    // Run again: every step is found done and nothing is rewritten.
    let config_written = std::fs::metadata(data.join("config.json"))
        .unwrap()
        .modified()
        .unwrap();
    let again = setup(r, &file).await.success();
    assert!(
        again.stdout.contains("Nothing to change"),
        "{}",
        again.stdout
    );
    assert_eq!(
        std::fs::metadata(data.join("config.json"))
            .unwrap()
            .modified()
            .unwrap(),
        config_written
    );

    // Changed answers: nightly backups to a disk, at another time.
    let usb = tempfile::tempdir().unwrap();
    let mut changed = answers.clone();
    changed["backup"] = json!({"target": usb.path(), "time": "03:30"});
    write_answers(r, &changed);
    let third = setup(r, &file).await.success();
    assert!(
        !third.stdout.contains("Nothing to change"),
        "{}",
        third.stdout
    );
    let config: Value =
        serde_json::from_slice(&std::fs::read(data.join("config.json")).unwrap()).unwrap();
    assert_eq!(
        config["BackupSettings"],
        json!({"Enable": true, "Target": usb.path(), "Time": "03:30"})
    );
    assert!(
        std::fs::read_to_string(r.join("etc/systemd/system/hearth.service"))
            .unwrap()
            .contains(usb.path().to_str().unwrap())
    );

    // The probe reports this machine.
    let probe = run_hearth(&["setup".into(), "--probe".into()], &[])
        .await
        .success();
    let probe: Value = serde_json::from_str(&probe.stdout).expect("JSON");
    assert_eq!(probe["probe"]["os"]["id"], "debian");

    // The installed server starts with the produced config and the admin logs in over HTTPS.
    let (_server, base) = serve_installed(&data).await;
    let root_pem = std::fs::read_to_string(data.join("tls/root.pem")).unwrap();
    let http = reqwest::Client::builder()
        .use_preconfigured_tls((*tls_trusting(&root_pem)).clone())
        .build()
        .unwrap();
    let login = http
        .post(format!("{base}/api/v4/users/login"))
        .json(&json!({"login_id": "boss", "password": "boss-password"}))
        .send()
        .await
        .expect("HTTPS with the installed certificate authority");
    assert_eq!(login.status(), 200);
    let token = login.headers()["token"].to_str().unwrap().to_string();
    let get = async |path: &str| -> Value {
        let url = format!("{base}{path}");
        let response = http.get(url).bearer_auth(&token).send().await.unwrap();
        response.json().await.unwrap()
    };
    let me = get("/api/v4/users/me").await;
    assert!(
        me["roles"].as_str().unwrap().contains("system_admin"),
        "{me}"
    );
    let teams = get("/api/v4/users/me/teams").await;
    assert_eq!(teams[0]["display_name"], "The Office");

    // `hearth status` sees the installed server and its certificate.
    let config = data.join("config.json").display().to_string();
    let data_arg = data.display().to_string();
    let args = [
        "status",
        "--json",
        "--data-dir",
        &data_arg,
        "--config",
        &config,
        "--url",
        &base,
    ];
    let status = run_hearth(&args.map(String::from), &[]).await;
    let health: Value = serde_json::from_str(&status.stdout).expect("JSON");
    assert_eq!(health["server"]["level"], "ok", "{health}");
    assert_eq!(health["certificate"]["level"], "ok", "{health}");
    assert!(
        health["certificate"]["message"]
            .as_str()
            .unwrap()
            .contains("valid until"),
        "{health}"
    );
}

async fn a_failed_step_stops_setup_and_a_rerun_resumes(backend: Backend) {
    let root = root_prefix();
    let r = root.path();
    // "api" is a name the team's URL cannot take: the first-admin step fails half-way through.
    let answers = answers(backend, "api").await;
    let file = write_answers(r, &answers);
    let failed = setup(r, &file).await;
    assert_ne!(failed.code, 0);
    assert!(
        failed.stderr.contains("step first_admin failed"),
        "{}",
        failed.stderr
    );
    assert!(
        failed.stderr.contains("What to do"),
        "the failure says what to do: {}",
        failed.stderr
    );
    assert!(
        failed.stderr.contains("run setup again"),
        "{}",
        failed.stderr
    );
    assert!(
        !r.join("etc/systemd/system/hearth.service").exists(),
        "nothing after the failed step ran"
    );
    assert!(
        r.join("srv/hearth/config.json").exists(),
        "the steps before it are done"
    );

    let mut fixed = answers.clone();
    fixed["team"]["name"] = json!("office");
    write_answers(r, &fixed);
    let resumed = setup(r, &file).await.success();
    assert!(
        resumed.stdout.contains("Hearth is at"),
        "{}",
        resumed.stdout
    );
    assert!(r.join("etc/systemd/system/hearth.service").exists());
    let again = setup(r, &file).await.success();
    assert!(
        again.stdout.contains("Nothing to change"),
        "{}",
        again.stdout
    );
}
