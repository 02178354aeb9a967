//! Carrying out a plan: each step is checked, and only if it is not done already, applied and
//! verified. Progress goes out as events (step, percent, message) a GUI draws as a progress bar.
//! A failed step stops the run with what failed and what to do; every step before it is done
//! and is skipped when setup runs again, so a fixed problem resumes where it stopped.

use serde::Serialize;

use crate::plan::Plan;
use crate::steps::{Context, StepError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Checking,
    Running,
    /// Found done: nothing changed.
    AlreadyDone,
    /// Applied and verified.
    Done,
    Failed,
}

/// One progress event.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    /// 1-based.
    pub step: usize,
    pub steps: usize,
    pub id: &'static str,
    pub status: Status,
    /// Of the whole plan, 0 to 100.
    pub percent: f32,
    pub message: String,
}

/// Which steps changed something and which were done already.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Outcome {
    pub changed: Vec<&'static str>,
    pub already_done: Vec<&'static str>,
    /// Steps that only test something (the backup target) and passed.
    pub checked: Vec<&'static str>,
}

/// The step that failed, why, and what to do.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    pub step: &'static str,
    pub message: String,
    pub fix: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "step {} failed: {}. What to do: {}.",
            self.step, self.message, self.fix
        )
    }
}

/// Applies `plan`, reporting every move to `on_event`.
pub fn apply(plan: &Plan, ctx: &Context, on_event: &dyn Fn(&Event)) -> Result<Outcome, Failure> {
    let steps = plan.steps();
    let count = steps.len();
    let mut outcome = Outcome::default();
    for (index, step) in steps.iter().enumerate() {
        let event = |status, within: f32, message: &str| {
            on_event(&Event {
                step: index + 1,
                steps: count,
                id: step.id(),
                status,
                percent: 100.0 * (index as f32 + within.clamp(0.0, 1.0)) / count as f32,
                message: message.to_string(),
            })
        };
        let failed = |e: StepError| {
            event(Status::Failed, 0.0, &e.message);
            tracing::error!(step = step.id(), error = %e.message, fix = %e.fix, "setup step failed");
            Failure {
                step: step.id(),
                message: e.message,
                fix: e.fix,
            }
        };
        event(Status::Checking, 0.0, &step.describe(ctx.answers));
        if step.is_done(ctx).map_err(failed)? {
            event(Status::AlreadyDone, 1.0, "already done");
            outcome.already_done.push(step.id());
            continue;
        }
        step.apply(ctx, &|within, message| {
            event(Status::Running, within, message)
        })
        .and_then(|()| step.verify(ctx))
        .map_err(failed)?;
        tracing::info!(step = step.id(), "setup step done");
        event(Status::Done, 1.0, "done");
        if step.only_checks() {
            outcome.checked.push(step.id());
        } else {
            outcome.changed.push(step.id());
        }
    }
    Ok(outcome)
}
