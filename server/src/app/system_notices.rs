//! Notices from the server to its system admins (a backup failed or was missed, ...): a direct
//! message from the `system-bot` account, as Mattermost sends its own notices, so they reach
//! admins in every client with the usual notifications (push, email, desktop).

use super::bots::bot_user;
use super::{App, Caller, NewPost, Result};
use crate::model::{Bot, Session, User, new_id, now_millis};
use crate::store::UserQuery;

/// The account server notices come from (Mattermost's name for it).
const SYSTEM_BOT: &str = "system-bot";

impl App {
    /// Sends `message` to every active system admin and returns how many were told; failures
    /// are logged, never raised, so a notice never breaks the work that prompted it.
    pub async fn tell_system_admins(&self, message: &str) -> usize {
        match self.send_notice(message).await {
            Ok(told) => told,
            Err(e) => {
                tracing::error!(error = %e, detail = %e.detail, notice = message, "could not tell the system admins; the notice is only in this log");
                0
            }
        }
    }

    async fn send_notice(&self, message: &str) -> Result<usize> {
        let admins = self
            .store
            .query_users(&UserQuery {
                role: Some("system_admin".into()),
                limit: 200,
                ..UserQuery::default()
            })
            .await?;
        let admins: Vec<_> = admins
            .into_iter()
            .filter(|a| !a.is_bot && a.delete_at == 0)
            .collect();
        if admins.is_empty() {
            // No one to tell yet; making the bot now would take the first account's place.
            return Ok(0);
        }
        let bot = self.system_bot().await?;
        let caller = Caller {
            session: Session {
                user_id: bot.id.clone(),
                ..Session::default()
            },
            user: bot.clone(),
        };
        let mut told = 0;
        for admin in &admins {
            let channel = self
                .create_direct_channel(&caller, &[bot.id.clone(), admin.id.clone()])
                .await?;
            let post = NewPost {
                channel_id: channel.id,
                message: message.into(),
                ..NewPost::default()
            };
            self.create_post(&caller, post).await?;
            told += 1;
        }
        Ok(told)
    }

    /// The `system-bot` account, made on first use.
    async fn system_bot(&self) -> Result<User> {
        if let Some(user) = self.store.user_by_username(SYSTEM_BOT).await? {
            return Ok(user);
        }
        let now = now_millis();
        let bot = Bot {
            user_id: new_id(),
            username: SYSTEM_BOT.into(),
            display_name: "System".into(),
            description: "Notices from Hearth about the server itself.".into(),
            owner_id: String::new(),
            create_at: now,
            update_at: now,
            delete_at: 0,
        };
        let user = bot_user(&bot);
        if let Err(e) = self.store.insert_bot(&user, &bot).await {
            // Made meanwhile by another notice: use that one.
            return match self.store.user_by_username(SYSTEM_BOT).await? {
                Some(user) => Ok(user),
                None => Err(e.into()),
            };
        }
        Ok(user)
    }
}
