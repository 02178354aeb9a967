//! Storage health in the running server: with the machine's files replaced by samples of a
//! degraded RAID 1 holding the data (`HEARTH_PROBE_ROOT`), the check reports it at
//! `GET /hearth/storage` and tells the system admins.

use hearth_e2e::fixtures::{member, office, wait_for_notice};
use hearth_e2e::{Backend, Server, on_each_backend};

on_each_backend!(a_degraded_array_under_the_data_is_reported);

/// A machine whose only array, md0 (RAID 1), lost a disk and holds `/`.
fn degraded_machine() -> tempfile::TempDir {
    let root = tempfile::tempdir().expect("temp dir");
    let proc_dir = root.path().join("proc");
    std::fs::create_dir_all(&proc_dir).unwrap();
    std::fs::write(
        proc_dir.join("mdstat"),
        "Personalities : [raid1] \n\
         md0 : active raid1 sdb1[1](F) sda1[0]\n      \
         976630464 blocks super 1.2 [2/1] [U_]\n      \
         bitmap: 2/8 pages [8KB], 65536KB chunk\n\n\
         unused devices: <none>\n",
    )
    .unwrap();
    std::fs::write(proc_dir.join("mounts"), "/dev/md0 / ext4 rw,relatime 0 0\n").unwrap();
    root
}

async fn a_degraded_array_under_the_data_is_reported(backend: Backend) {
    let machine = degraded_machine();
    let env = [("HEARTH_PROBE_ROOT", machine.path().to_str().unwrap())];
    let server = Server::start_with(backend, &env).await;
    let office = office(&server).await;
    let ana = member(&server, &office, "ana").await;
    assert_eq!(ana.get("/api/v4/hearth/storage").await.status, 403);
    let report = office.admin.get("/api/v4/hearth/storage").await.expect(200);
    assert_eq!(
        report["paths"][0]["redundancy"]["kind"], "degraded",
        "{report}"
    );
    assert_eq!(report["arrays"][0]["name"], "md0");
    let problems = report["problems"].to_string();
    assert!(
        problems.contains("degraded") && problems.contains("Replace the failed disk"),
        "{problems}"
    );
    wait_for_notice(&office.admin, "Storage needs attention").await;
}
