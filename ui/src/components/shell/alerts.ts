// The tab title's unread count, and a desktop notification and a chime for mentions and direct
// messages that arrive while the tab is hidden (never on do not disturb). Clicking a
// notification brings the tab forward with the channel open.

import { effect, signal } from '@preact/signals';

import type { Channel } from '../../api/types';
import { channelTitle, channels, currentChannel, currentTeam, myMembers, statuses, teams, teamUnreads } from '../../state/entities';
import { onPosted, type PostedInfo } from '../../state/events';
import { navigate, paths } from '../../state/router';
import { config, me } from '../../state/session';
import { playChime, prepareChime } from './chime';
import { tabTitle, unreadSummary } from './title';

type Permission = NotificationPermission | 'unsupported';

export const notificationPermission = signal<Permission>('Notification' in window ? Notification.permission : 'unsupported');

/** Must run from a click: browsers ignore permission requests made without one. */
export async function askNotificationPermission(): Promise<void> {
  if (!('Notification' in window)) return;
  notificationPermission.value = await Notification.requestPermission();
}

/** Whether a new post deserves an alert, by the channel's desktop setting or else the user's
 * (Mattermost's "mention" default alerts on mentions and on direct and group messages). */
export function wantsAlert(info: Pick<PostedInfo, 'mentioned' | 'channelType'>, userLevel = 'mention', channelLevel = 'default'): boolean {
  const level = channelLevel && channelLevel !== 'default' ? channelLevel : userLevel;
  if (level === 'none') return false;
  if (level === 'all') return true;
  return info.mentioned || info.channelType === 'D' || info.channelType === 'G';
}

function teamNameFor(channel: Channel | undefined): string {
  return (channel?.team_id ? teams.value[channel.team_id]?.name : undefined) ?? currentTeam.value?.name ?? '';
}

function openFromNotification(info: PostedInfo): void {
  const channel = channels.value[info.post.channel_id];
  const team = teamNameFor(channel);
  if (!team) return;
  navigate(channel ? paths.channel(team, channel.name) : paths.permalink(team, info.post.id));
}

function showNotification(info: PostedInfo): void {
  if (notificationPermission.value !== 'granted') return;
  const channel = channels.value[info.post.channel_id];
  const title = channel ? channelTitle(channel, me.value?.id ?? '') : info.channelName || info.senderName;
  const text = info.post.message.trim() || 'sent a file';
  const body = info.channelType === 'D' ? text : `${info.senderName}: ${text}`;
  try {
    const n = new Notification(title, { body: body.length > 200 ? `${body.slice(0, 199)}…` : body, tag: info.post.channel_id, icon: '/icon-192.png' });
    n.onclick = () => {
      window.focus();
      openFromNotification(info);
      n.close();
    };
  } catch {
    // Some phone browsers only notify through a service worker; the chime still plays.
  }
}

function alertFor(info: PostedInfo): void {
  const user = me.value;
  if (!user || document.visibilityState === 'visible') return;
  if (statuses.value[user.id] === 'dnd') return;
  const channelLevel = myMembers.value[info.post.channel_id]?.notify_props?.desktop;
  if (!wantsAlert(info, user.notify_props?.desktop, channelLevel)) return;
  showNotification(info);
  if (user.notify_props?.desktop_sound !== 'false') playChime();
}

/** Listeners cannot be removed from `onPosted`, so one is added for the page's life and only
 * acts while the shell runs. */
let active = false;
let subscribed = false;

export function startTitleAndAlerts(): () => void {
  active = true;
  if (!subscribed) {
    subscribed = true;
    onPosted((info) => active && alertFor(info));
  }
  const stopChime = prepareChime();
  const stopTitle = effect(() => {
    const channel = currentChannel.value;
    const place = channel ? channelTitle(channel, me.value?.id ?? '') : '';
    const summary = unreadSummary({ channels: channels.value, members: myMembers.value, teamUnreads: teamUnreads.value });
    document.title = tabTitle(summary, place, config.value.SiteName || 'Hearth');
  });
  return () => {
    active = false;
    stopChime();
    stopTitle();
    document.title = config.value.SiteName || 'Hearth';
  };
}
