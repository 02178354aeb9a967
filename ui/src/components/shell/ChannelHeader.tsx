// The channel's header: the drawer button on phones, the channel's name (a person's name, presence
// and position for a direct message) with its menu, its purpose on one line, the member count,
// pinned messages and the search field (a search button on phones).

import { useComputed, useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';

import type { Channel, ChannelStats } from '../../api/types';
import { channelTitle, directPartner, statuses, users } from '../../state/entities';
import { posts, timelines } from '../../state/posts';
import { me } from '../../state/session';
import { dialog, drawerOpen } from '../../state/view';
import { Avatar } from './Avatar';
import { canEditChannel, canLeave, leaveChannel, loadStats } from './channelActions';
import { BackIcon, ChevronIcon, MembersIcon, MenuIcon, PinIcon, SearchIcon } from '../common/icons';
import { MenuButton, type MenuItem } from './Menu';
import { SearchForm } from './SearchForm';
import { STATUS_LABELS } from './status';
import './header.css';

function channelMenu(channel: Channel): MenuItem[] {
  const items: MenuItem[] = [];
  if (channel.type !== 'D') items.push({ label: 'Members', onSelect: () => (dialog.value = { kind: 'members' }) });
  items.push({ label: 'Pinned messages', onSelect: () => (dialog.value = { kind: 'pinned' }) });
  if (canEditChannel(channel)) items.push({ label: 'Edit purpose and header', onSelect: () => (dialog.value = { kind: 'edit-channel' }) });
  if (canLeave(channel)) {
    items.push({
      label: 'Leave channel',
      danger: true,
      // A private channel can only be re-entered by invitation, so that one asks first.
      onSelect: () => (channel.type === 'P' ? (dialog.value = { kind: 'leave-channel' }) : void leaveChannel(channel)),
    });
  }
  return items;
}

/** The channel's stats, fetched again when the number of loaded pinned posts changes and when a
 * dialog opens or closes (members may have been added, posts unpinned). */
function useStats(channel: Channel) {
  const stats = useSignal<ChannelStats | null>(null);
  const pinnedLoaded = useComputed(() => (timelines.value[channel.id]?.order ?? []).filter((id) => posts.value[id]?.is_pinned).length);
  const key = `${channel.id}:${pinnedLoaded.value}:${dialog.value?.kind ?? ''}`;
  useEffect(() => {
    let live = true;
    loadStats(channel.id)
      .then((s) => live && (stats.value = s))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [key]);
  return stats.value?.channel_id === channel.id ? stats.value : null;
}

function Title({ channel }: { channel: Channel }) {
  const myId = me.value?.id ?? '';
  const title = channelTitle(channel, myId);
  if (channel.type === 'D') {
    const partnerId = directPartner(channel, myId);
    const status = statuses.value[partnerId] ?? 'offline';
    return (
      <span class="ch-title">
        <Avatar userId={partnerId} size={24} showStatus />
        <span class="ch-title-text" title={title}>
          {title}
        </span>
        <span class="visually-hidden">, {STATUS_LABELS[status]}</span>
      </span>
    );
  }
  return (
    <span class="ch-title">
      {channel.type !== 'G' && (
        <span class="ch-title-icon" aria-hidden="true">
          {channel.type === 'P' ? '🔒' : '#'}
        </span>
      )}
      <span class="ch-title-text" title={title}>
          {title}
        </span>
    </span>
  );
}

function subtitle(channel: Channel): string {
  if (channel.type === 'D') {
    const partner = users.value[directPartner(channel, me.value?.id ?? '')];
    return [partner?.position, channel.header].filter(Boolean).join(' · ');
  }
  return channel.purpose || channel.header;
}

export function ChannelHeader({ channel }: { channel: Channel }) {
  const searching = useSignal(false);
  const stats = useStats(channel);
  const title = channelTitle(channel, me.value?.id ?? '');
  const about = subtitle(channel);

  if (searching.value) {
    return (
      <header class="ch-header ch-header-search">
        <button class="icon-btn" aria-label="Close search" onClick={() => (searching.value = false)}>
          <BackIcon />
        </button>
        <SearchForm autoFocus onSearched={() => (searching.value = false)} />
      </header>
    );
  }
  return (
    <header class="ch-header">
      <button class="icon-btn phone-only drawer-btn" aria-label="Open channel list" aria-expanded={drawerOpen.value} onClick={() => (drawerOpen.value = true)}>
        <MenuIcon />
      </button>
      <div class="ch-heading">
        <h1>
          <MenuButton label={`${title} channel menu`} class="ch-name-btn" items={channelMenu(channel)}>
            <Title channel={channel} />
            <ChevronIcon />
          </MenuButton>
        </h1>
        {about && (
          <p class="ch-about" title={about}>
            {about}
          </p>
        )}
      </div>
      <div class="ch-actions">
        {channel.type !== 'D' && (
          <button class="icon-btn ch-count" aria-label={`Members: ${stats?.member_count ?? 'loading'}`} title="Members" onClick={() => (dialog.value = { kind: 'members' })}>
            <MembersIcon />
            <span aria-hidden="true">{stats?.member_count ?? ''}</span>
          </button>
        )}
        <button class="icon-btn ch-count" aria-label={`Pinned messages: ${stats?.pinnedpost_count ?? 0}`} title="Pinned messages" onClick={() => (dialog.value = { kind: 'pinned' })}>
          <PinIcon />
          <span aria-hidden="true">{stats?.pinnedpost_count || ''}</span>
        </button>
        <div class="desktop-only">
          <SearchForm />
        </div>
        <button class="icon-btn phone-only" aria-label="Search messages" onClick={() => (searching.value = true)}>
          <SearchIcon />
        </button>
      </div>
    </header>
  );
}
