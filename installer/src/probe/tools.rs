//! Running the system's own tools (`zpool`, `lvs`) on the live machine: found on `PATH` or in
//! the sbin directories a non-root `PATH` often lacks, run with the C locale, stdout returned.

use std::env;
use std::path::PathBuf;
use std::process::{Command, Stdio};

const SBIN_DIRS: [&str; 3] = ["/usr/local/sbin", "/usr/sbin", "/sbin"];

/// The tool's standard output, whatever its exit status (`lvs` exits non-zero when one volume
/// group cannot be read, yet reports the others); `None` when the tool is not installed or
/// cannot be started.
pub(crate) fn run_tool(name: &str, args: &[&str]) -> Option<String> {
    let program = find_tool(name)?;
    let output = Command::new(program)
        .args(args)
        .env("LC_ALL", "C")
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !output.status.success() {
        tracing::debug!(tool = name, status = %output.status, "probe tool exited unsuccessfully");
    }
    String::from_utf8(output.stdout).ok()
}

fn find_tool(name: &str) -> Option<PathBuf> {
    let path_dirs = env::var_os("PATH")
        .map(|path| env::split_paths(&path).collect::<Vec<_>>())
        .unwrap_or_default();
    path_dirs
        .into_iter()
        .chain(SBIN_DIRS.iter().map(PathBuf::from))
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_installed_tools_only() {
        assert_eq!(
            run_tool("sh", &["-c", "echo hi; exit 3"]).as_deref(),
            Some("hi\n")
        );
        assert_eq!(run_tool("hearth-no-such-tool", &[]), None);
    }
}
