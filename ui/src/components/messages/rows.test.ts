import { describe, expect, it } from 'vitest';

import type { Post } from '../../api/types';
import { channelPosts, continues, dayLabel, lastOwnPost, layoutRows } from './rows';

// Local times, so the day arithmetic holds in every time zone.
const at = (day: number, hour: number, minute = 0) => new Date(2026, 2, day, hour, minute).getTime();
const NOW = at(12, 15); // Thursday 12 March 2026, 15:00

let seq = 0;
function post(user: string, time: number, extra: Partial<Post> = {}): Post {
  seq++;
  return {
    id: `p${seq}`, create_at: time, update_at: time, edit_at: 0, delete_at: 0, is_pinned: false, user_id: user,
    channel_id: 'c', root_id: '', message: `m${seq}`, type: '', props: {}, ...extra,
  };
}

describe('dayLabel', () => {
  it('names recent days and dates older ones', () => {
    expect(dayLabel(at(12, 9), NOW, 'en-US')).toBe('Today');
    expect(dayLabel(at(11, 23, 59), NOW, 'en-US')).toBe('Yesterday');
    expect(dayLabel(at(9, 10), NOW, 'en-US')).toBe('Monday');
    expect(dayLabel(at(2, 10), NOW, 'en-US')).toBe('Mon, March 2');
    expect(dayLabel(new Date(2025, 11, 31).getTime(), NOW, 'en-US')).toBe('Wed, December 31, 2025');
  });
});

describe('continues', () => {
  it('groups the same author within five minutes on the same day', () => {
    const a = post('ana', at(12, 10, 0));
    expect(continues(a, post('ana', at(12, 10, 4)))).toBe(true);
    expect(continues(a, post('ana', at(12, 10, 6)))).toBe(false);
    expect(continues(a, post('ben', at(12, 10, 1)))).toBe(false);
    expect(continues(post('ana', at(11, 23, 58)), post('ana', at(12, 0, 1)))).toBe(false);
  });

  it('never groups system messages', () => {
    const sys = post('ana', at(12, 10), { type: 'system_join_channel' });
    expect(continues(sys, post('ana', at(12, 10, 1)))).toBe(false);
    expect(continues(post('ana', at(12, 10)), { ...sys, create_at: at(12, 10, 1) })).toBe(false);
  });
});

describe('layoutRows', () => {
  const list = [
    post('ana', at(10, 9)),
    post('ana', at(10, 9, 2)),
    post('ben', at(12, 8)), // read
    post('ben', at(12, 9)), // unread: first after last view
    post('ben', at(12, 9, 1)),
    post('ana', at(12, 9, 2)),
    post('ben', at(12, 14)), // arrived while reading
  ];
  const window = { lastViewedAt: at(12, 8, 30), openedAt: at(12, 9, 2), myId: 'ana' };

  it('puts separators above the first post of each day', () => {
    const rows = layoutRows(list, window, NOW, 'en-US');
    expect(rows.map((r) => r.day)).toEqual(['Tuesday', undefined, 'Today', undefined, undefined, undefined, undefined]);
  });

  it('puts the new-messages line above the first unread post, which starts a group', () => {
    const rows = layoutRows(list, window, NOW, 'en-US');
    expect(rows.map((r) => r.firstUnread)).toEqual([false, false, false, true, false, false, false]);
    expect(rows[3]!.continued).toBe(false);
    expect(rows[4]!.continued).toBe(true);
    expect(rows[1]!.continued).toBe(true);
    expect(rows[2]!.continued).toBe(false);
  });

  it('shows no line for posts that arrived while reading, own posts, or a never-opened channel', () => {
    const nothingUnread = { ...window, lastViewedAt: at(12, 9, 5) };
    expect(layoutRows(list, nothingUnread, NOW).some((r) => r.firstUnread)).toBe(false);
    const onlyMine = [post('ana', at(12, 9))];
    expect(layoutRows(onlyMine, window, NOW).some((r) => r.firstUnread)).toBe(false);
    expect(layoutRows(list, { ...window, lastViewedAt: 0 }, NOW).some((r) => r.firstUnread)).toBe(false);
    expect(layoutRows(list, null, NOW).some((r) => r.firstUnread)).toBe(false);
  });
});

describe('channelPosts', () => {
  it('keeps roots in order and leaves replies and deleted posts out', () => {
    const root = post('ana', at(12, 9));
    const reply = post('ben', at(12, 9, 1), { root_id: root.id });
    const gone = post('ben', at(12, 9, 2), { delete_at: at(12, 9, 3) });
    const later = post('ben', at(12, 9, 4));
    const byId = Object.fromEntries([root, reply, gone, later].map((p) => [p.id, p]));
    expect(channelPosts([root.id, reply.id, gone.id, later.id, 'missing'], byId).map((p) => p.id)).toEqual([root.id, later.id]);
  });
});

describe('lastOwnPost', () => {
  it('finds the newest post of the reader that is not a system message', () => {
    const mine = post('ana', at(12, 9));
    const list = [post('ana', at(12, 8)), mine, post('ben', at(12, 10)), post('ana', at(12, 11), { type: 'system_join_channel' })];
    expect(lastOwnPost(list, 'ana')).toBe(mine);
    expect(lastOwnPost(list, 'cleo')).toBeUndefined();
  });
});
