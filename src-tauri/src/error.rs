//! The error every command returns to the pages: a sentence, and where known the answer field
//! that caused it, the setup step that failed and what to do.

use serde::Serialize;

#[derive(Debug, Clone, Default, Serialize)]
pub struct CommandError {
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

impl CommandError {
    pub fn new(message: impl Into<String>) -> CommandError {
        CommandError {
            message: message.into(),
            ..CommandError::default()
        }
    }

    pub fn on_field(field: &str, message: impl Into<String>) -> CommandError {
        CommandError {
            field: Some(field.into()),
            ..CommandError::new(message)
        }
    }
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)?;
        if let Some(fix) = &self.fix {
            write!(f, " ({fix})")?;
        }
        Ok(())
    }
}

pub type CommandResult<T> = Result<T, CommandError>;
