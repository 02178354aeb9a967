import { describe, expect, it } from 'vitest';

import { bytesToMb, dateTime, deviceLabel, formatBytes, formatDuration, mbToBytes, relativeTime } from './format';

const now = Date.UTC(2026, 10, 21, 12, 0, 0);

describe('relativeTime', () => {
  it('says just now under a minute', () => {
    expect(relativeTime(now - 59_000, now, 'en')).toBe('just now');
  });
  it('counts minutes, hours and days', () => {
    expect(relativeTime(now - 5 * 60_000, now, 'en')).toBe('5 minutes ago');
    expect(relativeTime(now - 3 * 3_600_000 - 10, now, 'en')).toBe('3 hours ago');
    expect(relativeTime(now - 26 * 3_600_000, now, 'en')).toBe('yesterday');
    expect(relativeTime(now - 4 * 86_400_000, now, 'en')).toBe('4 days ago');
  });
  it('reads times ahead forward', () => {
    expect(relativeTime(now + 30_000, now, 'en')).toBe('just now');
    expect(relativeTime(now + 20 * 60_000, now, 'en')).toBe('in 20 minutes');
    expect(relativeTime(now + 5 * 3_600_000 + 10, now, 'en')).toBe('in 5 hours');
    expect(relativeTime(now + 30 * 3_600_000, now, 'en')).toBe('tomorrow');
  });
  it('falls back to the date after a week', () => {
    const then = now - 30 * 86_400_000;
    expect(relativeTime(then, now, 'en')).toBe(dateTime(then, 'en'));
  });
});

describe('deviceLabel', () => {
  it('names browser and system', () => {
    expect(deviceLabel({ device_id: '', props: { browser: 'Chrome/120.0.0.0', os: 'Windows 10', platform: 'Windows' } })).toBe('Chrome 120 on Windows 10');
    expect(deviceLabel({ device_id: '', props: { browser: 'Safari/17.0', os: 'iPhone', platform: 'iPhone' } })).toBe('Safari 17 on iPhone');
  });
  it('names what it has when only one is known', () => {
    expect(deviceLabel({ device_id: '', props: { browser: 'Firefox/121.0' } })).toBe('Firefox 121');
    expect(deviceLabel({ device_id: '', props: { os: 'Mac OSX' } })).toBe('Mac OSX');
    expect(deviceLabel({ device_id: '', props: { browser: 'HTTP Library/curl' } })).toBe('HTTP Library');
  });
  it('uses the platform when the os is missing', () => {
    expect(deviceLabel({ device_id: '', props: { browser: 'Firefox', platform: 'Windows' } })).toBe('Firefox on Windows');
  });
  it('knows mobile apps by their device id', () => {
    expect(deviceLabel({ device_id: 'apple_rn:abc', props: {} })).toBe('iPhone or iPad app');
    expect(deviceLabel({ device_id: 'android_rn:abc', props: {} })).toBe('Android app');
  });
  it('says unknown device when nothing is known', () => {
    expect(deviceLabel({ device_id: '', props: {} })).toBe('Unknown device');
  });
});

describe('sizes', () => {
  it('converts megabytes both ways', () => {
    expect(bytesToMb(104_857_600)).toBe(100);
    expect(mbToBytes(100)).toBe(104_857_600);
    expect(bytesToMb(mbToBytes(2048))).toBe(2048);
  });
  it('formats for people', () => {
    expect(formatBytes(900)).toBe('900 bytes');
    expect(formatBytes(512 * 1024)).toBe('512 KB');
    expect(formatBytes(104_857_600)).toBe('100 MB');
    expect(formatBytes(2.5 * 1024 ** 3)).toBe('2.5 GB');
  });
});

describe('formatDuration', () => {
  it('says under a second for very short work', () => {
    expect(formatDuration(0)).toBe('under a second');
    expect(formatDuration(499)).toBe('under a second');
  });
  it('counts seconds, then minutes and seconds, then hours and minutes', () => {
    expect(formatDuration(500)).toBe('1 s');
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(59_600)).toBe('1 min');
    expect(formatDuration(200_000)).toBe('3 min 20 s');
    expect(formatDuration(3_600_000)).toBe('1 h');
    expect(formatDuration(2 * 3_600_000 + 5 * 60_000 + 40_000)).toBe('2 h 5 min');
  });
  it('shows nothing for a negative or unknown span', () => {
    expect(formatDuration(-1)).toBe('');
    expect(formatDuration(Number.NaN)).toBe('');
  });
});
