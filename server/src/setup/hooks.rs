//! The server's side of setup, the installer's [`Hearth`]: each call loads the config setup
//! wrote and uses the server's own code, so setup makes exactly what `hearth serve` expects.

use std::path::Path;

use hearth_installer::answers::{AdminAnswers, TeamAnswers};
use hearth_installer::hearth::Hearth;

use crate::app::{App, Caller, NewTeam, NewUser};
use crate::config::Config;
use crate::model::{Session, User, now_millis};

/// Runs the server's async code from setup's blocking thread.
pub struct ServerHooks {
    pub runtime: tokio::runtime::Handle,
}

fn load(config_file: &Path) -> Result<Config, String> {
    // Only the file: setup's own environment must not leak into what it checks.
    Config::load(Some(config_file), std::iter::empty()).map_err(|e| e.to_string())
}

/// Someone with every right, for setup's own actions (it runs as root on the box).
fn setup_caller(user: User) -> Caller {
    Caller {
        session: Session {
            user_id: user.id.clone(),
            ..Session::default()
        },
        user,
    }
}

impl ServerHooks {
    async fn app(data_dir: &Path, config_file: &Path) -> Result<std::sync::Arc<App>, String> {
        let config = load(config_file)?;
        let store = crate::server::open_store(&config, data_dir)
            .await
            .map_err(|e| e.to_string())?;
        let files = crate::files::Files::open(&config.file_settings, data_dir)
            .map_err(|e| format!("cannot open the files directory: {e}"))?;
        Ok(App::without_tasks(
            config,
            config_file.into(),
            data_dir.into(),
            store,
            files,
        ))
    }

    async fn create_admin_async(
        data_dir: &Path,
        config_file: &Path,
        admin: &AdminAnswers,
        team: &TeamAnswers,
    ) -> Result<(), String> {
        let app = Self::app(data_dir, config_file).await?;
        let fail = |e: crate::app::Error| e.message;
        let new = NewUser {
            username: admin.username.clone(),
            email: admin.email.clone(),
            password: admin.password.clone(),
            ..NewUser::default()
        };
        let existing = app
            .store
            .user_by_username(&admin.username)
            .await
            .map_err(|e| e.to_string())?;
        let first = app.store.count_users().await.map_err(|e| e.to_string())? == 0;
        let user = if let Some(user) = existing {
            user
        } else if first {
            // The first account becomes system admin by Hearth's own rule.
            app.create_user(new, None, false).await.map_err(fail)?
        } else {
            let acting = setup_caller(User {
                roles: "system_user system_admin".into(),
                ..User::default()
            });
            let mut user = app
                .create_user(new, Some(&acting), false)
                .await
                .map_err(fail)?;
            user.roles = "system_user system_admin".into();
            app.store
                .set_roles(&user.id, &user.roles, now_millis())
                .await
                .map_err(|e| e.to_string())?;
            user
        };
        match app
            .store
            .team_by_name(&team.name)
            .await
            .map_err(|e| e.to_string())?
        {
            Some(existing) => {
                app.add_team_member(&existing, &user).await.map_err(fail)?;
            }
            None => {
                let new_team = NewTeam {
                    name: team.name.clone(),
                    display_name: team.display_name.clone(),
                    team_type: "O".into(),
                    ..NewTeam::default()
                };
                app.create_team(&setup_caller(user), new_team)
                    .await
                    .map_err(fail)?;
            }
        }
        Ok(())
    }
}

impl Hearth for ServerHooks {
    fn prepare_database(&self, data_dir: &Path, config_file: &Path) -> Result<(), String> {
        let config = load(config_file)?;
        self.runtime
            .block_on(crate::server::open_store(&config, data_dir))
            .map(drop)
            .map_err(|e| e.to_string())
    }

    fn user_exists(
        &self,
        data_dir: &Path,
        config_file: &Path,
        username: &str,
    ) -> Result<bool, String> {
        let config = load(config_file)?;
        self.runtime.block_on(async {
            let store = crate::server::open_store(&config, data_dir)
                .await
                .map_err(|e| e.to_string())?;
            let user = store
                .user_by_username(username)
                .await
                .map_err(|e| e.to_string())?;
            Ok(user.is_some())
        })
    }

    fn create_admin(
        &self,
        data_dir: &Path,
        config_file: &Path,
        admin: &AdminAnswers,
        team: &TeamAnswers,
    ) -> Result<(), String> {
        self.runtime
            .block_on(Self::create_admin_async(data_dir, config_file, admin, team))
    }

    fn prepare_local_ca(&self, data_dir: &Path) -> Result<String, String> {
        crate::edge::local_ca::LocalCa::load_or_create(&data_dir.join("tls"))
            .map(|ca| ca.root_pem().to_string())
            .map_err(|e| e.to_string())
    }

    fn check_backup_target(&self, data_dir: &Path, config_file: &Path) -> Result<String, String> {
        let config = load(config_file)?;
        let settings = &config.backup_settings;
        let spec = crate::backups::target_spec(&settings.target, settings, data_dir)
            .map_err(|e| e.to_string())?;
        if let hearth_backup::TargetSpec::Sftp(sftp) = &spec {
            // Made on first use, so the refusal names the line to add on the backup server.
            hearth_backup::target::public_key_line(&sftp.key_file).map_err(|e| e.to_string())?;
        }
        let free = self
            .runtime
            .block_on(hearth_backup::Target::check(&spec))
            .map_err(|e| e.to_string())?;
        Ok(match free {
            Some(bytes) => format!("{spec} works ({:.1} GB free)", bytes as f64 / 1e9),
            None => format!("{spec} works"),
        })
    }
}
