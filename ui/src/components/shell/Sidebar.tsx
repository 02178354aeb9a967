// The channel sidebar: team name and menu, then public and private channels, then direct and
// group messages. Unread channels are bold, mentions show a badge, presence shows as a dot.

import type { Channel } from '../../api/types';
import {
  channelTitle,
  channels,
  currentChannelId,
  currentTeam,
  directPartner,
  isUnread,
  myMembers,
  statuses,
} from '../../state/entities';
import { navigate, paths } from '../../state/router';
import { me } from '../../state/session';
import { dialog } from '../../state/view';
import { Avatar } from './Avatar';
import { TeamMenu } from './TeamMenu';

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
        aria-label={`${title}${status ? `, ${status}` : ''}${unread ? ', unread' : ''}${mentions ? `, ${mentions} mentions` : ''}`}
        onClick={(e) => {
          e.preventDefault();
          navigate(href);
        }}
      >
        <ChannelIcon channel={channel} />
        <span class="ch-name">{title}</span>
        {mentions > 0 && <span class="badge">{mentions}</span>}
      </a>
    </li>
  );
}

function Section(props: { title: string; list: Channel[]; addLabel: string; onAdd: () => void }) {
  return (
    <section class="sb-section" aria-label={props.title}>
      <header>
        <h2>{props.title}</h2>
        <button class="icon-btn sb-add" aria-label={props.addLabel} title={props.addLabel} onClick={props.onAdd}>
          +
        </button>
      </header>
      <ul>
        {props.list.map((c) => (
          <ChannelLink key={c.id} channel={c} />
        ))}
      </ul>
    </section>
  );
}

export function Sidebar() {
  const team = currentTeam.value;
  const myId = me.value?.id ?? '';
  const mine = Object.values(channels.value).filter((c) => myMembers.value[c.id] && !c.delete_at);
  const byTitle = (a: Channel, b: Channel) => channelTitle(a, myId).localeCompare(channelTitle(b, myId));
  const regular = mine.filter((c) => (c.type === 'O' || c.type === 'P') && c.team_id === team?.id).sort(byTitle);
  const direct = mine.filter((c) => c.type === 'D' || c.type === 'G').sort((a, b) => b.last_post_at - a.last_post_at);
  return (
    <aside class="sidebar" aria-label="Channels">
      <TeamMenu />
      <button class="sb-jump" onClick={() => (dialog.value = { kind: 'switcher' })}>
        <span>Find channel</span>
        <kbd>Ctrl K</kbd>
      </button>
      <div class="sb-scroll">
        <Section title="Channels" list={regular} addLabel="Browse or create channels" onAdd={() => (dialog.value = { kind: 'browse-channels' })} />
        <Section title="Direct messages" list={direct} addLabel="Write a direct message" onAdd={() => (dialog.value = { kind: 'new-message' })} />
      </div>
    </aside>
  );
}
