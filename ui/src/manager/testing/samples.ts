// Sample command answers for the Manager's tests, shaped like the Rust side's.

import type { Answers, AnswersCheck, MachineCheck, ServerStatus } from '../types';

export function sampleAnswers(change: Partial<Answers> = {}): Answers {
  return {
    data_dir: '/srv/bulk/hearth',
    database: 'sqlite',
    postgres: { install: false, socket_dir: '/var/run/postgresql', port: 5432, superuser: 'postgres', role: 'hearth', database: 'hearth' },
    address: { mode: 'lan', domain: '', port: 443, redirect_port: 80 },
    admin: { username: '', email: '' },
    team: { name: 'office', display_name: 'Office' },
    backup: { target: '', time: '02:00' },
    system_user: 'hearth',
    hearth_binary: '/usr/bin/hearth',
    ...change,
  };
}

export function sampleMachine(change: Partial<MachineCheck> = {}): MachineCheck {
  return {
    probe: {
      root: '/',
      os: { id: 'debian', version_id: '12', pretty_name: 'Debian GNU/Linux 12 (bookworm)' },
      init: 'systemd',
      cpu: { model: 'AMD EPYC', cores: 2 },
      memory_bytes: 25276514304,
      block_devices: [],
      mounts: [],
      md_arrays: [],
      btrfs: [],
      zfs_pools: [],
      lvm_volumes: [],
      ports: [
        { port: 80, in_use: false, process: null },
        { port: 443, in_use: false, process: null },
        { port: 8065, in_use: false, process: null },
      ],
      postgres: { installed_versions: [15], running: false, client: true },
    },
    recommendations: [{ topic: 'database', level: 'advice', message: 'SQLite needs nothing to run or tune.' }],
    locations: [
      { path: '/srv/bulk/hearth', mount: '/srv/bulk', device: 'md0', redundancy: 'redundant', description: 'md0 (raid1, 2 disks)', free_bytes: 1e12, total_bytes: 2e12, recommended: true },
      { path: '/var/lib/hearth', mount: '/', device: 'vda', redundancy: 'none', description: 'vda (one disk)', free_bytes: 4e10, total_bytes: 2.7e11, recommended: false },
    ],
    answers: sampleAnswers(),
    needs_password: true,
    ...change,
  };
}

export function checked(change: Partial<AnswersCheck> = {}): AnswersCheck {
  return { errors: [], recommendations: [], plan: [{ id: 'config', description: 'Write /etc/hearth/config.json' }], ...change };
}

export function sampleStatus(change: Partial<ServerStatus> = {}): ServerStatus {
  const ok = { level: 'ok' as const, message: 'Fine' };
  return {
    overall: 'ok',
    server: { level: 'ok', message: 'Running' },
    certificate: ok,
    storage: ok,
    backup: { level: 'warning', message: 'The last backup is 3 days old.' },
    people_online: 3,
    log: ['line one', 'line two'],
    version: '0.2.1',
    address: 'https://hearth.local',
    ...change,
  };
}
