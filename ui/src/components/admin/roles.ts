// A user's system role as the console shows and changes it. Mattermost keeps roles as a
// space-separated string: system_user for members, system_guest for guests, plus system_admin.

import type { User } from '../../api/types';

export type Role = 'admin' | 'member' | 'guest';

function roleSet(user: Pick<User, 'roles'>): Set<string> {
  return new Set(user.roles.split(/\s+/).filter(Boolean));
}

export function roleOf(user: Pick<User, 'roles'>): Role {
  const roles = roleSet(user);
  if (roles.has('system_admin')) return 'admin';
  if (roles.has('system_guest')) return 'guest';
  return 'member';
}

export const ROLE_LABELS: Record<Role, string> = { admin: 'System admin', member: 'Member', guest: 'Guest' };

/** The roles string after granting or removing system admin; other roles stay as they were. */
export function withAdmin(user: Pick<User, 'roles'>, admin: boolean): string {
  const roles = roleSet(user);
  if (admin) {
    roles.add('system_admin');
    roles.add('system_user');
  } else {
    roles.delete('system_admin');
  }
  return [...roles].join(' ');
}

export function isActive(user: Pick<User, 'delete_at'>): boolean {
  return user.delete_at === 0;
}

export function isSystemAdmin(user: Pick<User, 'roles'>): boolean {
  return roleOf(user) === 'admin';
}
