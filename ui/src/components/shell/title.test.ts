import { describe, expect, it } from 'vitest';

import type { Channel, ChannelMember } from '../../api/types';
import { tabTitle, unreadSummary } from './title';

function channel(id: string, total: number, team = 't1', type: Channel['type'] = 'O'): Channel {
  return { id, team_id: team, type, name: id, display_name: id, header: '', purpose: '', last_post_at: 0, total_msg_count: total, delete_at: 0, creator_id: '' };
}

function member(channelId: string, read: number, mentions = 0, muted = false): ChannelMember {
  return {
    channel_id: channelId,
    user_id: 'me',
    roles: 'channel_user',
    last_viewed_at: 0,
    msg_count: read,
    mention_count: mentions,
    notify_props: muted ? { mark_unread: 'mention' } : { mark_unread: 'all' },
  };
}

describe('unreadSummary', () => {
  it('adds mentions of channels and direct messages', () => {
    const channels = { a: channel('a', 5), dm: channel('dm', 3, '', 'D') };
    const members = { a: member('a', 3, 1), dm: member('dm', 1, 2) };
    expect(unreadSummary({ channels, members, teamUnreads: {} })).toEqual({ mentions: 3, otherUnread: true });
  });

  it('says nothing is unread when every channel is read', () => {
    const channels = { a: channel('a', 5) };
    expect(unreadSummary({ channels, members: { a: member('a', 5) }, teamUnreads: {} })).toEqual({ mentions: 0, otherUnread: false });
  });

  it('ignores muted channels and channels the user is not in', () => {
    const channels = { a: channel('a', 5), b: channel('b', 9) };
    expect(unreadSummary({ channels, members: { a: member('a', 1, 0, true) }, teamUnreads: {} }).otherUnread).toBe(false);
  });

  it("uses the server's team counts only for teams whose channels are not loaded", () => {
    const channels = { a: channel('a', 5) };
    const teamUnreads = {
      t1: { team_id: 't1', msg_count: 40, mention_count: 9 },
      t2: { team_id: 't2', msg_count: 2, mention_count: 1 },
    };
    expect(unreadSummary({ channels, members: { a: member('a', 5) }, teamUnreads })).toEqual({ mentions: 1, otherUnread: true });
  });
});

describe('tabTitle', () => {
  it('puts the mention count first', () => {
    expect(tabTitle({ mentions: 3, otherUnread: true }, 'Town Square', 'Hearth')).toBe('(3) Town Square - Hearth');
  });
  it('marks other unread posts with a star', () => {
    expect(tabTitle({ mentions: 0, otherUnread: true }, 'Town Square', 'Hearth')).toBe('* Town Square - Hearth');
  });
  it('is plain when all is read, and the site name alone with no channel', () => {
    expect(tabTitle({ mentions: 0, otherUnread: false }, 'Random', 'Hearth')).toBe('Random - Hearth');
    expect(tabTitle({ mentions: 2, otherUnread: false }, '', 'Hearth')).toBe('(2) Hearth');
  });
});
