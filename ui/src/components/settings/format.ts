// Formatting for the settings and admin screens: when something happened and how long it took,
// which device a session is on, and file sizes in the megabytes admins think in.

import type { Session } from '../../api/types';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "5 minutes ago", "3 hours ago", "yesterday", "4 days ago", else the date; times
 * ahead read the same way forward ("in 5 hours", "tomorrow"), as for a scheduled backup. */
export function relativeTime(ms: number, now = Date.now(), locale?: string): string {
  const distance = Math.abs(ms - now);
  if (distance < MINUTE) return 'just now';
  const sign = ms < now ? -1 : 1;
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (distance < HOUR) return rtf.format(sign * Math.floor(distance / MINUTE), 'minute');
  if (distance < DAY) return rtf.format(sign * Math.floor(distance / HOUR), 'hour');
  if (distance < 7 * DAY) return rtf.format(sign * Math.floor(distance / DAY), 'day');
  return dateTime(ms, locale);
}

/** A full date and time in the reader's locale, e.g. "21 Nov 2026, 14:05". */
export function dateTime(ms: number, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

/** How long something took, to the second: "under a second", "45 s", "3 min 20 s", "2 h 5 min". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  const seconds = Math.round(ms / 1000);
  if (seconds < 1) return 'under a second';
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}

/** "Chrome/120.0.6099" -> "Chrome 120"; a name without a version number stays as it is (the
 * server names curl "HTTP Library/curl"). */
function shortBrowser(browser: string): string {
  const [name = '', version = ''] = browser.split('/');
  const major = /^\d+/.exec(version)?.[0];
  return major ? `${name} ${major}` : name;
}

/** Which device a session is on, as people recognise it: "Chrome 120 on Windows 10". The server
 * fills `props` from the User-Agent at sign-in (`browser` with its version, `os`, `platform`) the
 * way Mattermost does; mobile apps are known by their push device id. */
export function deviceLabel(session: Pick<Session, 'device_id' | 'props'>): string {
  const props = session.props ?? {};
  const device = session.device_id;
  if (device.startsWith('apple')) return 'iPhone or iPad app';
  if (device.startsWith('android')) return 'Android app';
  const browser = shortBrowser(props.browser ?? '');
  const system = props.os || props.platform || '';
  if (browser && system) return `${browser} on ${system}`;
  return browser || system || 'Unknown device';
}

const MB = 1024 * 1024;

/** Bytes as whole megabytes for the admin's form (rounded; 0.5 MB shows as 1). */
export function bytesToMb(bytes: number): number {
  return Math.max(0, Math.round(bytes / MB));
}

export function mbToBytes(mb: number): number {
  return Math.round(mb * MB);
}

/** A size for people: "512 KB", "100 MB", "2.5 GB". */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit === 0 || value >= 10 ? Math.round(value).toString() : value.toFixed(1).replace(/\.0$/, '');
  return `${shown} ${units[unit]}`;
}
