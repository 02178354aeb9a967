//! `backup`: backup and restore throughput against a plain copy of the same files on the same
//! disk. `--size` is the MiB of uploaded files: half in 64 MiB videos, half in 1 MiB documents.
//!
//! Each step runs the real `hearth backup` command with the page cache dropped first (when this
//! runs as root), and reports seconds, MiB/s and the command's peak memory:
//! `cp -a` of the files followed by `sync` (the baseline: a backup is on disk when it is done),
//! a first backup to a directory, the second nightly backup with nothing new, an encrypted
//! backup, a backup over SFTP to a local sshd, and restores from the directory and from SFTP,
//! against `cp -a` back.

use std::path::Path;
use std::time::Instant;

use hearth_e2e::{Sshd, fixtures, hearth_binary};
use serde_json::{Value, json};

use crate::metrics::Recorder;
use crate::{Args, start_server};

const MIB: usize = 1 << 20;
const PASSPHRASE: (&str, &str) = ("HEARTH_BACKUP_PASSPHRASE", "benchmark passphrase");

/// What one step took.
struct Step {
    seconds: f64,
    peak_rss_kib: i64,
}

/// Runs `program args` to completion with the page cache dropped first; fails on a non-zero exit.
async fn measured(program: &Path, args: &[String], env: &[(&str, &str)]) -> Result<Step, String> {
    drop_caches();
    let mut command = std::process::Command::new(program);
    command
        .args(args)
        .envs(env.iter().copied())
        .env("HEARTH_LOG", "warn")
        .stdout(std::process::Stdio::null());
    let started = Instant::now();
    let child = command
        .spawn()
        .map_err(|e| format!("{}: {e}", program.display()))?;
    let pid = child.id() as libc::pid_t;
    let (status, usage) = tokio::task::spawn_blocking(move || {
        let mut status = 0;
        // SAFETY: an all-zero rusage is valid; wait4 fills it for the child we started.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: waits for our own child, writing into locals.
        unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        (status, usage)
    })
    .await
    .expect("waiting does not panic");
    let seconds = started.elapsed().as_secs_f64();
    if !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 {
        return Err(format!("{} {args:?} failed", program.display()));
    }
    Ok(Step {
        seconds,
        peak_rss_kib: usage.ru_maxrss,
    })
}

fn drop_caches() {
    // SAFETY: sync has no memory effects.
    unsafe { libc::sync() };
    let _ = std::fs::write("/proc/sys/vm/drop_caches", "3");
}

/// Writes `mib` MiB of incompressible files into `files_dir`, returns the bytes written.
fn fill(files_dir: &Path, mib: usize) -> u64 {
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut block = vec![0u8; MIB];
    let mut write = |path: &Path, size_mib: usize| {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
        for _ in 0..size_mib {
            for b in block.iter_mut() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                *b = state as u8;
            }
            std::io::Write::write_all(&mut out, &block).unwrap();
        }
    };
    let videos = (mib / 2) / 64;
    for i in 0..videos {
        write(&files_dir.join(format!("vv/video{i:04}/file")), 64);
    }
    let docs = mib - videos * 64;
    for i in 0..docs {
        write(&files_dir.join(format!("dd/doc{i:05}/file")), 1);
    }
    (mib * MIB) as u64
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

pub async fn backup(args: &Args, _rec: &Recorder) -> Value {
    match run(args).await {
        Ok(figures) => json!({ "figures": figures }),
        Err(e) => json!({ "figures": {"error": e} }),
    }
}

async fn run(args: &Args) -> Result<Value, String> {
    let server = start_server(args.backend).await;
    let office = fixtures::office(&server).await;
    for n in 0..100 {
        fixtures::post(
            &office.admin,
            &office.town_square,
            &format!("message {n}"),
            "",
        )
        .await;
    }
    let data = server.data_dir.path();
    let bytes = fill(&data.join("files"), args.size);
    let mib = bytes as f64 / MIB as f64;
    let work = tempfile::tempdir_in(data.parent().unwrap()).map_err(|e| e.to_string())?;
    let at = |name: &str| work.path().join(name).display().to_string();
    let hearth = hearth_binary();
    let sh = Path::new("/bin/sh");
    let copy_and_sync =
        |from: &str, to: &str| strings(&["-c", "cp -a \"$0\" \"$1\" && sync", from, to]);
    let sshd = Sshd::start();
    let key = sshd.client_key.display().to_string();
    let sftp_target = sshd.target("bench");
    let backup = |extra: &[&str]| {
        let mut a = strings(&["backup", "run"]);
        a.extend(server.data_args());
        a.extend(strings(extra));
        a
    };
    let restore = async |target: &str, into: &str, extra: &[&str]| {
        let mut a = strings(&["backup", "restore", "--target", target, "--data-dir", into]);
        if server.database_url().is_some() {
            a.extend(["--database".into(), hearth_e2e::fresh_database().await]);
        }
        a.extend(strings(extra));
        a
    };
    let files = data.join("files").display().to_string();
    let copy = measured(sh, &copy_and_sync(&files, &at("copy")), &[]).await?;
    let first = measured(&hearth, &backup(&["--target", &at("dir")]), &[]).await?;
    let second = measured(&hearth, &backup(&["--target", &at("dir")]), &[]).await?;
    let sealed = measured(
        &hearth,
        &backup(&["--target", &at("sealed")]),
        &[PASSPHRASE],
    )
    .await?;
    let sftp = measured(
        &hearth,
        &backup(&["--target", &sftp_target, "--ssh-key", &key]),
        &[],
    )
    .await?;
    let dir_id = newest_id(&work.path().join("dir"))?;
    let sftp_id = newest_id(&sshd.local_path("bench"))?;
    let mut from_dir = restore(&at("dir"), &at("restored-dir"), &[]).await;
    from_dir.insert(2, dir_id);
    let restore_dir = measured(&hearth, &from_dir, &[]).await?;
    let mut from_sftp = restore(&sftp_target, &at("restored-sftp"), &["--ssh-key", &key]).await;
    from_sftp.insert(2, sftp_id);
    let restore_sftp = measured(&hearth, &from_sftp, &[]).await?;
    let copy_back = measured(sh, &copy_and_sync(&at("copy"), &at("copy-back")), &[]).await?;
    let rate = |s: &Step| mib / s.seconds;
    let step =
        |s: &Step| json!({"seconds": s.seconds, "mib_s": rate(s), "peak_rss_kib": s.peak_rss_kib});
    Ok(json!({
        "files_mib": mib,
        "cp_files": step(&copy),
        "backup_to_directory": step(&first),
        "second_backup_nothing_new": {"seconds": second.seconds, "peak_rss_kib": second.peak_rss_kib},
        "backup_encrypted": step(&sealed),
        "backup_over_sftp": step(&sftp),
        "restore_from_directory": step(&restore_dir),
        "restore_from_sftp": step(&restore_sftp),
        "cp_back": step(&copy_back),
        "backup_vs_cp": rate(&first) / rate(&copy),
        "restore_vs_cp": rate(&restore_dir) / rate(&copy_back),
    }))
}

fn newest_id(target: &Path) -> Result<String, String> {
    let mut ids: Vec<String> = std::fs::read_dir(target.join("backups"))
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    ids.sort();
    ids.pop().ok_or_else(|| "no backup".into())
}
