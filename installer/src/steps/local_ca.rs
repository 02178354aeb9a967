//! For an office-network install: Hearth's own certificate authority, made now so the wizard
//! can offer its root certificate to phones and laptops at once.

use super::{Context, Step, StepError, StepProgress};
use crate::answers::Answers;

pub struct LocalCa;

impl Step for LocalCa {
    fn id(&self) -> &'static str {
        "local_ca"
    }

    fn describe(&self, answers: &Answers) -> String {
        format!(
            "Create this box's certificate authority in {} for HTTPS on the office network; each device trusts its root certificate once.",
            answers.data_dir.join("tls").display()
        )
    }

    fn is_done(&self, ctx: &Context) -> Result<bool, StepError> {
        let tls = ctx.data_dir().join("tls");
        Ok(tls.join("root.pem").is_file() && tls.join("root-key.pem").is_file())
    }

    fn apply(&self, ctx: &Context, progress: StepProgress) -> Result<(), StepError> {
        progress(0.3, "making the root certificate");
        ctx.hearth.prepare_local_ca(&ctx.data_dir()).map_err(|e| {
            StepError::new(
                format!("making the certificate authority failed: {e}"),
                "check the data directory is writable",
            )
        })?;
        ctx.own_data_dir()
    }
}
