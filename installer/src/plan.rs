//! The plan: the admin's answers as an ordered list of steps, each described in plain words and
//! shown before anything changes.

use serde::Serialize;

use crate::answers::{AddressMode, Answers, DatabaseKind};
use crate::steps::{
    BackupTarget, Config, Database, Directories, FirstAdmin, LocalCa, PostgresInstall, Service,
    Step, SystemUser,
};

pub struct Plan {
    steps: Vec<Box<dyn Step>>,
}

/// A step as the plan shows it.
#[derive(Debug, Clone, Serialize)]
pub struct PlannedStep {
    pub id: &'static str,
    pub description: String,
}

impl Plan {
    /// The steps for these answers, in order.
    pub fn new(answers: &Answers) -> Plan {
        let mut steps: Vec<Box<dyn Step>> = vec![
            Box::new(SystemUser),
            Box::new(Directories),
            Box::new(Config),
        ];
        if answers.database == DatabaseKind::Postgres && answers.postgres.install {
            steps.push(Box::new(PostgresInstall));
        }
        steps.push(Box::new(Database));
        if answers.address.mode == AddressMode::Lan {
            steps.push(Box::new(LocalCa));
        }
        steps.push(Box::new(FirstAdmin));
        steps.push(Box::new(Service));
        if !answers.backup.target.trim().is_empty() {
            steps.push(Box::new(BackupTarget));
        }
        Plan { steps }
    }

    pub fn steps(&self) -> &[Box<dyn Step>] {
        &self.steps
    }

    pub fn describe(&self, answers: &Answers) -> Vec<PlannedStep> {
        self.steps
            .iter()
            .map(|step| PlannedStep {
                id: step.id(),
                description: step.describe(answers),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(answers: &Answers) -> Vec<&'static str> {
        Plan::new(answers)
            .describe(answers)
            .into_iter()
            .map(|s| s.id)
            .collect()
    }

    #[test]
    fn the_plan_follows_the_answers() {
        let mut answers = Answers::default();
        assert_eq!(
            ids(&answers),
            [
                "system_user",
                "directories",
                "config",
                "database",
                "local_ca",
                "first_admin",
                "service"
            ]
        );
        answers.database = DatabaseKind::Postgres;
        answers.postgres.install = true;
        answers.address.mode = AddressMode::Internet;
        answers.backup.target = "/mnt/usb".into();
        assert_eq!(
            ids(&answers),
            [
                "system_user",
                "directories",
                "config",
                "postgres_install",
                "database",
                "first_admin",
                "service",
                "backup_target"
            ]
        );
    }
}
