//! Backups end to end: `hearth backup` against a real OpenSSH server on loopback and a directory,
//! while the server keeps writing; wiping and restoring; incremental and resumed transfers;
//! verify finding damage; retention; the nightly job catching up and telling the admins.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use hearth_e2e::fixtures::{
    Office, add_to_channel, channel, id, member, office, post, system_notices, wait_for_notice,
};
use hearth_e2e::{
    Backend, Client, Server, Sshd, fresh_database, on_each_backend, psql, run_hearth,
};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::files::{get_bytes, post_files, upload};

on_each_backend!(
    backup_and_restore_bring_everything_back,
    nightly_copies_send_only_new_files_and_resume,
    verify_finds_damage_and_retention_keeps_what_it_should,
    a_missed_night_is_caught_up_and_reported,
    the_nightly_backup_runs_at_its_time,
    a_failed_backup_is_reported_to_admins
);

const PASSPHRASE: (&str, &str) = ("HEARTH_BACKUP_PASSPHRASE", "correct horse battery staple");

/// `hearth backup <command> <extra>` beside `server`.
fn backup_args(server: &Server, command: &[&str], extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = ["backup"]
        .iter()
        .chain(command)
        .map(|s| s.to_string())
        .collect();
    args.extend(server.data_args());
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

fn sftp_args<'a>(sshd: &'a Sshd, target: &'a str) -> [&'a str; 4] {
    [
        "--target",
        target,
        "--ssh-key",
        sshd.client_key.to_str().expect("UTF-8 path"),
    ]
}

/// Incompressible bytes, different for each seed.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect()
}

fn sha256(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// Every file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out
}

fn any_file_contains(dir: &Path, needle: &[u8]) -> bool {
    files_under(dir).iter().any(|path| {
        std::fs::read(path).is_ok_and(|bytes| bytes.windows(needle.len()).any(|w| w == needle))
    })
}

/// The ids of the backups at a directory target, oldest first.
fn backup_ids(target: &Path) -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(target.join("backups"))
        .expect("the target has backups")
        .flatten()
        .map(|e| e.file_name().into_string().expect("UTF-8"))
        .collect();
    ids.sort();
    ids
}

/// What a restore must bring back: users, every post's text, reactions, file checksums, a
/// setting.
#[derive(Debug, PartialEq)]
struct Content {
    usernames: Vec<String>,
    posts: BTreeMap<String, String>,
    reactions: Vec<String>,
    files: BTreeMap<String, String>,
    site_name: Value,
}

async fn content(admin: &Client, channels: &[&str], file_ids: &[String], reacted: &str) -> Content {
    let users = admin.get("/api/v4/users?per_page=200").await.expect(200);
    let mut usernames: Vec<String> = users
        .as_array()
        .expect("a list")
        .iter()
        .map(|u| u["username"].as_str().expect("username").to_string())
        .collect();
    usernames.sort();
    let mut posts = BTreeMap::new();
    for channel in channels {
        let list = admin
            .get(&format!("/api/v4/channels/{channel}/posts?per_page=200"))
            .await
            .expect(200);
        for (post_id, post) in list["posts"].as_object().expect("posts") {
            posts.insert(
                post_id.clone(),
                post["message"].as_str().unwrap_or_default().to_string(),
            );
        }
    }
    let reactions = admin
        .get(&format!("/api/v4/posts/{reacted}/reactions"))
        .await
        .expect(200)
        .as_array()
        .expect("a list")
        .iter()
        .map(|r| r["emoji_name"].as_str().expect("emoji").to_string())
        .collect();
    let mut files = BTreeMap::new();
    for file_id in file_ids {
        let (status, _, bytes) = get_bytes(admin, &format!("/api/v4/files/{file_id}"), None).await;
        assert_eq!(status, 200, "file {file_id} downloads");
        files.insert(file_id.clone(), sha256(&bytes));
    }
    let config = admin.get("/api/v4/config").await.expect(200);
    Content {
        usernames,
        posts,
        reactions,
        files,
        site_name: config["TeamSettings"]["SiteName"].clone(),
    }
}

/// Empties the data directory and the database, as after a dead disk.
fn wipe(server: &Server) {
    for entry in std::fs::read_dir(server.data_dir.path())
        .expect("data dir")
        .flatten()
    {
        let path = entry.path();
        if path.is_dir() {
            std::fs::remove_dir_all(&path).expect("wipe dir");
        } else {
            std::fs::remove_file(&path).expect("wipe file");
        }
    }
    if let Some(url) = server.database_url() {
        psql(url, "DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
    }
}

/// Posts to `channel_id` until aborted: the server keeps writing during a backup.
async fn keep_posting(client: Client, channel_id: String) {
    for n in 0.. {
        post(
            &client,
            &channel_id,
            &format!("written during the backup #{n}"),
            "",
        )
        .await;
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn backup_and_restore_bring_everything_back(backend: Backend) {
    let sshd = Sshd::start();
    let mut server = Server::start(backend).await;
    let office = office(&server).await;
    let admin = &office.admin;
    let ana = member(&server, &office, "ana").await;
    let plans = channel(admin, &office.team_id, "plans", "P").await;
    add_to_channel(admin, &plans, &ana.user_id()).await;
    let root = post(
        &ana,
        &office.town_square,
        "marker-lantern: the first words",
        "",
    )
    .await;
    post(
        admin,
        &office.town_square,
        "a reply in the thread",
        &id(&root),
    )
    .await;
    admin
        .post(
            "/api/v4/reactions",
            json!({"user_id": admin.user_id(), "post_id": id(&root), "emoji_name": "tada"}),
        )
        .await
        .expect(201);
    post(admin, &plans, "private plans", "").await;
    let video = upload(&ana, &office.town_square, "cut.mp4", noise(3 << 20, 1)).await;
    let notes = upload(
        &ana,
        &office.town_square,
        "notes.txt",
        b"marker-lantern in a file".to_vec(),
    )
    .await;
    post_files(&ana, &office.town_square, &[&id(&video), &id(&notes)]).await;
    admin
        .put(
            "/api/v4/config/patch",
            json!({"TeamSettings": {"SiteName": "Lantern Office"}}),
        )
        .await
        .expect(200);
    let channels = [
        office.town_square.as_str(),
        office.off_topic.as_str(),
        plans.as_str(),
    ];
    let file_ids = [id(&video), id(&notes)];
    let before = content(admin, &channels, &file_ids, &id(&root)).await;

    let writer = tokio::spawn(keep_posting(admin.clone(), office.off_topic.clone()));
    tokio::time::sleep(Duration::from_millis(200)).await;
    let offsite = sshd.target("offsite");
    let checked = run_hearth(
        &backup_args(&server, &["check"], &sftp_args(&sshd, &offsite)),
        &[],
    )
    .await
    .success();
    assert!(
        checked.stdout.contains("works") && checked.stdout.contains("free"),
        "{}",
        checked.stdout
    );
    run_hearth(
        &backup_args(&server, &["run"], &sftp_args(&sshd, &offsite)),
        &[PASSPHRASE],
    )
    .await
    .success();
    let usb = tempfile::tempdir().expect("temp dir");
    let usb_path = usb.path().to_str().expect("UTF-8");
    let out = run_hearth(
        &backup_args(&server, &["run"], &["--target", usb_path]),
        &[],
    )
    .await
    .success();
    assert!(out.stdout.contains("is complete"), "{}", out.stdout);
    writer.abort();

    assert!(
        !any_file_contains(&sshd.local_path("offsite"), b"marker-lantern"),
        "the encrypted target holds no plaintext"
    );
    assert!(
        any_file_contains(usb.path(), b"marker-lantern"),
        "the plain target is readable"
    );
    let listed = run_hearth(
        &backup_args(&server, &["list"], &sftp_args(&sshd, &offsite)),
        &[PASSPHRASE],
    )
    .await
    .success();
    let offsite_id = backup_ids(&sshd.local_path("offsite"))
        .pop()
        .expect("one backup");
    assert!(
        listed.stdout.contains(&offsite_id) && listed.stdout.contains("encrypted"),
        "{}",
        listed.stdout
    );

    server.stop().await;
    wipe(&server);
    let restore = backup_args(
        &server,
        &["restore", &offsite_id],
        &sftp_args(&sshd, &offsite),
    );
    let wrong = run_hearth(&restore, &[("HEARTH_BACKUP_PASSPHRASE", "wrong horse")]).await;
    assert_ne!(wrong.code, 0);
    assert!(
        wrong.stderr.contains("passphrase does not match"),
        "{}",
        wrong.stderr
    );
    let restored = run_hearth(&restore, &[PASSPHRASE]).await.success();
    assert!(
        restored.stdout.contains("Restored backup"),
        "{}",
        restored.stdout
    );
    let again = run_hearth(&restore, &[PASSPHRASE]).await;
    assert_ne!(
        again.code, 0,
        "live data is not overwritten without --force"
    );
    assert!(again.stderr.contains("--force"), "{}", again.stderr);

    server.restart().await;
    let admin = server.login("admin").await;
    let after = content(&admin, &channels, &file_ids, &id(&root)).await;
    assert_eq!(after.usernames, before.usernames);
    assert_eq!(after.reactions, before.reactions);
    assert_eq!(
        after.files, before.files,
        "every file is back, byte for byte"
    );
    assert_eq!(after.site_name, "Lantern Office");
    for (post_id, message) in &before.posts {
        assert_eq!(
            after.posts.get(post_id),
            Some(message),
            "post {post_id} is back"
        );
    }
    let ana = server.login("ana").await;
    let private = ana
        .get(&format!("/api/v4/channels/{plans}/posts"))
        .await
        .expect(200);
    assert!(private["posts"].to_string().contains("private plans"));

    // The directory target restores onto a new box just as well.
    let new_box = tempfile::tempdir().expect("temp dir");
    let new_database = match backend {
        Backend::Postgres => Some(fresh_database().await),
        Backend::Sqlite => None,
    };
    let usb_id = backup_ids(usb.path()).pop().expect("one backup");
    let mut args: Vec<String> = [
        "backup",
        "restore",
        &usb_id,
        "--target",
        usb_path,
        "--data-dir",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.push(new_box.path().display().to_string());
    if let Some(url) = &new_database {
        args.extend(["--database".into(), url.clone()]);
    }
    run_hearth(&args, &[]).await.success();
    let second = Server::start_in(backend, new_box, new_database, "127.0.0.1:0", &[]).await;
    let admin = second.login("admin").await;
    let on_new_box = content(&admin, &channels, &file_ids, &id(&root)).await;
    assert_eq!(on_new_box.usernames, before.usernames);
    assert_eq!(on_new_box.files, before.files);
    for (post_id, message) in &before.posts {
        assert_eq!(on_new_box.posts.get(post_id), Some(message));
    }
}

/// The newest run as `GET /hearth/backups` shows it.
async fn newest_run(admin: &Client) -> Value {
    admin.get("/api/v4/hearth/backups").await.expect(200)["runs"][0].clone()
}

async fn nightly_copies_send_only_new_files_and_resume(backend: Backend) {
    let sshd = Sshd::start();
    let server = Server::start(backend).await;
    let office = office(&server).await;
    let admin = &office.admin;
    let target = sshd.target("nightly");
    let run_args = backup_args(&server, &["run"], &sftp_args(&sshd, &target));
    let run = || run_hearth(&run_args, &[]);

    // This server has no target of its own: "back up now" says so, and records nothing.
    let refused = admin.post("/api/v4/hearth/backups", json!({})).await;
    assert_eq!(refused.status, 400);
    assert_eq!(
        refused.body["id"],
        "api.hearth.backups.not_configured.app_error"
    );
    assert!(
        refused.body["message"]
            .as_str()
            .unwrap()
            .contains("no backup target"),
        "{}",
        refused.body
    );
    let first = upload(admin, &office.town_square, "a.bin", noise(1 << 20, 2)).await;
    post_files(admin, &office.town_square, &[&id(&first)]).await;
    run().await.success();
    let run1 = newest_run(admin).await;
    assert_eq!(
        (run1["status"].as_str(), run1["reason"].as_str()),
        (Some("succeeded"), Some("command_line"))
    );
    let first_files = run1["files"].as_i64().unwrap();
    assert_eq!(
        run1["sent_files"], first_files,
        "the first backup sends everything"
    );

    let second = upload(admin, &office.town_square, "b.bin", noise(1 << 20, 3)).await;
    post_files(admin, &office.town_square, &[&id(&second)]).await;
    run().await.success();
    let run2 = newest_run(admin).await;
    assert_eq!(run2["files"].as_i64().unwrap(), first_files + 1);
    assert_eq!(
        run2["sent_files"], 1,
        "the second backup sends only the new file: {run2}"
    );
    run().await.success();
    assert_eq!(newest_run(admin).await["sent_files"], 0);

    // A large file whose transfer is cut off: the next run resumes it.
    let big_len = 96 << 20;
    let big = server.data_dir.path().join("files/zz/bigvideo/file");
    std::fs::create_dir_all(big.parent().unwrap()).unwrap();
    std::fs::write(&big, noise(big_len, 4)).unwrap();
    let mut cut = tokio::process::Command::new(hearth_e2e::hearth_binary())
        .args(&run_args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("hearth runs");
    let blobs = sshd.local_path("nightly").join("blobs");
    let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
    loop {
        let part = files_under(&blobs)
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "part"))
            .filter_map(|p| std::fs::metadata(p).ok())
            .any(|m| m.len() >= 8 << 20);
        if part {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the large file starts going out"
        );
        assert!(
            cut.try_wait().unwrap().is_none(),
            "the run is still sending"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    cut.kill().await.unwrap();
    let resumed = run().await.success();
    assert!(
        resumed.stderr.contains("resuming an interrupted transfer"),
        "{}",
        resumed.stderr
    );
    let run4 = newest_run(admin).await;
    assert_eq!(run4["status"], "succeeded");
    let sent = run4["sent_bytes"].as_i64().unwrap();
    assert!(
        sent < big_len as i64,
        "only the rest of the large file is sent again: {sent}"
    );
    let verified = run_hearth(
        &backup_args(
            &server,
            &["verify", run4["backup_id"].as_str().unwrap()],
            &sftp_args(&sshd, &target),
        ),
        &[],
    )
    .await
    .success();
    assert!(
        verified.stdout.contains("every checksum matches"),
        "{}",
        verified.stdout
    );
    // The killed run is shown as interrupted once the server notices nobody runs it.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        let status = admin.get("/api/v4/hearth/backups").await.expect(200);
        let interrupted = status["runs"].as_array().unwrap().iter().any(|r| {
            r["status"] == "failed" && r["error"].as_str().unwrap().contains("interrupted")
        });
        if interrupted {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the killed run is marked: {status}"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// `date` for a moment relative to now (`"-3 days"`), in `format`; `utc` or local time.
fn date(relative: &str, format: &str, utc: bool) -> String {
    let mut command = std::process::Command::new("date");
    if utc {
        command.arg("-u");
    }
    let out = command
        .arg("-d")
        .arg(relative)
        .arg(format!("+{format}"))
        .output()
        .expect("date runs");
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// Renames a backup at a directory target to an id from `days_ago` days ago.
fn backdate(target: &Path, id: &str, days_ago: i64) -> String {
    let old = date(&format!("-{days_ago} days"), "%Y%m%d-%H%M%S", true);
    let dir = target.join("backups");
    std::fs::rename(dir.join(id), dir.join(&old)).unwrap();
    let summary_path = dir.join(&old).join("backup.json");
    let mut summary: Value =
        serde_json::from_slice(&std::fs::read(&summary_path).unwrap()).unwrap();
    summary["id"] = json!(old);
    std::fs::write(&summary_path, serde_json::to_vec(&summary).unwrap()).unwrap();
    old
}

fn blob_names(target: &Path) -> Vec<String> {
    files_under(&target.join("blobs"))
        .iter()
        .map(|p| p.file_name().unwrap().to_str().unwrap().to_string())
        .collect()
}

async fn verify_finds_damage_and_retention_keeps_what_it_should(backend: Backend) {
    let server = Server::start(backend).await;
    let Office {
        admin, town_square, ..
    } = office(&server).await;
    let target = tempfile::tempdir().expect("temp dir");
    let target_arg = target.path().to_str().unwrap().to_string();
    let run_args = backup_args(&server, &["run"], &["--target", &target_arg]);
    let run = |env: &'static [(&'static str, &'static str)]| run_hearth(&run_args, env);
    let inside = server.data_dir.path().join("backups").display().to_string();
    let refused = run_hearth(&backup_args(&server, &["run"], &["--target", &inside]), &[]).await;
    assert_ne!(refused.code, 0);
    assert!(refused.stderr.contains("inside"), "{}", refused.stderr);
    let [a, b, c] = [5, 6, 7].map(|seed| noise(200_000, seed));
    let file_a = upload(&admin, &town_square, "a.bin", a.clone()).await;
    let file_b = upload(&admin, &town_square, "b.bin", b.clone()).await;
    post_files(&admin, &town_square, &[&id(&file_a), &id(&file_b)]).await;
    run(&[]).await.success();
    let three_days_ago = backdate(target.path(), &backup_ids(target.path())[0], 3);

    // b goes from the disk, c arrives; then a backup two days ago, and one today that keeps
    // two days' backups.
    let b_on_disk = files_under(&server.data_dir.path().join("files"))
        .into_iter()
        .find(|p| p.to_str().unwrap().contains(&id(&file_b)) && p.ends_with("file"))
        .expect("b is stored");
    std::fs::remove_file(b_on_disk).unwrap();
    let file_c = upload(&admin, &town_square, "c.bin", c.clone()).await;
    post_files(&admin, &town_square, &[&id(&file_c)]).await;
    run(&[]).await.success();
    let newest = backup_ids(target.path()).pop().unwrap();
    let two_days_ago = backdate(target.path(), &newest, 2);
    const KEEP_TWO_DAYS: &[(&str, &str)] = &[
        ("HEARTH_BACKUPSETTINGS_KEEPDAILY", "2"),
        ("HEARTH_BACKUPSETTINGS_KEEPWEEKLY", "0"),
        ("HEARTH_BACKUPSETTINGS_KEEPMONTHLY", "0"),
    ];
    run(KEEP_TWO_DAYS).await.success();
    let ids = backup_ids(target.path());
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert_eq!(ids[0], two_days_ago);
    assert!(!ids.contains(&three_days_ago), "the oldest is pruned");
    let blobs = blob_names(target.path());
    for (name, bytes, kept) in [("a", &a, true), ("b", &b, false), ("c", &c, true)] {
        assert_eq!(
            blobs.contains(&sha256(bytes)),
            kept,
            "blob {name} kept: {kept}; {blobs:?}"
        );
    }
    let listed = run_hearth(
        &backup_args(&server, &["list"], &["--target", &target_arg]),
        &[],
    )
    .await
    .success();
    assert!(
        ids.iter().all(|id| listed.stdout.contains(id)),
        "{}",
        listed.stdout
    );

    let today = ids[1].clone();
    let verify = backup_args(&server, &["verify", &today], &["--target", &target_arg]);
    run_hearth(&verify, &[]).await.success();
    let c_blob = target
        .path()
        .join("blobs")
        .join(&sha256(&c)[..2])
        .join(sha256(&c));
    let mut damaged = std::fs::read(&c_blob).unwrap();
    damaged[1000] ^= 0xff;
    std::fs::write(&c_blob, damaged).unwrap();
    let found = run_hearth(&verify, &[]).await;
    assert_ne!(found.code, 0, "damage is an error");
    assert!(
        found.stdout.contains("damaged") && found.stdout.contains(&id(&file_c)),
        "{}",
        found.stdout
    );
    assert!(
        !found.stdout.contains(&id(&file_a)),
        "only the damaged file is named: {}",
        found.stdout
    );
    let missing = run_hearth(
        &backup_args(
            &server,
            &["verify", "20200101-000000"],
            &["--target", &target_arg],
        ),
        &[],
    )
    .await;
    assert!(
        missing.stderr.contains("no complete backup"),
        "{}",
        missing.stderr
    );
}

/// `HH:MM` of the local clock moved by `minutes`.
fn local_time(minutes: i64) -> String {
    date(&format!("{minutes} minutes"), "%H:%M", false)
}

/// Polls `GET /hearth/backups` until `done` holds for its runs.
async fn wait_for_runs(
    admin: &Client,
    what: &str,
    seconds: u64,
    done: impl Fn(&[Value]) -> bool,
) -> Vec<Value> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(seconds);
    loop {
        let status = admin.get("/api/v4/hearth/backups").await.expect(200);
        let runs = status["runs"].as_array().cloned().unwrap_or_default();
        if done(&runs) {
            return runs;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{what} within {seconds} s: {status}"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

async fn a_missed_night_is_caught_up_and_reported(backend: Backend) {
    let target = tempfile::tempdir().expect("temp dir");
    let an_hour_ago = local_time(-60);
    let env = [
        ("HEARTH_BACKUPSETTINGS_ENABLE", "true"),
        (
            "HEARTH_BACKUPSETTINGS_TARGET",
            target.path().to_str().unwrap(),
        ),
        ("HEARTH_BACKUPSETTINGS_TIME", an_hour_ago.as_str()),
    ];
    let server = Server::start_with(backend, &env).await;
    let office = office(&server).await;
    let admin = &office.admin;
    let ana = member(&server, &office, "ana").await;
    assert_eq!(ana.get("/api/v4/hearth/backups").await.status, 403);
    assert_eq!(
        ana.post("/api/v4/hearth/backups", json!({})).await.status,
        403
    );
    let status = admin.get("/api/v4/hearth/backups").await.expect(200);
    assert_eq!(status["enabled"], true);
    assert_eq!(status["time"], an_hour_ago);
    assert!(status["next_run_at"].as_i64().unwrap() > 0);

    // The last backup ran two days ago; the box was off at last night's time.
    let two_days_ago = hearth::model::now_millis() - 2 * 86_400_000;
    server
        .open_db()
        .await
        .execute(
            "INSERT INTO backup_runs (id, reason, status, started_at, finished_at) \
             VALUES ($1, 'scheduled', 'succeeded', $2, $2)",
            hearth::params![hearth::model::new_id(), two_days_ago],
        )
        .await
        .unwrap();
    let runs = wait_for_runs(admin, "a catch-up backup", 90, |runs| {
        runs.iter()
            .any(|r| r["reason"] == "catch_up" && r["status"] == "succeeded")
    })
    .await;
    assert!(runs.iter().any(|r| r["status"] == "missed"), "{runs:?}");
    assert_eq!(backup_ids(target.path()).len(), 1);
    wait_for_notice(admin, "was missed").await;
    assert!(
        !system_notices(&ana).await.contains("missed"),
        "only system admins are told"
    );
}

async fn the_nightly_backup_runs_at_its_time(backend: Backend) {
    let target = tempfile::tempdir().expect("temp dir");
    let next_minute = local_time(1);
    let env = [
        ("HEARTH_BACKUPSETTINGS_ENABLE", "true"),
        (
            "HEARTH_BACKUPSETTINGS_TARGET",
            target.path().to_str().unwrap(),
        ),
        ("HEARTH_BACKUPSETTINGS_TIME", next_minute.as_str()),
    ];
    let server = Server::start_with(backend, &env).await;
    let admin = server.admin().await;
    let runs = wait_for_runs(&admin, "the scheduled backup", 150, |runs| {
        runs.iter().any(|r| r["status"] == "succeeded")
    })
    .await;
    assert_eq!(runs[0]["reason"], "scheduled");
    assert_eq!(backup_ids(target.path()).len(), 1);
    let status = admin.get("/api/v4/hearth/backups").await.expect(200);
    assert_eq!(status["last_success_at"], runs[0]["started_at"]);
}

async fn a_failed_backup_is_reported_to_admins(backend: Backend) {
    let closed_port = hearth_e2e::free_port();
    let target = format!("sftp://backup@127.0.0.1:{closed_port}/srv/hearth");
    let server = Server::start_with(backend, &[("HEARTH_BACKUPSETTINGS_TARGET", &target)]).await;
    let admin = server.admin().await;
    let key = run_hearth(&backup_args(&server, &["key"], &[]), &[])
        .await
        .success();
    assert!(key.stdout.starts_with("ssh-ed25519 "), "{}", key.stdout);
    let started = admin
        .post("/api/v4/hearth/backups", json!({}))
        .await
        .expect(202);
    assert_eq!(started["status"], "running");
    assert_eq!(started["reason"], "manual");
    let run_path = format!("/api/v4/hearth/backups/{}", id(&started));
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    let run = loop {
        let run = admin.get(&run_path).await.expect(200);
        if run["status"] != "running" {
            break run;
        }
        assert!(tokio::time::Instant::now() < deadline, "the backup ends");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(run["status"], "failed");
    assert!(
        run["error"].as_str().unwrap().contains("cannot connect"),
        "{run}"
    );
    wait_for_notice(&admin, "The backup failed").await;
    assert_eq!(
        admin.get("/api/v4/hearth/backups/nosuchrun").await.status,
        400
    );
}
