import { describe, expect, it } from 'vitest';

import { isActive, roleOf, withAdmin } from './roles';

describe('roleOf', () => {
  it('reads admin, guest and member', () => {
    expect(roleOf({ roles: 'system_admin system_user' })).toBe('admin');
    expect(roleOf({ roles: 'system_guest' })).toBe('guest');
    expect(roleOf({ roles: 'system_user' })).toBe('member');
    expect(roleOf({ roles: '' })).toBe('member');
  });
  it('does not mistake a similar role name', () => {
    expect(roleOf({ roles: 'system_user system_admin_viewer' })).toBe('member');
  });
});

describe('withAdmin', () => {
  it('grants admin while keeping the user role', () => {
    expect(withAdmin({ roles: 'system_user' }, true).split(' ').sort()).toEqual(['system_admin', 'system_user']);
  });
  it('removes only admin', () => {
    expect(withAdmin({ roles: 'system_admin system_user' }, false)).toBe('system_user');
  });
});

describe('isActive', () => {
  it('is false once deactivated', () => {
    expect(isActive({ delete_at: 0 })).toBe(true);
    expect(isActive({ delete_at: 1700000000000 })).toBe(false);
  });
});
