//! Built-in roles and their permissions, as the apps read them (`POST /roles/names`) to decide which
//! actions to offer. Hearth's permission checks live with each action; this table describes them.

use serde::Serialize;
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Serialize)]
pub struct Role {
    pub id: String,
    pub name: &'static str,
    pub display_name: &'static str,
    pub description: &'static str,
    pub create_at: i64,
    pub update_at: i64,
    pub delete_at: i64,
    pub permissions: Vec<&'static str>,
    pub scheme_managed: bool,
    pub built_in: bool,
}

const CHANNEL_GUEST: &[&str] = &[
    "read_channel",
    "read_channel_content",
    "add_reaction",
    "remove_reaction",
    "upload_file",
    "edit_post",
    "create_post",
    "use_channel_mentions",
    "use_slash_commands",
];
const CHANNEL_USER: &[&str] = &[
    "manage_public_channel_members",
    "manage_private_channel_members",
    "delete_public_channel",
    "delete_private_channel",
    "manage_public_channel_properties",
    "manage_private_channel_properties",
    "delete_post",
    "get_public_link",
    "use_group_mentions",
    "add_bookmark_public_channel",
    "read_public_channel_groups",
    "read_private_channel_groups",
];
const CHANNEL_ADMIN: &[&str] = &[
    "manage_channel_roles",
    "delete_others_posts",
    "edit_others_posts",
];
const TEAM_GUEST: &[&str] = &["view_team"];
const TEAM_USER: &[&str] = &[
    "list_team_channels",
    "join_public_channels",
    "read_public_channel",
    "view_team",
    "create_public_channel",
    "create_private_channel",
    "invite_user",
    "add_user_to_team",
];
const TEAM_ADMIN: &[&str] = &[
    "manage_team",
    "manage_team_roles",
    "remove_user_from_team",
    "manage_others_incoming_webhooks",
    "manage_others_outgoing_webhooks",
    "manage_slash_commands",
    "convert_public_channel_to_private",
    "convert_private_channel_to_public",
    "import_team",
];
const SYSTEM_GUEST: &[&str] = &["create_direct_channel", "create_group_channel"];
const SYSTEM_USER: &[&str] = &[
    "list_public_teams",
    "join_public_teams",
    "create_direct_channel",
    "create_group_channel",
    "view_members",
    "create_team",
    "create_emojis",
    "delete_emojis",
    "create_user_access_token",
    "list_users_without_team",
    "edit_custom_group",
];
const SYSTEM_ADMIN: &[&str] = &[
    "manage_system",
    "manage_roles",
    "manage_others_bots",
    "edit_other_users",
    "sysconsole_read_users",
    "sysconsole_write_users",
    "list_private_teams",
    "join_private_teams",
    "manage_private_channel_members",
    "read_other_users_teams",
    "revoke_user_access_token",
    "promote_guest",
    "demote_to_guest",
    "invite_guest",
    "delete_others_posts",
    "edit_others_posts",
    "manage_channel_roles",
    "manage_team",
];

/// Every built-in role, with permissions inherited the way Mattermost's default scheme does.
fn definitions() -> Vec<(&'static str, &'static str, Vec<&'static str>, bool)> {
    let join = |parts: &[&[&'static str]]| parts.concat();
    vec![
        (
            "channel_guest",
            "Channel Guest",
            join(&[CHANNEL_GUEST]),
            true,
        ),
        (
            "channel_user",
            "Channel Member",
            join(&[CHANNEL_GUEST, CHANNEL_USER]),
            true,
        ),
        (
            "channel_admin",
            "Channel Admin",
            join(&[CHANNEL_GUEST, CHANNEL_USER, CHANNEL_ADMIN]),
            true,
        ),
        ("team_guest", "Team Guest", join(&[TEAM_GUEST]), true),
        ("team_user", "Team Member", join(&[TEAM_USER]), true),
        (
            "team_admin",
            "Team Admin",
            join(&[TEAM_USER, TEAM_ADMIN, CHANNEL_ADMIN]),
            true,
        ),
        ("system_guest", "System Guest", join(&[SYSTEM_GUEST]), false),
        ("system_user", "System User", join(&[SYSTEM_USER]), false),
        (
            "system_admin",
            "System Admin",
            join(&[
                SYSTEM_USER,
                SYSTEM_ADMIN,
                TEAM_USER,
                TEAM_ADMIN,
                CHANNEL_GUEST,
                CHANNEL_USER,
                CHANNEL_ADMIN,
            ]),
            false,
        ),
        (
            "system_user_access_token",
            "Personal Access Token",
            vec![
                "create_user_access_token",
                "read_user_access_token",
                "revoke_user_access_token",
            ],
            false,
        ),
    ]
}

/// Reads a space-separated role list of `scope` (`team` or `channel`) into scheme flags
/// `(user, admin)`: `team_user team_admin` is `(true, true)`. Every member keeps the user role.
pub fn parse_scheme_roles(scope: &str, roles: &str) -> super::Result<(bool, bool)> {
    let (mut user, mut admin) = (false, false);
    for role in roles.split_whitespace() {
        match role.strip_prefix(scope).and_then(|r| r.strip_prefix('_')) {
            Some("user") => user = true,
            Some("admin") => admin = true,
            _ => return Err(super::Error::invalid_param("roles")),
        }
    }
    if !user {
        return Err(super::Error::invalid_param("roles"));
    }
    Ok((user, admin))
}

/// A stable 26-character id for a built-in role, derived from its name.
fn role_id(name: &str) -> String {
    const ALPHABET: &[u8; 32] = b"ybndrfg8ejkmcpqxot1uwisza345h769";
    Sha256::digest(name.as_bytes())
        .iter()
        .take(26)
        .map(|b| ALPHABET[(b % 32) as usize] as char)
        .collect()
}

fn build(
    name: &'static str,
    display_name: &'static str,
    mut permissions: Vec<&'static str>,
    scheme_managed: bool,
) -> Role {
    permissions.sort_unstable();
    permissions.dedup();
    Role {
        id: role_id(name),
        name,
        display_name,
        description: display_name,
        create_at: 0,
        update_at: 0,
        delete_at: 0,
        permissions,
        scheme_managed,
        built_in: true,
    }
}

pub fn all_roles() -> Vec<Role> {
    definitions()
        .into_iter()
        .map(|(n, d, p, s)| build(n, d, p, s))
        .collect()
}

pub fn role_by_name(name: &str) -> Option<Role> {
    all_roles().into_iter().find(|r| r.name == name)
}

pub fn role_by_id(id: &str) -> Option<Role> {
    all_roles().into_iter().find(|r| r.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheme_roles_parse_to_flags() {
        assert_eq!(
            parse_scheme_roles("channel", "channel_user").unwrap(),
            (true, false)
        );
        assert_eq!(
            parse_scheme_roles("channel", "channel_user channel_admin").unwrap(),
            (true, true)
        );
        assert_eq!(
            parse_scheme_roles("team", "team_user team_admin").unwrap(),
            (true, true)
        );
        assert!(parse_scheme_roles("channel", "channel_admin").is_err());
        assert!(parse_scheme_roles("channel", "team_user").is_err());
        assert!(parse_scheme_roles("channel", "system_admin channel_user").is_err());
    }

    #[test]
    fn admins_inherit_member_permissions() {
        let admin = role_by_name("channel_admin").unwrap();
        let user = role_by_name("channel_user").unwrap();
        assert!(
            user.permissions
                .iter()
                .all(|p| admin.permissions.contains(p))
        );
        assert!(admin.permissions.contains(&"delete_others_posts"));
        assert!(crate::model::is_valid_id(&admin.id));
        assert_eq!(role_by_id(&admin.id).unwrap().name, "channel_admin");
    }
}
