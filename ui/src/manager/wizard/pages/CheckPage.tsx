// The machine check as a report: the system, disks and arrays with their health, free space
// where the data could go (the recommended place marked), the ports Hearth wants, PostgreSQL,
// and the installer's advice. "Check again" runs the check anew (after a disk was replaced or a
// program stopped) and keeps the answers given so far.

import type { ComponentChildren } from 'preact';
import { useMemo } from 'preact/hooks';

import { formatBytes } from '../../../components/settings/format';
import { LevelIcon, type Mark } from '../../LevelIcon';
import type { MachineCheck } from '../../types';
import { Notes } from '../fields';
import { disks, diskText, healthLines, portText, postgresText, spaceText } from '../machine';
import type { Wizard } from '../wizard';

/** One line of a list: its health (when it has one), its name, and what it is or how it is. */
function Row({ mark, name, highlight, children }: { mark?: Mark; name: string; highlight?: boolean; children: ComponentChildren }) {
  return (
    <li class={`check-row${highlight ? ' check-recommended' : ''}`}>
      <span class="check-icon">{mark && <LevelIcon level={mark} size={18} />}</span>
      <span class="check-name">{name}</span>
      <span class="check-text">{children}</span>
    </li>
  );
}

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
            <Row key={d.name} name={d.name}>
              {diskText(d)}
            </Row>
          ))}
          {arrays.map((a) => (
            <Row key={a.name} mark={a.level} name={a.name}>
              <strong>{a.health}</strong> <span class="muted">· {a.what}</span>
            </Row>
          ))}
        </ul>
        {!arrays.length && <p class="muted check-none">No RAID arrays or redundant pools: each disk stands alone.</p>}
      </section>
      <section class="card" aria-labelledby="check-space">
        <h2 id="check-space">Free space</h2>
        <ul class="check-list">
          {locations.map((l) => (
            <Row key={l.path} name={l.mount} highlight={l.recommended}>
              {spaceText(l)}
              {(l.description || l.device) && <span class="muted"> · {l.description || l.device}</span>}
              {l.recommended && <span class="badge-recommended">Recommended</span>}
            </Row>
          ))}
        </ul>
      </section>
      <section class="card" aria-labelledby="check-ports">
        <h2 id="check-ports">Ports and database</h2>
        <ul class="check-list">
          {probe.ports.map((p) => (
            <Row key={p.port} mark={p.in_use ? 'warning' : 'ok'} name={`Port ${p.port}`}>
              {portText(p)}
            </Row>
          ))}
          {/* PostgreSQL is optional: missing is only information. */}
          <Row mark={probe.postgres.installed_versions.length ? 'ok' : 'info'} name="PostgreSQL">
            {postgresText(probe)}
          </Row>
        </ul>
      </section>
    </>
  );
}

export function CheckPage({ wizard }: { wizard: Wizard }) {
  const check = wizard.machine.value;
  const checking = wizard.checking.value;
  const checkedAt = useMemo(() => (check ? new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : ''), [check]);
  return (
    <>
      <div class="check-again">
        <p class="muted" role="status">
          {checking ? 'Checking this computer…' : checkedAt ? `Checked at ${checkedAt}. After a change (a disk replaced, a program stopped), check again.` : ''}
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
