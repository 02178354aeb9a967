// Nightly backups: none, a second server over SSH, or a mounted disk, and the time. "Test
// connection" tries the target as typed; when the backup server refuses this computer's key,
// the line to add to its authorized_keys is shown, ready to copy.

import { useSignal } from '@preact/signals';

import { CopyLink } from '../../../components/admin/CopyLink';
import { Status } from '../../../components/common/Status';
import { useAction } from '../../../components/common/useAction';

import * as commands from '../../commands';
import { LevelIcon } from '../../LevelIcon';
import type { BackupTest } from '../../types';
import type { BackupKind } from '../draft';
import { Choice, TextField } from '../fields';
import type { Wizard } from '../wizard';

const KINDS: { kind: BackupKind; title: string; text: string }[] = [
  { kind: 'sftp', title: 'A second server, over SSH', text: 'Another computer or NAS, even in another building: the safest place for a copy.' },
  { kind: 'disk', title: 'A mounted disk', text: 'A USB disk or a network share mounted on this computer.' },
  { kind: 'none', title: 'No backups', text: 'Not recommended: a fire, theft or mistake would lose the office’s chat.' },
];

function TestResult({ result }: { result: BackupTest }) {
  return (
    <div class={`note note-${result.ok ? 'ok' : 'warning'} backup-test`} role="status" data-test-result={result.ok ? 'ok' : 'failed'}>
      <LevelIcon level={result.ok ? 'ok' : 'warning'} size={18} />
      <div class="backup-test-text">
        <span>{result.message}</span>
        {result.key_line && (
          <>
            <span>
              Add this line to <code>~/.ssh/authorized_keys</code> on the backup server, then test again:
            </span>
            <CopyLink link={result.key_line} label="This computer's backup key" />
          </>
        )}
      </div>
    </div>
  );
}

export function BackupPage({ wizard }: { wizard: Wizard }) {
  const draft = wizard.draft.value!;
  const kind = draft.backupKind;
  const test = useAction();
  const result = useSignal<BackupTest | null>(null);

  async function testConnection() {
    result.value = null;
    await test.run(async () => (result.value = await commands.testBackup(draft.answers)));
  }

  return (
    <>
      <fieldset class="choices">
        <legend>Every night, copy everything to</legend>
        {KINDS.map((k) => (
          <Choice key={k.kind} name="backup.kind" value={k.kind} checked={kind === k.kind} title={k.title} onChoose={() => ((result.value = null), wizard.setBackupKind(k.kind))}>
            {k.text}
          </Choice>
        ))}
      </fieldset>
      {kind === 'sftp' && (
        <TextField wizard={wizard} field="backup.target" label="Backup server" placeholder="sftp://backup@nas.office.lan/hearth" hint="sftp://user@host/path; add :port after the host if SSH is not on port 22." />
      )}
      {kind === 'disk' && <TextField wizard={wizard} field="backup.target" label="Folder on the disk" placeholder="/mnt/backup/hearth" hint="A full path on a disk that stays mounted." />}
      {kind !== 'none' && (
        <>
          <div class="backup-test-row">
            <button type="button" class="btn" data-action="test-backup" disabled={test.busy.value || !draft.answers.backup.target.trim()} onClick={() => void testConnection()}>
              {test.busy.value ? 'Testing…' : 'Test connection'}
            </button>
            <Status value={test.status.value} />
          </div>
          {result.value && <TestResult result={result.value} />}
          <TextField wizard={wizard} field="backup.time" label="Time of the nightly backup" placeholder="02:00" hint="HH:MM, 24-hour, this computer's local time: when nobody is at work." />
        </>
      )}
    </>
  );
}
