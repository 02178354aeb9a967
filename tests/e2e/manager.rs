//! Hearth Manager end to end: the real app window under a virtual display, driven over WebDriver
//! (tauri-driver in front of WebKitWebDriver) through the wizard to a finished office-network
//! install on SQLite into a root prefix, with a screenshot of every page; then the status window
//! on the installed box starts the server, which answers over HTTPS with the new certificate
//! authority. Screenshots go to `<target dir>/manager-screenshots/`.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use hearth_e2e::{Desktop, built_binary, free_port, hearth_binary, root_prefix, tls_trusting};
use serde_json::{Value, json};

/// Long enough for setup's steps (argon2, the CA, the tables) in a debug build.
const APPLY_TIMEOUT: Duration = Duration::from_secs(180);
const PAGE_TIMEOUT: Duration = Duration::from_secs(30);

fn screenshots_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    let dir = exe
        .ancestors()
        .nth(3)
        .expect("<target>/<profile>/deps/<test>")
        .join("manager-screenshots");
    // Only this run's pictures.
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("screenshots dir");
    dir
}

struct Session {
    client: Client,
    shots: PathBuf,
    count: usize,
}

impl Session {
    async fn open(desktop: &Desktop, args: &[String]) -> Session {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            json!({"application": built_binary("hearth-manager", "HEARTH_MANAGER_BIN"), "args": args}),
        );
        let client = ClientBuilder::rustls()
            .expect("a WebDriver client")
            .capabilities(caps)
            .connect(&desktop.webdriver)
            .await
            .expect("tauri-driver starts Hearth Manager");
        Session {
            client,
            shots: screenshots_dir(),
            count: 0,
        }
    }

    /// Waits for `[data-page=page]` and saves a screenshot of the window.
    async fn page(&mut self, page: &str) {
        self.wait(&format!("[data-page='{page}']"), PAGE_TIMEOUT)
            .await;
        self.shot(page).await;
    }

    async fn shot(&mut self, name: &str) {
        // Let fonts and transitions settle before the picture.
        tokio::time::sleep(Duration::from_millis(300)).await;
        self.count += 1;
        let png = self.client.screenshot().await.expect("a screenshot");
        std::fs::write(
            self.shots.join(format!("{:02}-{name}.png", self.count)),
            png,
        )
        .unwrap();
    }

    async fn wait(&self, css: &str, timeout: Duration) -> fantoccini::elements::Element {
        let found = self
            .client
            .wait()
            .at_most(timeout)
            .for_element(Locator::Css(css))
            .await;
        match found {
            Ok(element) => element,
            Err(e) => {
                // What the window showed instead, for whoever reads the failure.
                if let Ok(png) = self.client.screenshot().await {
                    let _ = std::fs::write(self.shots.join("failed.png"), png);
                }
                panic!("{css} did not appear (see failed.png): {e}")
            }
        }
    }

    async fn click(&self, css: &str) {
        self.wait(css, PAGE_TIMEOUT)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    async fn next(&self) {
        self.click("[data-action='next']").await;
    }

    /// Replaces the text of the input named `name`.
    async fn fill(&self, name: &str, value: &str) {
        self.fill_css(&format!("[name='{name}']"), value).await;
    }

    async fn fill_css(&self, css: &str, value: &str) {
        let input = self.wait(css, PAGE_TIMEOUT).await;
        // As a person would: select what is there, delete it, type (each send releases its keys).
        for keys in ["\u{E009}a", "\u{E003}", value] {
            input
                .send_keys(keys)
                .await
                .unwrap_or_else(|e| panic!("type into {css}: {e}"));
        }
    }

    /// Waits until the element's text contains `wanted` (the status window polls every 5 s).
    async fn until(&self, css: &str, wanted: &str) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
        loop {
            let text = self.text(css).await;
            if text.contains(wanted) {
                return;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "{css} never said {wanted}: {text}"
            );
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }

    async fn text(&self, css: &str) -> String {
        self.wait(css, PAGE_TIMEOUT).await.text().await.unwrap()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_wizard_installs_hearth_and_the_status_window_runs_it() {
    let desktop = Desktop::start().await;
    let root = root_prefix();
    let r = root.path();
    // The machine check reads the prefix: give it this machine's OS.
    std::fs::copy("/etc/os-release", r.join("etc/os-release")).unwrap();
    let backups = tempfile::tempdir().unwrap();
    let (port, redirect_port) = (free_port(), free_port());
    let args: Vec<String> = vec![
        "--root".into(),
        r.display().to_string(),
        "--hearth".into(),
        hearth_binary().display().to_string(),
        "--check-every".into(),
        "5".into(),
    ];
    let mut s = Session::open(&desktop, &args).await;

    s.page("welcome").await;
    s.next().await;
    s.page("check").await;
    let report = s.text("[data-page='check']").await;
    assert!(
        report.contains("Debian"),
        "the machine check names the OS: {report}"
    );
    s.next().await;

    s.page("storage").await;
    s.fill_css("input[type=text][name='data_dir']", "/srv/hearth")
        .await;
    s.next().await;

    s.page("database").await;
    s.click("[name='database'][value='sqlite']").await;
    s.next().await;

    s.page("address").await;
    s.click("[name='address.mode'][value='lan']").await;
    s.fill("address.domain", "officebox").await;
    // The ports are under "Advanced" while they are at their defaults.
    s.click(".advanced summary").await;
    s.fill("address.port", &port.to_string()).await;
    s.fill("address.redirect_port", &redirect_port.to_string())
        .await;
    s.next().await;

    s.page("admin").await;
    s.fill("admin.username", "boss").await;
    s.fill("admin.email", "boss@example.com").await;
    s.fill("admin.password", "short").await;
    s.fill("team.display_name", "The Office").await;
    s.next().await;
    // The error shows beside the field that caused it, and the page stays.
    let error = s.text("[data-error-for='admin.password']").await;
    assert!(error.contains("8 characters"), "{error}");
    s.shot("admin-error").await;
    s.fill("admin.password", "boss-password").await;
    s.fill("admin.password_confirm", "boss-password").await;
    s.next().await;

    s.page("backup").await;
    s.click("[name='backup.kind'][value='disk']").await;
    s.fill("backup.target", &backups.path().display().to_string())
        .await;
    s.fill("backup.time", "03:30").await;
    s.click("[data-action='test-backup']").await;
    let tested = s.text("[data-test-result]").await;
    assert!(
        tested.contains("works"),
        "the disk target test passes: {tested}"
    );
    s.shot("backup-tested").await;
    s.next().await;

    s.page("review").await;
    let plan = s.text("[data-page='review']").await;
    assert!(plan.contains("config.json"), "the plan is in words: {plan}");
    // Back and forth keeps the answers.
    s.click("[data-action='back']").await;
    s.page("backup").await;
    let target = s
        .wait("[name='backup.target']", PAGE_TIMEOUT)
        .await
        .prop("value")
        .await
        .unwrap();
    assert_eq!(target.as_deref(), Some(backups.path().to_str().unwrap()));
    s.next().await;
    s.page("review").await;
    s.click("[data-action='install']").await;

    s.page("apply").await;
    s.wait("[data-page='done']", APPLY_TIMEOUT).await;
    s.page("done").await;
    let address = s.text("[data-address]").await;
    assert_eq!(address.trim(), format!("https://officebox:{port}"));

    // What the wizard installed.
    let data = r.join("srv/hearth");
    let config: Value =
        serde_json::from_slice(&std::fs::read(data.join("config.json")).unwrap()).unwrap();
    assert_eq!(
        config["ServiceSettings"]["SiteURL"],
        format!("https://officebox:{port}")
    );
    assert_eq!(
        config["BackupSettings"]["Target"],
        backups.path().display().to_string()
    );
    assert_eq!(config["BackupSettings"]["Time"], "03:30");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&data.join("config.json")), 0o600);
    assert_eq!(mode(&data), 0o700);
    assert!(r.join("etc/systemd/system/hearth.service").is_file());
    let saved = std::fs::read_to_string(r.join("etc/hearth/setup.json")).unwrap();
    assert!(
        !saved.contains("boss-password"),
        "the password is not saved"
    );

    // The CA root is saved for the admin to hand out.
    s.click("[data-action='save-ca']").await;
    let saved_to = s.text("[data-saved-to]").await;
    assert!(saved_to.contains("hearth-root-ca.pem"), "{saved_to}");

    s.click("[data-action='finish']").await;
    s.page("status").await;
    s.click("[data-action='start']").await;
    // The status window follows the server up.
    s.until("[data-check='server']", "answering").await;
    s.shot("status").await;

    // "Back up now" runs the backup; the window shows it succeeded.
    s.click("[data-action='back-up-now']").await;
    s.until("[data-check='backup']", "succeeded").await;
    s.shot("status-backed-up").await;

    // The installed server answers over HTTPS with the box's own CA, and the admin signs in.
    let root_pem = std::fs::read_to_string(data.join("tls/root.pem")).unwrap();
    let http = reqwest::Client::builder()
        .use_preconfigured_tls((*tls_trusting(&root_pem)).clone())
        .resolve("officebox", ([127, 0, 0, 1], port).into())
        .build()
        .unwrap();
    let base = format!("https://officebox:{port}");
    let ping = http
        .get(format!("{base}/api/v4/system/ping"))
        .send()
        .await
        .unwrap();
    assert_eq!(ping.status(), 200);
    let login = http
        .post(format!("{base}/api/v4/users/login"))
        .json(&json!({"login_id": "boss", "password": "boss-password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200, "the first admin signs in");
    // Phones fetch the CA root over plain HTTP before they trust it.
    let ca = reqwest::get(format!(
        "http://127.0.0.1:{redirect_port}/api/v4/hearth/tls/root.pem"
    ))
    .await
    .unwrap();
    assert_eq!(ca.text().await.unwrap(), root_pem);

    // Closing the app ends the server it started.
    s.client.close().await.unwrap();
    let mut stopped = false;
    for _ in 0..100 {
        if http
            .get(format!("{base}/api/v4/system/ping"))
            .send()
            .await
            .is_err()
        {
            stopped = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(stopped, "the trial server outlived the Manager");
}

#[tokio::test]
async fn without_a_display_the_manager_names_the_commands_that_do_the_same() {
    let output = tokio::process::Command::new(built_binary("hearth-manager", "HEARTH_MANAGER_BIN"))
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .await
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let said = String::from_utf8_lossy(&output.stderr);
    for command in ["hearth setup", "hearth status", "hearth backup run"] {
        assert!(said.contains(command), "{said}");
    }
}
