//! PostgreSQL from the distribution's packages, when the admin chose it and it is missing.

use super::{Context, Step, StepError, StepProgress};
use crate::answers::Answers;

pub struct PostgresInstall;

impl Step for PostgresInstall {
    fn id(&self) -> &'static str {
        "postgres_install"
    }

    fn describe(&self, _answers: &Answers) -> String {
        "Install PostgreSQL from the distribution's packages (apt), if it is not installed.".into()
    }

    fn is_done(&self, ctx: &Context) -> Result<bool, StepError> {
        let lib = ctx.root.join(std::path::Path::new("/usr/lib/postgresql"));
        Ok(std::fs::read_dir(lib)
            .into_iter()
            .flatten()
            .flatten()
            .any(|version| version.path().join("bin/postgres").is_file()))
    }

    fn apply(&self, ctx: &Context, progress: StepProgress) -> Result<(), StepError> {
        if !ctx.root.is_live() {
            return Err(StepError::new(
                "packages cannot be installed into a root prefix",
                "install PostgreSQL on the real system, or choose SQLite",
            ));
        }
        progress(0.1, "apt-get install postgresql (this takes a minute)");
        let status = std::process::Command::new("apt-get")
            .args([
                "install",
                "-y",
                "-q",
                "--no-install-recommends",
                "postgresql",
            ])
            .env("DEBIAN_FRONTEND", "noninteractive")
            .stdin(std::process::Stdio::null())
            .status()
            .map_err(|e| {
                StepError::new(
                    format!("cannot run apt-get: {e}"),
                    "run setup as root on Debian or Ubuntu",
                )
            })?;
        if !status.success() {
            return Err(StepError::new(
                format!("apt-get install postgresql failed ({status})"),
                "check the network and `apt-get update`, then run setup again",
            ));
        }
        Ok(())
    }
}
