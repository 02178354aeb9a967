// Finding people by name as one types: a combobox whose suggestions follow the typing (arrow keys
// and Enter, or a click, pick one). The caller says where to look (team, channel, outside a team).

import { useSignal } from '@preact/signals';
import { useEffect, useId } from 'preact/hooks';

import type { User } from '../../api/types';
import { displayName, upsert, users } from '../../state/entities';
import { Avatar } from './Avatar';

const DEBOUNCE_MS = 150;

export function UserRow({ user }: { user: User }) {
  const name = displayName(user);
  return (
    <span class="user-row">
      <Avatar userId={user.id} size={28} showStatus />
      <span class="user-row-text">
        <span class="user-row-name">{name}</span>
        <span class="muted">
          {name !== user.username && `@${user.username}`}
          {user.position ? ` · ${user.position}` : ''}
        </span>
      </span>
    </span>
  );
}

export function UserPicker(props: {
  label: string;
  find: (term: string) => Promise<User[]>;
  onPick: (user: User) => void;
  /** People not to suggest (already picked, already members, oneself). */
  exclude: Set<string>;
  autoFocus?: boolean;
}) {
  const term = useSignal('');
  const found = useSignal<User[]>([]);
  const active = useSignal(0);
  const error = useSignal('');
  const listId = useId();

  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      props
        .find(term.value.trim())
        .then((list) => {
          if (!live) return;
          upsert(users, list);
          found.value = list;
          active.value = 0;
          error.value = '';
        })
        .catch((e: unknown) => live && (error.value = e instanceof Error ? e.message : String(e)));
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [term.value]);

  const shown = found.value.filter((u) => !props.exclude.has(u.id) && !u.delete_at);
  const pick = (user: User | undefined) => {
    if (!user) return;
    props.onPick(user);
    term.value = '';
  };

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      active.value = (active.value + step + shown.length) % Math.max(shown.length, 1);
    } else if (e.key === 'Enter' && shown.length) {
      e.preventDefault();
      pick(shown[active.value]);
    }
  }

  return (
    <div class="picker">
      <label class="field-label" for={`${listId}-input`}>
        {props.label}
      </label>
      <input
        id={`${listId}-input`}
        class="input"
        type="text"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={shown.length > 0}
        aria-controls={listId}
        aria-activedescendant={shown[active.value] ? `${listId}-${shown[active.value]!.id}` : undefined}
        placeholder="Type a name"
        autoFocus={props.autoFocus}
        autoComplete="off"
        value={term.value}
        onInput={(e) => (term.value = e.currentTarget.value)}
        onKeyDown={onKeyDown}
      />
      {error.value && <p class="error" role="alert">{error.value}</p>}
      <ul class="option-list" id={listId} role="listbox" aria-label={`${props.label}: suggestions`}>
        {shown.map((u, i) => (
          <li key={u.id} id={`${listId}-${u.id}`} role="option" aria-selected={i === active.value} class={i === active.value ? 'active' : ''} onClick={() => pick(u)}>
            <UserRow user={u} />
          </li>
        ))}
      </ul>
      {shown.length === 0 && term.value.trim() && !error.value && <p class="muted option-empty">Nobody found.</p>}
    </div>
  );
}
