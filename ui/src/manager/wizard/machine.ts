// The machine check in words: each array's and pool's health, disks, ports and PostgreSQL, as
// the check page shows them. Health is `ok`, `warning` (syncing: safe, but not yet redundant or
// checking) or `problem` (degraded, missing disks, inactive).

import { formatBytes } from '../../components/settings/format';
import type { ArrayState, BlockDevice, BtrfsFilesystem, Level, Location, LvmVolume, MdArray, PortUse, Probe, ZfsPool } from '../types';

export interface HealthLine {
  /** `md0`, `bulk`, `tank`. */
  name: string;
  /** `RAID 1 of 2 disks (sda3, sdb1)`. */
  what: string;
  level: Level;
  /** `Clean`, `Degraded: 1 of 2 disks working`, `Syncing (recovery) 42%, about 12 minutes left`. */
  health: string;
}

function percent(value: number): string {
  return `${Math.floor(value)}%`;
}

function arrayStateText(state: ArrayState, working: number, total: number): { level: Level; health: string } {
  switch (state.state) {
    case 'clean':
      return { level: 'ok', health: 'Clean' };
    case 'degraded':
      return { level: 'problem', health: `Degraded: ${working} of ${total} disks working` };
    case 'inactive':
      return { level: 'problem', health: 'Inactive: not running' };
    case 'syncing': {
      const left = state.minutes_left != null ? `, about ${Math.ceil(state.minutes_left)} minutes left` : '';
      const waiting = state.percent === 0 ? ' (waiting its turn)' : '';
      // A recovery rebuilds a missing disk: the array is not redundant until it ends.
      const level: Level = working < total ? 'problem' : 'warning';
      return { level, health: `Syncing (${state.kind}) ${percent(state.percent)}${waiting}${left}` };
    }
  }
}

export function mdLine(md: MdArray): HealthLine {
  const members = md.members.map((m) => (m.state === 'in_sync' ? m.device : `${m.device}: ${m.state.replace(/_/g, ' ')}`)).join(', ');
  return {
    name: md.name,
    what: `${md.level.toUpperCase().replace('RAID', 'RAID ')} of ${md.devices_total} disks, ${formatBytes(md.size_bytes)}${members ? ` (${members})` : ''}`,
    ...arrayStateText(md.state, md.devices_working, md.devices_total),
  };
}

export function btrfsLine(fs: BtrfsFilesystem): HealthLine {
  const redundant = /raid1|raid10|raid5|raid6/.test(fs.data_profile);
  return {
    name: fs.label || fs.uuid.slice(0, 8),
    what: `btrfs ${fs.data_profile} on ${fs.devices.join(', ')}`,
    level: fs.missing_devices > 0 ? 'problem' : 'ok',
    health: fs.missing_devices > 0 ? `Degraded: ${fs.missing_devices} disk${fs.missing_devices === 1 ? '' : 's'} missing` : redundant ? 'Clean' : 'Clean, single copy',
  };
}

export function zfsLine(pool: ZfsPool): HealthLine {
  const online = pool.state === 'ONLINE';
  return {
    name: pool.name,
    what: `ZFS ${pool.redundancy} of ${pool.devices.length} disk${pool.devices.length === 1 ? '' : 's'}`,
    level: online ? 'ok' : 'problem',
    health: online ? 'Clean' : `${pool.state.charAt(0)}${pool.state.slice(1).toLowerCase()}${pool.errors && pool.errors !== 'No known data errors' ? `: ${pool.errors}` : ''}`,
  };
}

export function lvmLine(lv: LvmVolume): HealthLine {
  const syncing = lv.sync_percent != null && lv.sync_percent < 100;
  return {
    name: `${lv.vg}/${lv.lv}`,
    what: `LVM ${lv.segment_type}`,
    level: lv.health ? 'problem' : syncing ? 'warning' : 'ok',
    health: lv.health ? `Unhealthy: ${lv.health}` : syncing ? `Syncing ${percent(lv.sync_percent!)}` : 'Clean',
  };
}

/** Every array and pool the check found, with its health. */
export function healthLines(probe: Probe): HealthLine[] {
  return [...probe.md_arrays.map(mdLine), ...probe.btrfs.map(btrfsLine), ...probe.zfs_pools.map(zfsLine), ...probe.lvm_volumes.map(lvmLine)];
}

/** The physical disks (not partitions, loop devices or the arrays made of them). */
export function disks(probe: Probe): BlockDevice[] {
  return probe.block_devices.filter((d) => d.kind === 'disk' && d.size_bytes > 0);
}

export function diskText(disk: BlockDevice): string {
  const kind = disk.removable ? 'removable' : disk.rotational ? 'hard disk' : 'SSD';
  return `${formatBytes(disk.size_bytes)} ${kind}${disk.model ? `, ${disk.model}` : ''}`;
}

export function portText(port: PortUse): string {
  if (!port.in_use) return 'Free';
  return `In use by ${port.process ?? 'another program'}`;
}

export function postgresText(probe: Probe): string {
  const { installed_versions: versions, running, client } = probe.postgres;
  if (!versions.length) return client ? 'Only the client (psql) is installed' : 'Not installed';
  return `Version ${versions.join(', ')} installed, ${running ? 'running' : 'not running'}`;
}

export const REDUNDANCY_WORDS: Record<Location['redundancy'], string> = {
  redundant: 'Survives a dead disk',
  degraded: 'Redundant, but degraded now',
  none: 'On a single disk',
  unknown: 'Redundancy unknown',
};

/** "120 GB free of 500 GB", or what is known. */
export function spaceText(location: Pick<Location, 'free_bytes' | 'total_bytes'>): string {
  if (!location.total_bytes) return location.free_bytes ? `${formatBytes(location.free_bytes)} free` : 'Free space unknown';
  return `${formatBytes(location.free_bytes)} free of ${formatBytes(location.total_bytes)}`;
}
