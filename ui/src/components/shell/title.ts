// The tab title's unread count, worked out the way Mattermost's web app does it: "(N) " for
// mentions (direct messages count as mentions), "* " when something else is unread.

import type { Channel, ChannelMember, TeamUnread } from '../../api/types';

export interface UnreadSummary {
  mentions: number;
  /** Some channel has unread posts that are not mentions. */
  otherUnread: boolean;
}

export interface UnreadSources {
  channels: Record<string, Channel>;
  members: Record<string, ChannelMember>;
  /** The server's per-team counts, used for teams whose channels are not loaded yet. */
  teamUnreads: Record<string, TeamUnread>;
}

/** Channels muted to "mentions only" do not make the title say something is unread. */
function countsAsUnread(channel: Channel, member: ChannelMember): boolean {
  return channel.total_msg_count > member.msg_count && member.notify_props?.mark_unread !== 'mention';
}

export function unreadSummary({ channels, members, teamUnreads }: UnreadSources): UnreadSummary {
  let mentions = 0;
  let otherUnread = false;
  const loadedTeams = new Set<string>();
  for (const channel of Object.values(channels)) {
    if (channel.team_id) loadedTeams.add(channel.team_id);
    const member = members[channel.id];
    if (!member || channel.delete_at) continue;
    mentions += member.mention_count;
    otherUnread ||= countsAsUnread(channel, member);
  }
  for (const unread of Object.values(teamUnreads)) {
    if (loadedTeams.has(unread.team_id)) continue;
    mentions += unread.mention_count;
    otherUnread ||= unread.msg_count > 0;
  }
  return { mentions, otherUnread };
}

/** "(3) Town Square - Hearth", "* Town Square - Hearth" or "Town Square - Hearth". */
export function tabTitle(summary: UnreadSummary, place: string, siteName: string): string {
  const prefix = summary.mentions > 0 ? `(${summary.mentions}) ` : summary.otherUnread ? '* ' : '';
  return place ? `${prefix}${place} - ${siteName}` : `${prefix}${siteName}`;
}
