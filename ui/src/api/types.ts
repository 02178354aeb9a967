// The Mattermost v4 shapes the client reads. Field names are the wire names.

export interface User {
  id: string;
  username: string;
  email?: string;
  first_name: string;
  last_name: string;
  nickname: string;
  position?: string;
  roles: string;
  locale?: string;
  delete_at: number;
  update_at: number;
  last_picture_update?: number;
  is_bot?: boolean;
  mfa_active?: boolean;
  notify_props?: Record<string, string>;
  timezone?: Record<string, string>;
}

export interface Team {
  id: string;
  name: string;
  display_name: string;
  description: string;
  type: 'O' | 'I';
  invite_id?: string;
  allow_open_invite: boolean;
  delete_at: number;
}

export interface TeamMember {
  team_id: string;
  user_id: string;
  roles: string;
  delete_at: number;
  scheme_guest?: boolean;
  scheme_admin?: boolean;
}

export interface TeamUnread {
  team_id: string;
  msg_count: number;
  mention_count: number;
}

/** O public, P private, D direct, G group. */
export type ChannelType = 'O' | 'P' | 'D' | 'G';

export interface Channel {
  id: string;
  team_id: string;
  type: ChannelType;
  name: string;
  display_name: string;
  header: string;
  purpose: string;
  last_post_at: number;
  last_root_post_at?: number;
  total_msg_count: number;
  total_msg_count_root?: number;
  delete_at: number;
  creator_id: string;
}

export interface ChannelMember {
  channel_id: string;
  user_id: string;
  roles: string;
  last_viewed_at: number;
  msg_count: number;
  msg_count_root?: number;
  mention_count: number;
  mention_count_root?: number;
  notify_props?: Record<string, string>;
  last_update_at?: number;
  scheme_admin?: boolean;
}

export interface ChannelStats {
  channel_id: string;
  member_count: number;
  pinnedpost_count?: number;
  files_count?: number;
}

export interface Reaction {
  user_id: string;
  post_id: string;
  emoji_name: string;
  create_at: number;
}

export interface FileInfo {
  id: string;
  user_id?: string;
  post_id?: string;
  name: string;
  extension: string;
  size: number;
  mime_type: string;
  width?: number;
  height?: number;
  has_preview_image?: boolean;
  /** A tiny JPEG of an image, base64. */
  mini_preview?: string | null;
  create_at?: number;
}

export interface Post {
  id: string;
  create_at: number;
  update_at: number;
  edit_at: number;
  delete_at: number;
  is_pinned: boolean;
  user_id: string;
  channel_id: string;
  root_id: string;
  message: string;
  type: string;
  props: Record<string, unknown>;
  file_ids?: string[];
  reply_count?: number;
  pending_post_id?: string;
  metadata?: {
    reactions?: Reaction[];
    files?: FileInfo[];
  };
}

export interface PostList {
  order: string[];
  posts: Record<string, Post>;
  next_post_id?: string;
  prev_post_id?: string;
  has_next?: boolean;
}

export interface Status {
  user_id: string;
  status: 'online' | 'away' | 'dnd' | 'offline';
  manual?: boolean;
  last_activity_at?: number;
}

export interface Session {
  id: string;
  create_at: number;
  last_activity_at: number;
  expires_at: number;
  device_id: string;
  props: Record<string, string>;
}

export interface Preference {
  user_id: string;
  category: string;
  name: string;
  value: string;
}

/** The flat string map of `GET /config/client?format=old`. */
export type ClientConfig = Record<string, string>;

/** Mattermost's error body. */
export interface ApiErrorBody {
  id: string;
  message: string;
  status_code: number;
  request_id?: string;
  detailed_error?: string;
}

/** A role and the permissions it grants (`POST /roles/names`). */
export interface Role {
  id: string;
  name: string;
  permissions: string[];
}
