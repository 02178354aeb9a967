// The Ctrl/Cmd+K switcher: type a few letters of a channel or person, move with the arrow keys and
// press Enter. Unread channels come first; people without a conversation yet can be written to.

import { useSignal } from '@preact/signals';
import { useEffect, useId } from 'preact/hooks';

import type { Channel, User } from '../../api/types';
import { channelTitle, currentTeam, directPartner, displayName, isUnread, myMembers, users } from '../../state/entities';
import { navigate, paths } from '../../state/router';
import { me } from '../../state/session';
import { dialog } from '../../state/view';
import { Avatar } from './Avatar';
import { Modal } from '../common/Modal';
import { findTeamUsers } from './people';
import { sidebarLists } from './sidebarOrder';
import { rankSwitcher, type SwitcherItem } from './switcher';

const MAX_SHOWN = 30;

interface Choice extends SwitcherItem {
  channel?: Channel;
  user?: User;
}

const close = () => (dialog.value = null);

function channelChoice(channel: Channel, myId: string): Choice {
  const member = myMembers.value[channel.id];
  const label = channelTitle(channel, myId);
  const partner = channel.type === 'D' ? users.value[directPartner(channel, myId)] : undefined;
  return {
    key: channel.id,
    label,
    terms: [label, channel.name, ...(partner ? [partner.username] : [])],
    unread: isUnread(channel, member),
    mentions: member?.mention_count ?? 0,
    recency: Math.max(channel.last_post_at, member?.last_viewed_at ?? 0),
    channel,
  };
}

function personChoice(user: User): Choice {
  return { key: user.id, label: displayName(user), terms: [displayName(user), user.username], unread: false, mentions: 0, recency: 0, user };
}

function ChoiceIcon({ choice, myId }: { choice: Choice; myId: string }) {
  const c = choice.channel;
  if (choice.user) return <Avatar userId={choice.user.id} size={20} showStatus />;
  if (c?.type === 'D') return <Avatar userId={directPartner(c, myId)} size={20} showStatus />;
  return (
    <span class="ch-icon" aria-hidden="true">
      {c?.type === 'P' ? '🔒' : c?.type === 'G' ? '👥' : '#'}
    </span>
  );
}

export function SwitcherDialog() {
  const team = currentTeam.value;
  const myId = me.value?.id ?? '';
  const text = useSignal('');
  const people = useSignal<User[]>([]);
  const active = useSignal(0);
  const listId = useId();

  useEffect(() => {
    const term = text.value.trim();
    if (!term || !team) {
      people.value = [];
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      findTeamUsers(team.id, term)
        .then((found) => live && (people.value = found))
        .catch(() => {});
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text.value]);

  const { regular, direct } = sidebarLists.value;
  const channelChoices = [...regular, ...direct].map((c) => channelChoice(c, myId));
  const talkedTo = new Set(direct.filter((c) => c.type === 'D').map((c) => directPartner(c, myId)));
  const personChoices = people.value.filter((u) => u.id !== myId && !talkedTo.has(u.id) && !u.delete_at).map(personChoice);
  const shown = [...rankSwitcher(channelChoices, text.value), ...rankSwitcher(personChoices, text.value)].slice(0, MAX_SHOWN);
  const current = Math.min(active.value, Math.max(shown.length - 1, 0));

  function open(choice: Choice | undefined) {
    if (!choice || !team) return;
    close();
    if (choice.channel) navigate(paths.channel(team.name, choice.channel.name));
    else if (choice.user) navigate(paths.dm(team.name, choice.user.username));
  }

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      active.value = (current + step + shown.length) % Math.max(shown.length, 1);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      open(shown[current]);
    }
  }

  return (
    <Modal title="Switch channels" onClose={close} class="switcher">
      <div class="modal-body">
        <input
          class="input switcher-input"
          type="text"
          role="combobox"
          aria-label="Channel or person"
          aria-expanded="true"
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={shown[current] ? `${listId}-${shown[current]!.key}` : undefined}
          placeholder="Find a channel or person"
          autoFocus
          autoComplete="off"
          value={text.value}
          onInput={(e) => {
            text.value = e.currentTarget.value;
            active.value = 0;
          }}
          onKeyDown={onKeyDown}
        />
        <ul class="option-list switcher-list" id={listId} role="listbox" aria-label="Matches">
          {shown.map((choice, i) => (
            <li
              key={choice.key}
              id={`${listId}-${choice.key}`}
              role="option"
              aria-selected={i === current}
              class={`${i === current ? 'active' : ''}${choice.unread ? ' unread' : ''}`}
              onClick={() => open(choice)}
            >
              <ChoiceIcon choice={choice} myId={myId} />
              <span class="grow">{choice.label}</span>
              {choice.user && <span class="muted">@{choice.user.username} · new message</span>}
              {choice.mentions > 0 && <span class="badge">{choice.mentions}</span>}
            </li>
          ))}
        </ul>
        {shown.length === 0 && <p class="muted">Nothing matches “{text.value}”.</p>}
        <p class="muted switcher-hint" aria-hidden="true">
          ↑ ↓ to move · Enter to open · Esc to close
        </p>
      </div>
    </Modal>
  );
}
