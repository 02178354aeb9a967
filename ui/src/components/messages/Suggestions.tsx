// The composer's autocomplete list: people for `@`, channels for `~`, emoji for `:`. People and
// channels come from the server's autocomplete endpoints, asked after a short pause in typing;
// emoji come from the local list.

import { useEffect, useState } from 'preact/hooks';

import { get, query } from '../../api/client';
import type { Channel, User } from '../../api/types';
import { currentTeamId, displayName, upsert, users } from '../../state/entities';
import { searchEmoji } from '../../markdown/emoji';
import { SPECIAL_MENTIONS } from '../../markdown/tokens';
import { Avatar } from '../shell/Avatar';
import type { Trigger } from './completion';

export interface Suggestion {
  key: string;
  /** The text that replaces the typed word. */
  insert: string;
  label: string;
  detail: string;
  userId?: string;
  emoji?: string;
  /** A heading shown above this item ("Not in this channel"). */
  heading?: string;
}

const LIMIT = 20;
const PAUSE_MS = 120;

const SPECIAL_DETAIL: Record<string, string> = {
  here: 'Notifies everyone online in this channel',
  channel: 'Notifies everyone in this channel',
  all: 'Notifies everyone in this channel',
};

function person(u: User, heading?: string): Suggestion {
  const name = displayName(u);
  return { key: u.id, insert: `@${u.username}`, label: `@${u.username}`, detail: name === u.username ? '' : name, userId: u.id, heading };
}

async function people(term: string, channel: Channel, signal: AbortSignal): Promise<Suggestion[]> {
  const params = { in_team: channel.team_id || currentTeamId.value, in_channel: channel.id, name: term, limit: LIMIT };
  const found = await get<{ users: User[]; out_of_channel?: User[] }>(`/users/autocomplete${query(params)}`, { signal });
  const outside = found.out_of_channel ?? [];
  upsert(users, [...found.users, ...outside]);
  const specials =
    channel.type === 'O' || channel.type === 'P'
      ? SPECIAL_MENTIONS.filter((s) => s.startsWith(term.toLowerCase())).map((s) => ({ key: s, insert: `@${s}`, label: `@${s}`, detail: SPECIAL_DETAIL[s] ?? '' }))
      : [];
  return [
    ...found.users.map((u) => person(u)),
    ...specials,
    ...outside.map((u, i) => person(u, i === 0 ? 'Not in this channel' : undefined)),
  ].slice(0, LIMIT);
}

async function channelsNamed(term: string, channel: Channel, signal: AbortSignal): Promise<Suggestion[]> {
  const teamId = channel.team_id || currentTeamId.value;
  const found = await get<Channel[]>(`/teams/${teamId}/channels/autocomplete${query({ name: term })}`, { signal });
  return found.slice(0, LIMIT).map((c) => ({ key: c.id, insert: `~${c.name}`, label: c.display_name || c.name, detail: `~${c.name}` }));
}

function emoji(term: string): Suggestion[] {
  return searchEmoji(term, LIMIT).map((e) => ({ key: e.name, insert: `:${e.name}:`, label: `:${e.name}:`, detail: '', emoji: e.emoji }));
}

/** The suggestions for what the caret is completing; empty while there is nothing to suggest. */
export function useSuggestions(trigger: Trigger | null, channel: Channel): Suggestion[] {
  const [items, setItems] = useState<Suggestion[]>([]);
  const kind = trigger?.kind;
  const term = trigger?.term ?? '';
  useEffect(() => {
    if (!kind) return setItems([]);
    if (kind === 'emoji') return setItems(emoji(term));
    const abort = new AbortController();
    const timer = setTimeout(() => {
      const load = kind === 'user' ? people : channelsNamed;
      load(term, channel, abort.signal)
        .then(setItems)
        .catch((e: unknown) => {
          if (!abort.signal.aborted) console.warn('autocomplete failed', e);
        });
    }, PAUSE_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [kind, term, channel.id]);
  return kind ? items : [];
}

interface ListProps {
  id: string;
  items: Suggestion[];
  active: number;
  onPick: (item: Suggestion) => void;
  onHover: (index: number) => void;
}

export function optionId(listId: string, index: number): string {
  return `${listId}-${index}`;
}

export function SuggestionList({ id, items, active, onPick, onHover }: ListProps) {
  return (
    <ul id={id} class="suggestions" role="listbox" aria-label="Suggestions">
      {items.map((item, i) => [
        item.heading && (
          <li key={`${item.key}-heading`} class="suggestion-heading" role="presentation">
            {item.heading}
          </li>
        ),
        <li
          key={item.key}
          id={optionId(id, i)}
          role="option"
          aria-selected={i === active}
          class={`suggestion${i === active ? ' active' : ''}`}
          // Picking with the mouse must not take focus from the textarea.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => onPick(item)}
          onMouseEnter={() => onHover(i)}
        >
          {item.userId && <Avatar userId={item.userId} size={20} />}
          {item.emoji && <span class="suggestion-emoji">{item.emoji}</span>}
          <span class="suggestion-label">{item.label}</span>
          {item.detail && <span class="suggestion-detail muted">{item.detail}</span>}
        </li>,
      ])}
    </ul>
  );
}
