// The machine check as a report: the system, disks and arrays with their health, free space
// where the data could go (the recommended place marked), the ports Hearth wants, PostgreSQL,
// and the installer's advice. "Check again" runs the check anew (after a disk was replaced or a
// program stopped) and keeps the answers given so far.

import { formatBytes } from '../../../components/settings/format';
import { LevelIcon } from '../../LevelIcon';
import type { MachineCheck } from '../../types';
import { Notes } from '../fields';
import { disks, diskText, healthLines, portText, postgresText, spaceText } from '../machine';
import type { Wizard } from '../wizard';

function Report({ check }: { check: MachineCheck }) {
  const { probe, locations } = check;
  const arrays = healthLines(probe);
  return (
    <>
      <Notes items={check.recommendations} />
      <section class="card" aria-labelledby="check-system">
        <h2 id="check-system">System</h2>
        <dl class="facts">
          <dt>Operating system</dt>
          <dd>{probe.os.pretty_name || probe.os.id || 'Unknown'}</dd>
          <dt>Processor</dt>
          <dd>
            {probe.cpu.model || 'Unknown'}, {probe.cpu.cores} core{probe.cpu.cores === 1 ? '' : 's'}
          </dd>
          <dt>Memory</dt>
          <dd>{probe.memory_bytes ? formatBytes(probe.memory_bytes) : 'Unknown'}</dd>
        </dl>
      </section>
      <section class="card" aria-labelledby="check-disks">
        <h2 id="check-disks">Disks and arrays</h2>
        <ul class="check-list">
          {disks(probe).map((d) => (
            <li key={d.name}>
              <span class="check-name">{d.name}</span>
              <span>{diskText(d)}</span>
            </li>
          ))}
          {arrays.map((a) => (
            <li key={a.name} class="check-health">
              <LevelIcon level={a.level} size={18} />
              <span class="check-name">{a.name}</span>
              <span>
                <strong>{a.health}</strong> <span class="muted">· {a.what}</span>
              </span>
            </li>
          ))}
        </ul>
        {!arrays.length && <p class="muted check-none">No RAID arrays or redundant pools: each disk stands alone.</p>}
      </section>
      <section class="card" aria-labelledby="check-space">
        <h2 id="check-space">Free space</h2>
        <ul class="check-list">
          {locations.map((l) => (
            <li key={l.path} class={l.recommended ? 'check-recommended' : ''}>
              <span class="check-name">{l.mount}</span>
              <span>
                {spaceText(l)}
                <span class="muted"> · {l.description || l.device}</span>
                {l.recommended && <span class="badge-recommended">Recommended</span>}
              </span>
            </li>
          ))}
        </ul>
      </section>
      <section class="card" aria-labelledby="check-ports">
        <h2 id="check-ports">Ports and database</h2>
        <ul class="check-list">
          {probe.ports.map((p) => (
            <li key={p.port} class="check-health">
              <LevelIcon level={p.in_use ? 'warning' : 'ok'} size={18} />
              <span class="check-name">Port {p.port}</span>
              <span>{portText(p)}</span>
            </li>
          ))}
          <li class="check-health">
            <LevelIcon level={probe.postgres.installed_versions.length ? 'ok' : 'warning'} size={18} />
            <span class="check-name">PostgreSQL</span>
            <span>{postgresText(probe)}</span>
          </li>
        </ul>
      </section>
    </>
  );
}

export function CheckPage({ wizard }: { wizard: Wizard }) {
  const check = wizard.machine.value;
  const checking = wizard.checking.value;
  return (
    <>
      <div class="check-again">
        <p class="muted" role="status">
          {checking ? 'Checking this computer…' : check ? 'Here is what this computer has.' : ''}
        </p>
        <button type="button" class="btn" disabled={checking} onClick={() => void wizard.loadMachine()}>
          Check again
        </button>
      </div>
      {wizard.machineError.value && (
        <p class="error" role="alert">
          The check failed: {wizard.machineError.value}
        </p>
      )}
      {check && <Report check={check} />}
    </>
  );
}
