//! The system account and group the service runs as, with no login shell and no home of its own.

use super::{Context, Step, StepError, StepProgress, run};
use crate::answers::Answers;

pub struct SystemUser;

impl Step for SystemUser {
    fn id(&self) -> &'static str {
        "system_user"
    }

    fn describe(&self, answers: &Answers) -> String {
        format!(
            "Create the system account and group \"{}\" that Hearth runs as (it cannot log in).",
            answers.system_user
        )
    }

    fn is_done(&self, ctx: &Context) -> Result<bool, StepError> {
        let user = &ctx.answers.system_user;
        Ok(ctx.root.account(user).ok().flatten().is_some() && ctx.root.has_group(user))
    }

    fn apply(&self, ctx: &Context, progress: StepProgress) -> Result<(), StepError> {
        let user = ctx.answers.system_user.as_str();
        progress(0.1, &format!("adding the account {user}"));
        let home = ctx.answers.data_dir.display().to_string();
        let mut args = vec![
            "--system",
            "--user-group",
            "--no-create-home",
            "--home-dir",
            &home,
            "--shell",
            "/usr/sbin/nologin",
            "--comment",
            "Hearth team chat",
        ];
        let prefix = ctx.root.path().display().to_string();
        if !ctx.root.is_live() {
            args.extend(["--prefix", &prefix]);
        }
        args.push(user);
        run(
            "useradd",
            &args,
            "run setup as root on a system with the passwd package (useradd)",
        )?;
        Ok(())
    }
}
