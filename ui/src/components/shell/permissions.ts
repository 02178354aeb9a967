// What the signed-in user may do, from the permissions of their system, team and channel roles
// (`POST /roles/names`), so the UI offers only what the server will allow.

import { signal } from '@preact/signals';

import { post } from '../../api/client';
import type { Role } from '../../api/types';
import { myMembers, teamMembers } from '../../state/entities';
import { me } from '../../state/session';

const permissionsByRole = signal<Record<string, string[]>>({});
const requested = new Set<string>();

function loadRoles(names: string[]): void {
  const missing = names.filter((n) => !requested.has(n));
  if (missing.length === 0) return;
  for (const n of missing) requested.add(n);
  post<Role[]>('/roles/names', missing)
    .then((roles) => {
      permissionsByRole.value = { ...permissionsByRole.value, ...Object.fromEntries(roles.map((r) => [r.name, r.permissions])) };
    })
    .catch(() => {
      for (const n of missing) requested.delete(n);
    });
}

function roleNames(roles: string | undefined): string[] {
  return (roles ?? '').split(' ').filter(Boolean);
}

/** Whether the user holds `permission` in the given team and channel (their roles load on first ask). */
export function can(permission: string, where: { teamId?: string; channelId?: string } = {}): boolean {
  const names = [
    ...roleNames(me.value?.roles),
    ...(where.teamId ? roleNames(teamMembers.value[where.teamId]?.roles) : []),
    ...(where.channelId ? roleNames(myMembers.value[where.channelId]?.roles) : []),
  ];
  loadRoles(names);
  return names.some((n) => permissionsByRole.value[n]?.includes(permission));
}
