//! PostgreSQL as Debian and Ubuntu install it: server major versions in
//! `/usr/lib/postgresql/<version>/bin/postgres`, a running server's socket in
//! `/run/postgresql/.s.PGSQL.5432` (`/var/run` on older layouts), and the `psql` client.

use std::path::Path;

use super::Postgres;
use super::files::{dir_names, under};

const SOCKET_PATHS: [&str; 2] = [
    "run/postgresql/.s.PGSQL.5432",
    "var/run/postgresql/.s.PGSQL.5432",
];
const CLIENT_PATHS: [&str; 2] = ["usr/bin/psql", "usr/local/bin/psql"];

pub(crate) fn read_postgres(root: &Path) -> Postgres {
    let versions_dir = under(root, "usr/lib/postgresql");
    let mut installed_versions: Vec<u32> = dir_names(&versions_dir)
        .iter()
        .filter(|version| exists(&versions_dir.join(version).join("bin/postgres")))
        .filter_map(|version| version.parse().ok())
        .collect();
    installed_versions.sort_unstable();
    Postgres {
        installed_versions,
        running: SOCKET_PATHS.iter().any(|path| exists(&under(root, path))),
        client: CLIENT_PATHS.iter().any(|path| exists(&under(root, path))),
    }
}

/// Present, even as a link: under a sample root a link may point outside it (Debian's
/// `/usr/bin/psql` links to `pg_wrapper`).
fn exists(path: &Path) -> bool {
    path.symlink_metadata().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::samples;

    #[test]
    fn sample_box_has_two_versions_a_running_server_and_a_client() {
        let postgres = read_postgres(&samples::root("box"));
        assert_eq!(
            postgres.installed_versions,
            [13, 15],
            "16 has only its share files"
        );
        assert!(postgres.running);
        assert!(postgres.client);
    }

    #[test]
    fn nothing_installed() {
        let postgres = read_postgres(Path::new("/nonexistent-root"));
        assert!(postgres.installed_versions.is_empty() && !postgres.running && !postgres.client);
    }
}
