// The channel sidebar: team name and menu, then public and private channels, then direct and
// group messages. Unread channels are bold, mentions show a badge, presence shows as a dot.

import type { ComponentChildren } from 'preact';

import type { Channel } from '../../api/types';
import { channelTitle, currentChannelId, currentTeam, directPartner, isUnread, myMembers, statuses } from '../../state/entities';
import { navigate, paths } from '../../state/router';
import { me } from '../../state/session';
import { dialog, drawerOpen } from '../../state/view';
import { Avatar } from './Avatar';
import { MenuButton, type MenuItem } from './Menu';
import { can } from './permissions';
import { TeamMenu } from './TeamMenu';
import { sidebarLists } from './sidebarOrder';
import { STATUS_LABELS } from './status';

function ChannelIcon({ channel }: { channel: Channel }) {
  if (channel.type === 'D') {
    const partner = directPartner(channel, me.value?.id ?? '');
    return <Avatar userId={partner} size={20} showStatus />;
  }
  if (channel.type === 'G') return <span class="ch-icon" aria-hidden="true">{channel.display_name.split(',').length}</span>;
  return (
    <span class="ch-icon" aria-hidden="true">
      {channel.type === 'P' ? '🔒' : '#'}
    </span>
  );
}

function ChannelLink({ channel }: { channel: Channel }) {
  const team = currentTeam.value;
  const member = myMembers.value[channel.id];
  const active = channel.id === currentChannelId.value;
  const unread = !active && isUnread(channel, member);
  const mentions = active ? 0 : (member?.mention_count ?? 0);
  const title = channelTitle(channel, me.value?.id ?? '');
  const href = team ? paths.channel(team.name, channel.name) : '#';
  const status = channel.type === 'D' ? statuses.value[directPartner(channel, me.value?.id ?? '')] : undefined;
  return (
    <li>
      <a
        href={href}
        class={`ch-link${active ? ' active' : ''}${unread ? ' unread' : ''}`}
        aria-current={active ? 'page' : undefined}
        aria-label={`${title}${status ? `, ${STATUS_LABELS[status]}` : ''}${unread ? ', unread' : ''}${mentions ? `, ${mentions} ${mentions === 1 ? 'mention' : 'mentions'}` : ''}`}
        onClick={(e) => {
          e.preventDefault();
          drawerOpen.value = false;
          navigate(href);
        }}
      >
        <ChannelIcon channel={channel} />
        <span class="ch-name" title={title}>
          {title}
        </span>
        {mentions > 0 && <span class="badge">{mentions}</span>}
      </a>
    </li>
  );
}

function Section(props: { title: string; list: Channel[]; add: ComponentChildren }) {
  return (
    <section class="sb-section" aria-label={props.title}>
      <header>
        <h2>{props.title}</h2>
        {props.add}
      </header>
      <ul>
        {props.list.map((c) => (
          <ChannelLink key={c.id} channel={c} />
        ))}
      </ul>
    </section>
  );
}

const isMac = /Mac|iPhone|iPad/.test(navigator.platform);

/** What the "+" of the channels offers: only what the user may do in the team (a guest may do
 * neither, and the server would refuse). */
function channelActions(teamId: string): MenuItem[] {
  const where = { teamId };
  const items: MenuItem[] = [];
  if (can('list_team_channels', where)) items.push({ label: 'Browse channels', onSelect: () => (dialog.value = { kind: 'browse-channels' }) });
  if (can('create_public_channel', where) || can('create_private_channel', where)) {
    items.push({ label: 'Create new channel', onSelect: () => (dialog.value = { kind: 'new-channel' }) });
  }
  return items;
}

export function Sidebar() {
  const { regular, direct } = sidebarLists.value;
  const actions = channelActions(currentTeam.value?.id ?? '');
  const addChannel = actions.length > 0 && (
    <MenuButton label="Add channels" class="icon-btn sb-add" items={actions} align="end">
      +
    </MenuButton>
  );
  const writeMessage = (
    <button class="icon-btn sb-add" aria-label="Write a direct message" title="Write a direct message" onClick={() => (dialog.value = { kind: 'new-message' })}>
      +
    </button>
  );
  return (
    <aside class="sidebar" aria-label="Channels">
      <TeamMenu />
      <button class="sb-jump" aria-keyshortcuts="Control+K" onClick={() => (dialog.value = { kind: 'switcher' })}>
        <span>Find channel</span>
        <kbd aria-hidden="true">{isMac ? '⌘K' : 'Ctrl K'}</kbd>
      </button>
      <div class="sb-scroll">
        <Section title="Channels" list={regular} add={addChannel} />
        <Section title="Direct messages" list={direct} add={writeMessage} />
      </div>
    </aside>
  );
}
