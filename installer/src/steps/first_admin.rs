//! The first system admin account and the team, through Hearth's own rules.

use super::{Context, Step, StepError, StepProgress, config_file};
use crate::answers::Answers;

pub struct FirstAdmin;

impl Step for FirstAdmin {
    fn id(&self) -> &'static str {
        "first_admin"
    }

    fn describe(&self, answers: &Answers) -> String {
        format!(
            "Create the system admin \"{}\" ({}) and the team \"{}\".",
            answers.admin.username, answers.admin.email, answers.team.display_name
        )
    }

    fn is_done(&self, ctx: &Context) -> Result<bool, StepError> {
        ctx.hearth
            .user_exists(
                &ctx.data_dir(),
                &ctx.root.join(&config_file(ctx.answers)),
                &ctx.answers.admin.username,
            )
            .map_err(|e| {
                StepError::new(
                    format!("cannot look up the admin: {e}"),
                    "check the database step succeeded",
                )
            })
    }

    fn apply(&self, ctx: &Context, progress: StepProgress) -> Result<(), StepError> {
        progress(0.3, &format!("creating {}", ctx.answers.admin.username));
        ctx.hearth
            .create_admin(
                &ctx.data_dir(),
                &ctx.root.join(&config_file(ctx.answers)),
                &ctx.answers.admin,
                &ctx.answers.team,
            )
            .map_err(|e| {
                StepError::new(
                    format!("creating the admin failed: {e}"),
                    "fix the answer it names and run setup again",
                )
            })?;
        ctx.own_data_dir()
    }
}
