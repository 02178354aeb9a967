//! Starting the server: clear errors and exit codes for bad settings and unreachable databases,
//! and the same schema from both migration folders.

use hearth::store::Db;
use hearth_e2e::{fresh_database, start_failure};

#[tokio::test]
async fn bad_config_file_exits_2_and_names_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.json");
    std::fs::write(&config, r#"{"ServiceSettings": {"ListenAddress": 8065}}"#).unwrap();
    let data = dir.path().to_str().unwrap();
    let (code, stderr) = start_failure(
        &[
            "serve",
            "--data-dir",
            data,
            "--config",
            config.to_str().unwrap(),
        ],
        &[],
    )
    .await;
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("config.json"), "{stderr}");
    let fresh = tempfile::tempdir().unwrap();
    let (code, stderr) = start_failure(
        &[
            "serve",
            "--data-dir",
            fresh.path().to_str().unwrap(),
            "--listen",
            "127.0.0.1:0",
        ],
        &[("HEARTH_TEAMSETTINGS_ENABLEOPENSERVER", "perhaps")],
    )
    .await;
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("TeamSettings.EnableOpenServer"), "{stderr}");
    let (code, stderr) = start_failure(
        &[
            "serve",
            "--data-dir",
            fresh.path().to_str().unwrap(),
            "--listen",
            "127.0.0.1:0",
        ],
        &[("HEARTH_BACKUPSETTINGS_TIME", "25:00")],
    )
    .await;
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("BackupSettings.Time"), "{stderr}");
}

#[tokio::test]
async fn unreachable_database_exits_1_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let (code, stderr) = start_failure(
        &[
            "serve",
            "--data-dir",
            data,
            "--listen",
            "127.0.0.1:0",
            "--database",
            "postgres://hearth@127.0.0.1:1/hearth",
        ],
        &[],
    )
    .await;
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("PostgreSQL"), "{stderr}");
    let (code, stderr) = start_failure(
        &[
            "serve",
            "--data-dir",
            data,
            "--listen",
            "127.0.0.1:0",
            "--database",
            "/nonexistent/dir/hearth.db",
        ],
        &[],
    )
    .await;
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("SQLite"), "{stderr}");
}

#[tokio::test]
async fn both_migration_folders_yield_the_same_schema() {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = Db::open_sqlite(&dir.path().join("schema.db"), 1)
        .await
        .unwrap();
    let postgres = Db::open_postgres(&fresh_database().await, 2).await.unwrap();
    let (a, b) = (
        sqlite.schema().await.unwrap(),
        postgres.schema().await.unwrap(),
    );
    assert!(!a.is_empty());
    assert_eq!(a, b, "the SQLite and PostgreSQL migrations disagree");
}
