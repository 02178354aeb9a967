//! Testing the backup target the admin gave: connect (pinning an SFTP server's host key), write,
//! read back. It changes nothing on this box, so it runs every time.

use super::{Context, Step, StepError, StepProgress, config_file};
use crate::answers::Answers;

pub struct BackupTarget;

impl Step for BackupTarget {
    fn id(&self) -> &'static str {
        "backup_target"
    }

    fn describe(&self, answers: &Answers) -> String {
        format!(
            "Test the backup target {}: connect, write a file and read it back.",
            answers.backup.target.trim()
        )
    }

    fn is_done(&self, _ctx: &Context) -> Result<bool, StepError> {
        Ok(false)
    }

    fn only_checks(&self) -> bool {
        true
    }

    fn apply(&self, ctx: &Context, progress: StepProgress) -> Result<(), StepError> {
        progress(0.2, "connecting");
        let said = ctx
            .hearth
            .check_backup_target(&ctx.data_dir(), &ctx.root.join(&config_file(ctx.answers)))
            .map_err(|e| {
                StepError::new(
                    format!("the backup target does not work: {e}"),
                    "fix the target (for SFTP, add the key `hearth backup key` prints to the backup server), then run setup again",
                )
            })?;
        progress(1.0, &said);
        ctx.own_data_dir()
    }

    fn verify(&self, _ctx: &Context) -> Result<(), StepError> {
        Ok(())
    }
}
