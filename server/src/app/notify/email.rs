//! Notification email: the SMTP transport built from `EmailSettings` (plain, implicit TLS or
//! STARTTLS, optional auth), and one message listing a user's pending notices (batching), with a
//! link to each post and an unsubscribe link (`List-Unsubscribe`, RFC 8058 one-click).

use std::time::Duration;

use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::{Failure, Notice};
use crate::config::EmailSettings;

pub type Mailer = AsyncSmtpTransport<Tokio1Executor>;

const HINT: &str = "check EmailSettings.SMTPServer, SMTPPort, ConnectionSecurity and the SMTP credentials; the server must accept mail from FeedbackEmail";

/// Builds the SMTP transport, or says which setting is wrong.
pub fn mailer(e: &EmailSettings) -> Result<Mailer, String> {
    let port: u16 = e
        .smtp_port
        .parse()
        .map_err(|_| format!("EmailSettings.SMTPPort {:?} is not a port", e.smtp_port))?;
    let tls = || {
        TlsParameters::builder(e.smtp_server.clone())
            .dangerous_accept_invalid_certs(e.skip_server_certificate_verification)
            .build_rustls()
            .map_err(|err| format!("EmailSettings.ConnectionSecurity: {err}"))
    };
    let tls = match e.connection_security.as_str() {
        "TLS" => Tls::Wrapper(tls()?),
        "STARTTLS" => Tls::Required(tls()?),
        _ => Tls::None,
    };
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&e.smtp_server)
        .port(port)
        .tls(tls)
        .timeout(Some(Duration::from_secs(e.smtp_server_timeout.max(1))));
    if e.enable_smtp_auth {
        builder = builder.credentials(Credentials::new(
            e.smtp_username.clone(),
            e.smtp_password.0.clone(),
        ));
    }
    Ok(builder.build())
}

/// `List-Unsubscribe`, which lettre has no type for.
#[derive(Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self(s.into()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058).
#[derive(Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }
    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self)
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".into())
    }
}

/// Everything one email needs besides its notices.
pub struct Letter<'a> {
    pub settings: &'a EmailSettings,
    pub site_name: &'a str,
    pub site_url: &'a str,
    pub to: &'a str,
    /// One-click unsubscribe URL for this recipient.
    pub unsubscribe_url: &'a str,
}

/// The web app's permalink to a post: under its team, or resolved by the app for direct and
/// group channels, which have no team.
pub fn permalink(site_url: &str, n: &Notice) -> String {
    if n.team_name.is_empty() {
        format!("{site_url}/_redirect/pl/{}", n.post_id)
    } else {
        format!("{site_url}/{}/pl/{}", n.team_name, n.post_id)
    }
}

fn subject(site_name: &str, notices: &[Notice]) -> String {
    match notices {
        [n] if n.direct => format!("[{site_name}] New direct message from @{}", n.sender),
        [n] => format!(
            "[{site_name}] Notification in {} from @{}",
            n.channel_display, n.sender
        ),
        many => format!("[{site_name}] {} new notifications", many.len()),
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The plain-text and HTML bodies listing `notices`.
fn bodies(l: &Letter<'_>, notices: &[Notice]) -> (String, String) {
    let full = l.settings.email_notification_contents_type == "full";
    let mut text = String::new();
    let mut html = String::from("<html><body>");
    for n in notices {
        let link = permalink(l.site_url, n);
        let head = if n.direct {
            format!("@{} sent you a direct message", n.sender)
        } else {
            format!("@{} mentioned you in {}", n.sender, n.channel_display)
        };
        text.push_str(&format!("{head}\n"));
        html.push_str(&format!("<p><b>{}</b><br>", escape(&head)));
        if full {
            text.push_str(&format!("{}\n", n.message));
            html.push_str(&format!("{}<br>", escape(&n.message).replace('\n', "<br>")));
        }
        text.push_str(&format!("Open: {link}\n\n"));
        html.push_str(&format!("<a href=\"{0}\">{0}</a></p>", escape(&link)));
    }
    let footer = format!(
        "To change your notification preferences, open {} and go to Settings > Notifications. \
         To stop these emails: {}",
        l.site_url, l.unsubscribe_url
    );
    text.push_str(&format!("--\n{footer}\n"));
    html.push_str(&format!(
        "<hr><p>To change your notification preferences, open <a href=\"{0}\">{0}</a> and go to \
         Settings &gt; Notifications. <a href=\"{1}\">Unsubscribe from these emails</a>.</p></body></html>",
        escape(l.site_url),
        escape(l.unsubscribe_url)
    ));
    (text, html)
}

/// Builds the one email that lists `notices`.
pub fn compose(l: &Letter<'_>, notices: &[Notice]) -> Result<Message, Failure> {
    let address = |a: &str| {
        a.parse()
            .map_err(|e| Failure::permanent(format!("bad address {a:?}: {e}"), HINT))
    };
    let from_name = if l.settings.feedback_name.is_empty() {
        l.site_name
    } else {
        &l.settings.feedback_name
    };
    let (text, html) = bodies(l, notices);
    Message::builder()
        .from(Mailbox::new(
            Some(from_name.to_owned()),
            address(&l.settings.feedback_email)?,
        ))
        .to(Mailbox::new(None, address(l.to)?))
        .subject(subject(l.site_name, notices))
        .header(ListUnsubscribe(format!("<{}>", l.unsubscribe_url)))
        .header(ListUnsubscribePost)
        .multipart(
            MultiPart::alternative()
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_PLAIN)
                        .body(text),
                )
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_HTML)
                        .body(html),
                ),
        )
        .map_err(|e| Failure::permanent(format!("cannot build the email: {e}"), HINT))
}

/// Hands the email to the SMTP server.
pub async fn deliver(mailer: &Mailer, message: Message) -> Result<(), Failure> {
    match mailer.send(message).await {
        Ok(_) => Ok(()),
        Err(e) if e.is_permanent() => Err(Failure::permanent(
            format!("the SMTP server refused the email: {e}"),
            HINT,
        )),
        Err(e) => Err(Failure::retry(format!("SMTP delivery failed: {e}"), HINT)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notice(direct: bool, team: &str) -> Notice {
        Notice {
            post_id: "p".repeat(26),
            channel_id: "c".repeat(26),
            channel_display: "Town Square".into(),
            team_name: team.into(),
            sender: "alice".into(),
            message: "<b>hi</b> @bob".into(),
            create_at: 1,
            direct,
            ..Notice::default()
        }
    }

    #[test]
    fn subjects_and_links() {
        assert_eq!(
            subject("Hearth", &[notice(true, "")]),
            "[Hearth] New direct message from @alice"
        );
        assert_eq!(
            subject("Hearth", &[notice(false, "office"), notice(true, "")]),
            "[Hearth] 2 new notifications"
        );
        let pl = permalink("https://chat.example", &notice(false, "office"));
        assert_eq!(
            pl,
            format!("https://chat.example/office/pl/{}", "p".repeat(26))
        );
        assert!(permalink("https://c", &notice(true, "")).contains("/_redirect/pl/"));
    }

    #[test]
    fn generic_contents_leave_the_message_out_and_html_is_escaped() {
        fn letter(settings: &EmailSettings) -> Letter<'_> {
            Letter {
                settings,
                site_name: "Hearth",
                site_url: "https://c",
                to: "bob@example.com",
                unsubscribe_url: "https://c/u",
            }
        }
        let mut settings = EmailSettings::default();
        let (text, html) = bodies(&letter(&settings), &[notice(false, "office")]);
        assert!(text.contains("<b>hi</b> @bob"));
        assert!(html.contains("&lt;b&gt;hi"));
        settings.email_notification_contents_type = "generic".into();
        let (text, _) = bodies(&letter(&settings), &[notice(false, "office")]);
        assert!(!text.contains("hi"));
        assert!(text.contains("https://c/u"));
    }
}
