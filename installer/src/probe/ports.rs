//! Whether ports 80, 443 and 8065 are taken, and by which process: listening sockets from
//! `/proc/net/tcp` and `/proc/net/tcp6` (state `0A`), their inodes matched to a process through
//! the `socket:[inode]` links in `/proc/<pid>/fd/`. Another user's descriptors can be read only
//! as root; without them the port shows as taken by an unknown process.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::Path;

use super::PortUse;
use super::files::{dir_names, read_text, read_trimmed, under};

/// HTTP (ACME's HTTP-01 and the redirect to HTTPS), HTTPS, and Mattermost's default port.
pub(crate) const CHECKED_PORTS: [u16; 3] = [80, 443, 8065];

const TCP_LISTEN: &str = "0A";

pub(crate) fn read_ports(root: &Path) -> Vec<PortUse> {
    let listening: Vec<(u16, u64)> = ["proc/net/tcp", "proc/net/tcp6"]
        .iter()
        .flat_map(|table| parse_listening(&read_text(&under(root, table))))
        .filter(|(port, _)| CHECKED_PORTS.contains(port))
        .collect();
    let owners = socket_owners(root, listening.iter().map(|&(_, inode)| inode).collect());
    CHECKED_PORTS
        .iter()
        .map(|&port| {
            let mut inodes = listening
                .iter()
                .filter(|(p, _)| *p == port)
                .map(|(_, inode)| inode);
            let in_use = inodes.clone().next().is_some();
            PortUse {
                port,
                in_use,
                process: inodes.find_map(|inode| owners.get(inode).cloned()),
            }
        })
        .collect()
}

/// `(port, socket inode)` of each listening socket in a `/proc/net/tcp{,6}` table:
/// `sl local_address rem_address st ... uid timeout inode`, the port in hex after the colon.
fn parse_listening(table: &str) -> Vec<(u16, u64)> {
    table
        .lines()
        .skip(1)
        .filter_map(|row| {
            let fields: Vec<&str> = row.split_whitespace().collect();
            if fields.get(3) != Some(&TCP_LISTEN) {
                return None;
            }
            let (_, port) = fields.get(1)?.rsplit_once(':')?;
            let port = u16::from_str_radix(port, 16).ok()?;
            let inode = fields
                .get(9)?
                .parse::<u64>()
                .ok()
                .filter(|&inode| inode != 0)?;
            Some((port, inode))
        })
        .collect()
}

/// `nginx (pid 812)` for each wanted socket inode some process holds open. Processes are visited
/// in pid order, so a server's parent (which opened the socket) is named before its workers.
fn socket_owners(root: &Path, mut wanted: HashSet<u64>) -> HashMap<u64, String> {
    let proc_dir = under(root, "proc");
    let mut pids: Vec<u32> = dir_names(&proc_dir)
        .iter()
        .filter_map(|name| name.parse().ok())
        .collect();
    pids.sort_unstable();
    let mut owners = HashMap::new();
    for pid in pids {
        if wanted.is_empty() {
            break;
        }
        let process_dir = proc_dir.join(pid.to_string());
        let Ok(descriptors) = fs::read_dir(process_dir.join("fd")) else {
            continue;
        };
        for descriptor in descriptors.flatten() {
            let Some(inode) = fs::read_link(descriptor.path())
                .ok()
                .and_then(|target| socket_inode(&target))
            else {
                continue;
            };
            if wanted.remove(&inode) {
                let name = read_trimmed(&process_dir.join("comm"));
                owners.insert(inode, format!("{name} (pid {pid})"));
            }
        }
    }
    owners
}

/// `socket:[23456]` -> 23456.
fn socket_inode(link_target: &Path) -> Option<u64> {
    link_target
        .to_str()?
        .strip_prefix("socket:[")?
        .strip_suffix(']')?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::symlink;

    use super::*;
    use crate::probe::samples;

    /// The sample tables, plus nginx (pid 812) holding the port 80 sockets and an unrelated
    /// process holding another socket.
    fn sample_root() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let net = dir.path().join("proc/net");
        fs::create_dir_all(&net).unwrap();
        for table in ["tcp", "tcp6"] {
            fs::copy(
                samples::root("ports").join("proc/net").join(table),
                net.join(table),
            )
            .unwrap();
        }
        for (pid, comm, links) in [
            (
                1,
                "systemd",
                vec![("3", "socket:[11111]"), ("4", "/dev/null")],
            ),
            (
                812,
                "nginx",
                vec![
                    ("0", "/dev/null"),
                    ("6", "socket:[23456]"),
                    ("7", "socket:[23458]"),
                ],
            ),
            (813, "nginx", vec![("6", "socket:[23456]")]),
        ] {
            let process = dir.path().join(format!("proc/{pid}"));
            fs::create_dir_all(process.join("fd")).unwrap();
            fs::write(process.join("comm"), format!("{comm}\n")).unwrap();
            for (fd, target) in links {
                symlink(target, process.join("fd").join(fd)).unwrap();
            }
        }
        fs::create_dir_all(dir.path().join("proc/self/fd")).unwrap();
        dir
    }

    #[test]
    fn ports_in_use_and_by_whom() {
        let root = sample_root();
        let ports = read_ports(root.path());
        let summary: Vec<(u16, bool, Option<&str>)> = ports
            .iter()
            .map(|p| (p.port, p.in_use, p.process.as_deref()))
            .collect();
        assert_eq!(
            summary,
            [
                (80, true, Some("nginx (pid 812)")),
                // Listening, but no process we can see holds the socket.
                (443, true, None),
                // Only a connection in TIME_WAIT.
                (8065, false, None),
            ]
        );
    }

    #[test]
    fn listening_sockets_from_both_tables() {
        let root = samples::root("ports");
        let v4 = parse_listening(&read_text(&root.join("proc/net/tcp")));
        assert_eq!(v4, [(80, 23456), (5432, 19876), (22, 17201)]);
        let v6 = parse_listening(&read_text(&root.join("proc/net/tcp6")));
        assert_eq!(v6, [(80, 23458), (443, 99999), (22, 17203)]);
        assert!(parse_listening("header only\n   0: garbage").is_empty());
    }

    #[test]
    fn no_tables_means_all_free() {
        let ports = read_ports(Path::new("/nonexistent-root"));
        assert!(ports.iter().all(|p| !p.in_use && p.process.is_none()));
        assert_eq!(ports.len(), 3);
    }
}
