// What Hearth Manager's Rust commands send and take, as JSON (snake_case). The shapes mirror the
// installer crate's serde types (answers.rs, probe/mod.rs, recommend.rs, plan.rs, apply.rs) and
// the Manager's own command results; they are written by hand until the Rust side generates them.

export type DatabaseKind = 'sqlite' | 'postgres';
export type AddressMode = 'lan' | 'internet' | 'http';

/** The admin's answers (installer `Answers`). Fields the wizard does not ask about (the system
 * user, PostgreSQL's socket) travel through unchanged. */
export interface Answers {
  data_dir: string;
  database: DatabaseKind;
  postgres: { install: boolean; socket_dir: string; port: number; superuser: string; role: string; database: string };
  address: { mode: AddressMode; domain: string; port: number; redirect_port: number };
  admin: { username: string; email: string; password?: string };
  team: { name: string; display_name: string };
  backup: { target: string; time: string };
  system_user: string;
  hearth_binary: string;
}

export interface Os {
  id: string;
  version_id: string;
  pretty_name: string;
}

export type DeviceKind = 'disk' | 'partition' | 'raid' | 'lvm' | 'loop' | 'other';

export interface BlockDevice {
  name: string;
  kind: DeviceKind;
  size_bytes: number;
  rotational: boolean;
  removable: boolean;
  model: string;
  parent: string | null;
  members: string[];
  mapper_name: string | null;
}

export interface Mount {
  source: string;
  mount_point: string;
  fs_type: string;
  total_bytes: number;
  free_bytes: number;
}

export type ArrayState =
  | { state: 'clean' }
  | { state: 'degraded' }
  | { state: 'syncing'; kind: string; percent: number; minutes_left: number | null }
  | { state: 'inactive' };

export interface MdArray {
  name: string;
  level: string;
  members: { device: string; state: string }[];
  devices_total: number;
  devices_working: number;
  state: ArrayState;
  size_bytes: number;
}

export interface BtrfsFilesystem {
  uuid: string;
  label: string;
  devices: string[];
  data_profile: string;
  metadata_profile: string;
  missing_devices: number;
}

export interface ZfsPool {
  name: string;
  state: string;
  redundancy: string;
  devices: string[];
  errors: string;
}

export interface LvmVolume {
  vg: string;
  lv: string;
  segment_type: string;
  device: string;
  health: string;
  sync_percent: number | null;
}

export interface PortUse {
  port: number;
  in_use: boolean;
  process: string | null;
}

/** Everything the machine check found (installer `Probe`). */
export interface Probe {
  root: string;
  os: Os;
  init: string;
  cpu: { model: string; cores: number };
  memory_bytes: number;
  block_devices: BlockDevice[];
  mounts: Mount[];
  md_arrays: MdArray[];
  btrfs: BtrfsFilesystem[];
  zfs_pools: ZfsPool[];
  lvm_volumes: LvmVolume[];
  ports: PortUse[];
  postgres: { installed_versions: number[]; running: boolean; client: boolean };
}

export interface Recommendation {
  /** The wizard page it belongs to: `storage`, `database`, `address` or `ports`. */
  topic: string;
  level: 'advice' | 'warning';
  message: string;
}

/** A place the data could go, as the Manager offers it on the storage page. */
export interface Location {
  path: string;
  mount: string;
  device: string;
  redundancy: 'redundant' | 'degraded' | 'none' | 'unknown';
  /** `md0 (raid1, 2 disks)`. */
  description: string;
  free_bytes: number;
  total_bytes: number;
  recommended: boolean;
}

export interface MachineCheck {
  probe: Probe;
  recommendations: Recommendation[];
  locations: Location[];
  /** Saved answers from an earlier run, or the defaults with the recommended data folder. */
  answers: Answers;
  /** The first admin is still to be made, so a password is needed. */
  needs_password: boolean;
}

export interface AnswerError {
  /** Dotted field name: `admin.email`. */
  field: string;
  message: string;
}

export interface PlannedStep {
  id: string;
  description: string;
}

export interface AnswersCheck {
  errors: AnswerError[];
  recommendations: Recommendation[];
  plan: PlannedStep[];
}

export interface DnsCheck {
  domain: string;
  addresses: string[];
  points_here: boolean;
  error: string | null;
}

export interface BackupTest {
  ok: boolean;
  message: string;
  /** The public key line the backup server must accept, when it refused ours. */
  key_line: string | null;
}

export type StepStatus = 'checking' | 'running' | 'already_done' | 'done' | 'failed';

/** One progress event of the install (installer `apply::Event`). */
export interface ApplyEvent {
  /** 1-based. */
  step: number;
  steps: number;
  id: string;
  status: StepStatus;
  /** Of the whole plan, 0 to 100. */
  percent: number;
  message: string;
}

export type ApplyMessage = { kind: 'event'; event: ApplyEvent } | { kind: 'log'; line: string };

/** A QR code as its module matrix: `size` rows of `size` modules, row-major, true = dark. */
export interface Qr {
  size: number;
  modules: boolean[];
}

export interface ApplyDone {
  address: string;
  /** Where phones download the local CA's root (LAN mode only). */
  ca_url: string | null;
  address_qr: Qr;
  ca_qr: Qr | null;
}

export type Level = 'ok' | 'warning' | 'problem';

export interface Check {
  level: Level;
  message: string;
}

export interface ServerStatus {
  overall: Level;
  server: Check;
  certificate: Check;
  storage: Check;
  backup: Check;
  /** People whose presence is not offline; null when the database cannot be read. */
  people_online: number | null;
  log: string[];
  version: string;
  address: string;
}

export interface UpdateCheck {
  current: string;
  latest: { version: string; date: string | null; notes: string } | null;
}
