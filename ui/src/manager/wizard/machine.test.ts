import { describe, expect, it } from 'vitest';

import { sampleMachine } from '../testing/samples';
import type { MdArray } from '../types';
import { btrfsLine, disks, healthLines, lvmLine, mdLine, portText, postgresText, spaceText, zfsLine } from './machine';

const md = (change: Partial<MdArray>): MdArray => ({
  name: 'md0',
  level: 'raid1',
  members: [
    { device: 'sda1', state: 'in_sync' },
    { device: 'sdb1', state: 'in_sync' },
  ],
  devices_total: 2,
  devices_working: 2,
  state: { state: 'clean' },
  size_bytes: 500 * 1024 ** 3,
  ...change,
});

describe('the machine check in words', () => {
  it('says how each md array is', () => {
    expect(mdLine(md({}))).toEqual({ name: 'md0', what: 'RAID 1 of 2 disks, 500 GB (sda1, sdb1)', level: 'ok', health: 'Clean' });
    const degraded = mdLine(md({ state: { state: 'degraded' }, devices_working: 1, members: [{ device: 'sda1', state: 'in_sync' }, { device: 'sdb1', state: 'faulty' }] }));
    expect(degraded).toMatchObject({ level: 'problem', health: 'Degraded: 1 of 2 disks working', what: 'RAID 1 of 2 disks, 500 GB (sda1, sdb1: faulty)' });
    // A check keeps the array redundant; a recovery means a disk is being rebuilt.
    expect(mdLine(md({ state: { state: 'syncing', kind: 'check', percent: 42.7, minutes_left: 82.2 } }))).toMatchObject({
      level: 'warning',
      health: 'Syncing (check) 42%, about 83 minutes left',
    });
    expect(mdLine(md({ devices_working: 1, state: { state: 'syncing', kind: 'recovery', percent: 0, minutes_left: null } }))).toMatchObject({
      level: 'problem',
      health: 'Syncing (recovery) 0% (waiting its turn)',
    });
    expect(mdLine(md({ state: { state: 'inactive' } })).level).toBe('problem');
  });

  it('says how btrfs, ZFS and LVM are', () => {
    expect(btrfsLine({ uuid: 'abcdef0123', label: '', devices: ['sdd', 'sde'], data_profile: 'raid1', metadata_profile: 'raid1', missing_devices: 1 })).toEqual({
      name: 'abcdef01',
      what: 'btrfs raid1 on sdd, sde',
      level: 'problem',
      health: 'Degraded: 1 disk missing',
    });
    expect(btrfsLine({ uuid: 'x', label: 'usb', devices: ['sdf'], data_profile: 'single', metadata_profile: 'dup', missing_devices: 0 }).health).toBe('Clean, single copy');
    expect(zfsLine({ name: 'tank', state: 'DEGRADED', redundancy: 'mirror', devices: ['a', 'b'], errors: 'No known data errors' })).toMatchObject({ level: 'problem', health: 'Degraded' });
    expect(lvmLine({ vg: 'vg0', lv: 'data', segment_type: 'raid1', device: '/dev/mapper/vg0-data', health: '', sync_percent: 55 })).toMatchObject({
      level: 'warning',
      health: 'Syncing 55%',
    });
  });

  it('lists disks, ports, PostgreSQL and free space plainly', () => {
    const { probe } = sampleMachine();
    probe.block_devices = [
      { name: 'sda', kind: 'disk', size_bytes: 512e9, rotational: false, removable: false, model: 'Samsung SSD', parent: null, members: [], mapper_name: null },
      { name: 'sda1', kind: 'partition', size_bytes: 1e9, rotational: false, removable: false, model: '', parent: 'sda', members: [], mapper_name: null },
      { name: 'loop0', kind: 'loop', size_bytes: 0, rotational: false, removable: false, model: '', parent: null, members: [], mapper_name: null },
    ];
    expect(disks(probe).map((d) => d.name)).toEqual(['sda']);
    expect(healthLines(probe)).toEqual([]);
    expect(portText({ port: 80, in_use: true, process: 'nginx (pid 812)' })).toBe('In use by nginx (pid 812)');
    expect(portText({ port: 443, in_use: true, process: null })).toBe('In use by another program');
    expect(postgresText(probe)).toBe('Version 15 installed, not running');
    probe.postgres = { installed_versions: [], running: false, client: false };
    expect(postgresText(probe)).toBe('Not installed');
    expect(spaceText({ free_bytes: 40 * 1024 ** 3, total_bytes: 100 * 1024 ** 3 })).toBe('40 GB free of 100 GB');
    expect(spaceText({ free_bytes: 0, total_bytes: 0 })).toBe('Free space unknown');
  });
});
