import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { Post, PostList } from '../api/types';
import { PAGE_SIZE, applyPost, loadAround, loadLatest, loadNewer, posts, timelines } from './posts';

function post(n: number): Post {
  return {
    id: `p${n}`, create_at: n * 1000, update_at: n * 1000, edit_at: 0, delete_at: 0, is_pinned: false, user_id: 'u',
    channel_id: 'c', root_id: '', message: `m${n}`, type: '', props: {},
  };
}

/** A post list as the server sends it: newest first. */
function list(numbers: number[]): PostList {
  const sorted = [...numbers].sort((a, b) => b - a);
  return { order: sorted.map((n) => `p${n}`), posts: Object.fromEntries(sorted.map((n) => [`p${n}`, post(n)])) };
}

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

/** Answers GET requests by matching the path against `routes`; records what was asked. */
function serve(routes: [RegExp, PostList | Post][]): string[] {
  const asked: string[] = [];
  vi.stubGlobal('fetch', async (url: string) => {
    asked.push(url);
    // Storing posts also asks for their authors' profiles and statuses.
    if (url.includes('/users/')) return new Response('[]', { status: 200 });
    const hit = routes.find(([pattern]) => pattern.test(url));
    if (!hit) return new Response('{}', { status: 404 });
    return new Response(JSON.stringify(hit[1]), { status: 200 });
  });
  return asked;
}

beforeEach(() => {
  posts.value = {};
  timelines.value = {};
});
afterEach(() => vi.unstubAllGlobals());

describe('a window in the past (permalink)', () => {
  const half = PAGE_SIZE / 2;

  it('knows newer posts exist, takes no live posts into the gap, and loads forward', async () => {
    serve([
      [/before=p1000/, list(range(1000 - half, half))],
      [/after=p1000/, list(range(1001, half))],
      [/posts\/p1000\/thread/, list([1000])],
    ]);
    await loadAround('c', 'p1000');
    const t = timelines.value.c!;
    expect(t.hasNewer).toBe(true);
    expect(t.order).toHaveLength(2 * half + 1);

    applyPost(post(5000));
    expect(timelines.value.c!.order).not.toContain('p5000');

    const last = 1000 + half;
    const asked = serve([[new RegExp(`after=p${last}`), list(range(last + 1, 3))]]);
    await loadNewer('c');
    expect(asked.filter((u) => u.includes('/channels/'))).toHaveLength(1);
    const after = timelines.value.c!;
    expect(after.hasNewer).toBe(false);
    expect(after.order.slice(-3)).toEqual([`p${last + 1}`, `p${last + 2}`, `p${last + 3}`]);

    applyPost(post(5000));
    expect(timelines.value.c!.order.at(-1)).toBe('p5000');
  });

  it('is the present when the posts after the target fit in half a page', async () => {
    serve([
      [/before=p10/, list(range(1, 9))],
      [/after=p10/, list([11, 12])],
      [/posts\/p10\/thread/, list([10])],
    ]);
    await loadAround('c', 'p10');
    expect(timelines.value.c!.hasNewer).toBe(false);
    const asked = serve([]);
    await loadNewer('c');
    expect(asked).toHaveLength(0);
  });
});

describe('opening a channel', () => {
  it('keeps a post that arrived over the socket while the page was loading', async () => {
    let answer: (r: Response) => void = () => {};
    vi.stubGlobal('fetch', (url: string) =>
      url.includes('/users/') ? Promise.resolve(new Response('[]')) : new Promise<Response>((resolve) => (answer = resolve)),
    );
    const loading = loadLatest('c');
    // The socket delivers a post the server made after it read the page.
    applyPost(post(9));
    answer(new Response(JSON.stringify(list([1, 2, 3]))));
    await loading;
    expect(timelines.value.c!.order).toEqual(['p1', 'p2', 'p3', 'p9']);
  });

  it('does not pull older stored posts into the newest page', async () => {
    posts.value = { p1: post(1) };
    serve([[/channels\/c\/posts/, list([5, 6])]]);
    await loadLatest('c');
    expect(timelines.value.c!.order).toEqual(['p5', 'p6']);
  });
});
