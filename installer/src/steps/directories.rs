//! The data directory and the files and backup-state directories in it: 0700, owned by the
//! system account, on the storage the admin chose.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::PathBuf;

use super::{Context, Step, StepError, StepProgress};
use crate::answers::Answers;

pub struct Directories;

/// The data directory first, then the directories in it.
fn directories(ctx: &Context) -> Vec<PathBuf> {
    let data = ctx.data_dir();
    vec![data.clone(), data.join("files"), data.join("backup")]
}

impl Step for Directories {
    fn id(&self) -> &'static str {
        "directories"
    }

    fn describe(&self, answers: &Answers) -> String {
        format!(
            "Create {} for the database, files and config, readable only by {}.",
            answers.data_dir.display(),
            answers.system_user
        )
    }

    fn is_done(&self, ctx: &Context) -> Result<bool, StepError> {
        let Ok((uid, gid)) = ctx.owner() else {
            return Ok(false);
        };
        Ok(directories(ctx).iter().all(|dir| {
            std::fs::metadata(dir).is_ok_and(|m| {
                m.is_dir()
                    && m.uid() == uid
                    && m.gid() == gid
                    && m.permissions().mode() & 0o777 == 0o700
            })
        }))
    }

    fn apply(&self, ctx: &Context, progress: StepProgress) -> Result<(), StepError> {
        let (uid, gid) = ctx.owner()?;
        for dir in directories(ctx) {
            progress(0.5, &format!("making {}", dir.display()));
            let fail = |e: std::io::Error| {
                StepError::new(
                    format!("cannot prepare {}: {e}", dir.display()),
                    "check that the disk is mounted and writable, and run setup as root",
                )
            };
            crate::root::make_private_dir(&dir).map_err(fail)?;
            std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).map_err(fail)?;
            std::os::unix::fs::chown(&dir, Some(uid), Some(gid)).map_err(fail)?;
        }
        Ok(())
    }
}
