import { afterEach, describe, expect, it, vi } from 'vitest';

import type { User } from '../../api/types';
import { users } from '../../state/entities';
import { me } from '../../state/session';
import { patchMe, storeUser } from './api';

const ana: User = { id: 'a'.repeat(26), username: 'ana', first_name: 'Ana', last_name: 'Smith', nickname: '', roles: 'system_user', delete_at: 0, update_at: 1 };

afterEach(() => {
  me.value = null;
  users.value = {};
  vi.unstubAllGlobals();
});

describe('storeUser', () => {
  it('updates the user list and, for oneself, me', () => {
    me.value = ana;
    storeUser({ ...ana, nickname: 'Annie' });
    expect(me.value?.nickname).toBe('Annie');
    expect(users.value[ana.id]?.nickname).toBe('Annie');
  });
  it('leaves me alone for someone else', () => {
    me.value = ana;
    storeUser({ ...ana, id: 'b'.repeat(26), username: 'bob' });
    expect(me.value?.username).toBe('ana');
    expect(users.value['b'.repeat(26)]?.username).toBe('bob');
  });
});

describe('patchMe', () => {
  it('sends the patch and keeps what the server answered', async () => {
    me.value = ana;
    const fetch = vi.fn(async () => new Response(JSON.stringify({ ...ana, position: 'Boss' }), { status: 200 }));
    vi.stubGlobal('fetch', fetch);
    await patchMe({ position: 'Boss' });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v4/users/me/patch');
    expect(init.method).toBe('PUT');
    expect(JSON.parse(String(init.body))).toEqual({ position: 'Boss' });
    expect(me.value?.position).toBe('Boss');
  });
});
