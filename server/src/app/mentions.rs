//! Pure parsing of post text: which usernames and channel-wide keywords a message mentions, and
//! which hashtags it carries. No I/O; the posting code matches the results against channel members.

use std::collections::BTreeSet;

use crate::model::ChannelType;
use crate::store::MentionTarget;

/// What a message mentions, before matching against the channel's members.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Mentions {
    /// Lowercased candidate usernames. `@bob.` yields both `bob.` and `bob`, because usernames may
    /// end in `.`, `-` or `_` and sentence punctuation may follow a mention.
    pub names: BTreeSet<String>,
    /// `@channel`, `@all` or `@here`: every member except the sender.
    pub channel_wide: bool,
}

impl Mentions {
    /// Whether the member called `username` is mentioned by name (case-insensitive).
    pub fn names_user(&self, username: &str) -> bool {
        self.names.contains(&username.to_lowercase())
    }
}

const CHANNEL_WIDE: [&str; 3] = ["channel", "all", "here"];
/// Mattermost stores at most this many characters of hashtags per post.
const MAX_HASHTAGS_CHARS: usize = 1000;

fn is_username_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')
}

/// Finds `@name` mentions outside code spans and code blocks.
pub fn parse_mentions(message: &str) -> Mentions {
    let mut found = Mentions::default();
    for line in text_outside_code(message) {
        let chars: Vec<char> = line.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            // An `@` inside a word (an e-mail address) is not a mention.
            if c != '@' || (i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '@')) {
                continue;
            }
            let name: String = chars[i + 1..]
                .iter()
                .take_while(|c| is_username_char(**c))
                .collect::<String>()
                .to_lowercase();
            let mut candidate = name.as_str();
            while !candidate.is_empty() {
                if CHANNEL_WIDE.contains(&candidate) {
                    found.channel_wide = true;
                } else {
                    found.names.insert(candidate.to_owned());
                }
                match candidate.strip_suffix(|c| matches!(c, '.' | '-' | '_')) {
                    Some(shorter) => candidate = shorter,
                    None => break,
                }
            }
        }
    }
    found
}

/// Whether a message in a channel of `kind` can mention anyone: the members need looking at
/// only then, which spares a large channel's member list on most posts.
pub fn may_mention(kind: Option<ChannelType>, message: &str) -> bool {
    kind == Some(ChannelType::Direct) || {
        let found = parse_mentions(message);
        found.channel_wide || !found.names.is_empty()
    }
}

/// The members a post mentions: named members, everyone but the sender for `@channel`/`@all`/
/// `@here` (except members who ignore channel-wide mentions), and the other person of a direct
/// channel. Never the sender.
pub fn mentioned_user_ids(
    kind: Option<ChannelType>,
    sender_id: &str,
    message: &str,
    members: &[MentionTarget],
) -> Vec<String> {
    let mentions = parse_mentions(message);
    members
        .iter()
        .filter(|m| m.user_id != sender_id)
        .filter(|m| {
            kind == Some(ChannelType::Direct)
                || mentions.names_user(&m.username)
                || (mentions.channel_wide && !ignores_channel_mentions(m))
        })
        .map(|m| m.user_id.clone())
        .collect()
}

/// A member ignores `@channel` when the channel's setting says so, or when their account-wide
/// `channel` notification setting is off.
fn ignores_channel_mentions(m: &MentionTarget) -> bool {
    m.channel_notify_props["ignore_channel_mentions"] == "on"
        || m.user_notify_props["channel"] == "false"
}

/// Space-separated unique hashtags (`#word`, starting with a letter), as Mattermost stores them.
pub fn parse_hashtags(message: &str) -> String {
    let mut tags: Vec<String> = Vec::new();
    for word in text_outside_code(message)
        .iter()
        .flat_map(|l| l.split_whitespace())
    {
        let word = word.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '#');
        let word = word.trim_end_matches(|c: char| !c.is_alphanumeric());
        let Some(body) = word.strip_prefix('#') else {
            continue;
        };
        let valid = body.chars().next().is_some_and(char::is_alphabetic)
            && body.chars().count() >= 2
            && body
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if valid && !tags.iter().any(|t| t == word) {
            tags.push(word.to_owned());
        }
    }
    let mut out = String::new();
    for tag in tags {
        if out.len() + tag.len() + 1 > MAX_HASHTAGS_CHARS {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&tag);
    }
    out
}

/// The message's lines with fenced code blocks dropped and inline `code` spans blanked, since
/// neither mentions nor hashtags count inside code.
fn text_outside_code(message: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_fence = false;
    for line in message.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        let mut kept = String::with_capacity(line.len());
        let mut in_code = false;
        for c in line.chars() {
            if c == '`' {
                in_code = !in_code;
                kept.push(' ');
            } else if !in_code {
                kept.push(c);
            }
        }
        lines.push(kept);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(message: &str) -> Vec<String> {
        parse_mentions(message).names.into_iter().collect()
    }

    #[test]
    fn finds_usernames_with_trailing_punctuation() {
        assert_eq!(names("hi @Bob, and @ana."), ["ana", "ana.", "bob"]);
        assert_eq!(names("(@carl) @dee!"), ["carl", "dee"]);
        assert_eq!(names("@first.last-1_"), ["first.last-1", "first.last-1_"]);
        assert!(parse_mentions("hi @bob").names_user("BOB"));
    }

    #[test]
    fn ignores_emails_code_and_bare_at() {
        assert!(names("write to ana@example.com or @ alone or @@x").is_empty());
        assert!(names("`@bob` in code").is_empty());
        assert!(names("```\n@bob\n```").is_empty());
        assert_eq!(names("```\n@bob\n```\n@ana"), ["ana"]);
    }

    #[test]
    fn channel_wide_keywords() {
        for m in ["@channel", "hey @all!", "@here.", "@Channel"] {
            let found = parse_mentions(m);
            assert!(found.channel_wide, "{m}");
            assert!(
                CHANNEL_WIDE.iter().all(|k| !found.names.contains(*k)),
                "{m}"
            );
        }
        assert!(!parse_mentions("@channels").channel_wide);
        assert!(!parse_mentions("mail me at x@channel").channel_wide);
    }

    fn target(id: &str, ignore: &str, channel: &str) -> MentionTarget {
        MentionTarget {
            user_id: id.into(),
            username: id.into(),
            channel_notify_props: serde_json::json!({"ignore_channel_mentions": ignore}),
            user_notify_props: serde_json::json!({"channel": channel}),
        }
    }

    #[test]
    fn matches_members() {
        let members = [
            target("ana", "default", "true"),
            target("bob", "on", "true"),
            target("cy", "default", "false"),
            target("dee", "off", "true"),
        ];
        let open = Some(ChannelType::Open);
        assert_eq!(
            mentioned_user_ids(open, "ana", "hi @Bob @ana", &members),
            ["bob"]
        );
        assert_eq!(mentioned_user_ids(open, "ana", "@here", &members), ["dee"]);
        assert_eq!(
            mentioned_user_ids(open, "dee", "@all @bob", &members),
            ["ana", "bob"]
        );
        assert!(mentioned_user_ids(open, "ana", "hello", &members).is_empty());
        let dm = [target("ana", "", ""), target("bob", "", "")];
        let direct = Some(ChannelType::Direct);
        assert_eq!(mentioned_user_ids(direct, "ana", "hello", &dm), ["bob"]);
    }

    #[test]
    fn only_mentions_and_direct_messages_need_the_members() {
        let open = Some(ChannelType::Open);
        assert!(!may_mention(open, "mail ana@example.com about `@bob`"));
        assert!(may_mention(open, "hi @bob"));
        assert!(may_mention(open, "@here lunch"));
        assert!(may_mention(Some(ChannelType::Direct), "hello"));
    }

    #[test]
    fn hashtags() {
        assert_eq!(parse_hashtags("#rust is #fun, #rust again"), "#rust #fun");
        assert_eq!(parse_hashtags("#1abc #a (#tag.) x#y `#code`"), "#tag");
        assert_eq!(parse_hashtags("#with-dash_and.dot"), "#with-dash_and.dot");
        let many: String = (0..400).map(|i| format!("#tag{i} ")).collect();
        assert!(parse_hashtags(&many).len() <= MAX_HASHTAGS_CHARS);
    }
}
