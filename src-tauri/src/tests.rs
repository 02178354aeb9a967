//! The Manager's commands against root prefixes: the machine check on the installer's sample box
//! (RAID arrays, one degraded), answers checked field by field, then the real `hearth` binary
//! (built beside the tests: `cargo build -p hearth` first) installing into a prefix with its
//! progress reported, and on the installed prefix: status, a backup, and the server started and
//! stopped; on SQLite and on PostgreSQL (the end-to-end harness's throwaway cluster).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use clap::Parser;
use hearth_e2e::{Backend, cluster_socket, hearth_binary, root_prefix};
use hearth_installer::answers::{Answers, DatabaseKind};

use crate::apply::{ApplyMessage, setup};
use crate::manager::Manager;
use crate::options::Options;
use crate::service::{Action, control};
use crate::status::Level;
use crate::wizard::{check, check_machine, try_backup_target};

fn manager(root: &Path) -> Manager {
    let hearth = hearth_binary();
    Manager::new(&Options::parse_from([
        "hearth-manager".as_ref(),
        "--root".as_ref(),
        root.as_os_str(),
        "--hearth".as_ref(),
        hearth.as_os_str(),
    ]))
}

fn sample_box() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../installer/src/probe/samples/box")
}

#[tokio::test]
async fn the_machine_check_recommends_the_redundant_array_and_warns_of_the_degraded_one() {
    let manager = manager(&sample_box());
    let checked = check_machine(&manager).await.unwrap();
    assert!(
        checked.needs_password,
        "nothing is installed in the sample box"
    );
    let recommended: Vec<_> = checked.locations.iter().filter(|l| l.recommended).collect();
    assert_eq!(recommended.len(), 1);
    assert_eq!(recommended[0].redundancy, "redundant");
    assert_eq!(
        checked.answers.data_dir, recommended[0].path,
        "the recommendation is preselected"
    );
    let degraded = checked
        .locations
        .iter()
        .find(|l| l.path == Path::new("/srv/data/hearth"));
    assert_eq!(degraded.map(|l| l.redundancy), Some("degraded"));
    assert_eq!(checked.answers.hearth_binary, hearth_binary());
    assert!(!checked.recommendations.is_empty());
}

#[tokio::test]
async fn answers_are_checked_field_by_field_and_planned_in_words() {
    let root = tempfile::tempdir().unwrap();
    let manager = manager(root.path());
    let mut answers = Answers::default();
    answers.admin.email = "not an address".into();
    answers.address.redirect_port = answers.address.port;
    let checked = check(&manager, answers).await.unwrap();
    let fields: Vec<_> = checked.errors.iter().map(|e| e.field.as_str()).collect();
    for field in [
        "admin.username",
        "admin.email",
        "admin.password",
        "address.redirect_port",
    ] {
        assert!(fields.contains(&field), "{field} is named: {fields:?}");
    }

    let checked = check(&manager, good_answers(Path::new("/unused")))
        .await
        .unwrap();
    assert!(checked.errors.is_empty(), "{:?}", checked.errors);
    let plan: Vec<_> = checked.plan.iter().map(|s| s.id).collect();
    assert!(
        plan.contains(&"config") && plan.contains(&"first_admin"),
        "{plan:?}"
    );
}

fn good_answers(backups: &Path) -> Answers {
    use hearth_installer::answers::{Address, AdminAnswers, BackupAnswers, TeamAnswers};
    let port = || {
        std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port()
    };
    Answers {
        data_dir: "/srv/hearth".into(),
        address: Address {
            domain: "localhost".into(),
            port: port(),
            redirect_port: port(),
            ..Address::default()
        },
        admin: AdminAnswers {
            username: "boss".into(),
            email: "boss@example.com".into(),
            password: "boss-password".into(),
        },
        team: TeamAnswers {
            name: "office".into(),
            display_name: "The Office".into(),
        },
        backup: BackupAnswers {
            target: backups.display().to_string(),
            ..BackupAnswers::default()
        },
        ..Answers::default()
    }
}

hearth_e2e::on_each_backend!(setup_status_backup_and_the_server_from_the_manager);

/// `good_answers` on `backend`: for PostgreSQL, a role and database of their own in the
/// harness's cluster, made by setup as its superuser through the socket.
async fn answers_on(backend: Backend, backups: &Path) -> Answers {
    let mut answers = good_answers(backups);
    if backend == Backend::Postgres {
        let (socket_dir, port) = cluster_socket().await.expect("the harness's own cluster");
        let unique = format!("manager_{}_{}", std::process::id(), answers.address.port);
        answers.database = DatabaseKind::Postgres;
        answers.postgres.socket_dir = socket_dir;
        answers.postgres.port = port;
        answers.postgres.role = unique.clone();
        answers.postgres.database = unique;
    }
    answers
}

async fn setup_status_backup_and_the_server_from_the_manager(backend: Backend) {
    let root = root_prefix();
    let backups = tempfile::tempdir().unwrap();
    let manager = manager(root.path());
    assert!(!manager.installed());
    let answers = answers_on(backend, backups.path()).await;

    let tested = try_backup_target(&manager, answers.clone()).await.unwrap();
    assert!(tested.ok && tested.message.contains("works"), "{tested:?}");

    let heard = Arc::new(Mutex::new(Vec::new()));
    let log = heard.clone();
    let done = setup(&manager, answers.clone(), move |m| {
        log.lock().unwrap().push(m)
    })
    .await
    .unwrap();
    assert_eq!(
        done.address,
        format!("https://localhost:{}", answers.address.port)
    );
    assert_eq!(
        done.ca_url.as_deref(),
        Some(
            format!(
                "http://localhost:{}/api/v4/hearth/tls/root.pem",
                answers.address.redirect_port
            )
            .as_str()
        )
    );
    let percents: Vec<f64> = heard
        .lock()
        .unwrap()
        .iter()
        .filter_map(|m| match m {
            ApplyMessage::Event { event } => event["percent"].as_f64(),
            ApplyMessage::Log { .. } => None,
        })
        .collect();
    assert!(
        percents.len() > 5 && percents.windows(2).all(|w| w[0] <= w[1]),
        "{percents:?}"
    );
    assert_eq!(percents.last(), Some(&100.0));
    assert!(manager.installed());

    // A second run with a wrong answer stops at the step and says what to do.
    let mut bad = answers.clone();
    bad.backup.target = "/proc/hearth-cannot-write-here".into();
    let failed = setup(&manager, bad, |_| {}).await.unwrap_err();
    assert_eq!(failed.step.as_deref(), Some("backup_target"), "{failed:?}");
    assert!(failed.fix.is_some());
    // Given the right answer again, setup resumes and finishes.
    setup(&manager, answers.clone(), |_| {}).await.unwrap();

    let health = crate::status::check(&manager).await.unwrap();
    assert_eq!(health.server.code, "server_down");
    control(&manager, Action::Start).await.unwrap();
    let mut answering = false;
    for _ in 0..120 {
        let health = crate::status::check(&manager).await.unwrap();
        if health.server.level == Level::Ok {
            answering = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    assert!(answering, "the trial server answers");
    assert!(
        !crate::service::recent_log(&manager).await.is_empty(),
        "its output is the log"
    );

    let backed_up = manager.run_hearth(&["backup", "run"]).await.unwrap();
    assert!(
        backed_up.status.success(),
        "{}",
        String::from_utf8_lossy(&backed_up.stderr)
    );
    let health = crate::status::check(&manager).await.unwrap();
    assert_eq!(health.backup.level, Level::Ok, "{:?}", health.backup);

    control(&manager, Action::Stop).await.unwrap();
    let health = crate::status::check(&manager).await.unwrap();
    assert_eq!(health.server.code, "server_down");
}
