// Finding people for the pickers: in the team (new message, switcher), outside the team (adding
// to the team), in the team but not the channel (adding to a channel), and a channel's members.

import { get, post, query } from '../../api/client';
import type { User } from '../../api/types';

const SUGGESTIONS = 25;
export const MEMBERS_PAGE = 60;

interface Autocomplete {
  users: User[];
  out_of_channel?: User[] | null;
}

export async function findTeamUsers(teamId: string, term: string): Promise<User[]> {
  return (await get<Autocomplete>(`/users/autocomplete${query({ in_team: teamId, name: term, limit: SUGGESTIONS })}`)).users;
}

export async function findOutsideChannel(teamId: string, channelId: string, term: string): Promise<User[]> {
  const found = await get<Autocomplete>(`/users/autocomplete${query({ in_team: teamId, in_channel: channelId, name: term, limit: SUGGESTIONS })}`);
  return found.out_of_channel ?? [];
}

export function findOutsideTeam(teamId: string, term: string): Promise<User[]> {
  if (!term) return get<User[]>(`/users${query({ not_in_team: teamId, per_page: SUGGESTIONS })}`);
  return post<User[]>('/users/search', { term, not_in_team_id: teamId, limit: SUGGESTIONS });
}

export function channelMembers(channelId: string, page: number): Promise<User[]> {
  return get<User[]>(`/users${query({ in_channel: channelId, page, per_page: MEMBERS_PAGE })}`);
}
