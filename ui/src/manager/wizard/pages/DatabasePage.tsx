// SQLite or PostgreSQL, each with its trade-off in a sentence; PostgreSQL also offers to install
// itself when the machine check did not find it.

import { useId } from 'preact/hooks';

import { Choice, describedBy, FieldError, Notes } from '../fields';
import type { Wizard } from '../wizard';

export function DatabasePage({ wizard }: { wizard: Wizard }) {
  const errorId = useId();
  const installErrorId = useId();
  const answers = wizard.draft.value!.answers;
  const installed = wizard.machine.value?.probe.postgres.installed_versions ?? [];
  const described = describedBy(wizard, 'database', errorId);
  return (
    <>
      <Notes items={wizard.recommendations.value} topics={['database']} />
      <fieldset class="choices">
        <legend>Hearth keeps its messages in</legend>
        <Choice name="database" value="sqlite" checked={answers.database === 'sqlite'} title="SQLite" describedBy={described} onChoose={() => wizard.set('database', 'sqlite')}>
          Nothing extra to run or look after; right for an office of up to about 200 people.
        </Choice>
        <Choice name="database" value="postgres" checked={answers.database === 'postgres'} title="PostgreSQL" describedBy={described} onChoose={() => wizard.set('database', 'postgres')}>
          For larger offices or a future cluster of Hearth servers; installed and managed on this computer.
        </Choice>
        <FieldError wizard={wizard} field="database" id={errorId} />
      </fieldset>
      {answers.database === 'postgres' && (
        <div class="field">
          <label class="check-field">
            <input
              type="checkbox"
              name="postgres.install"
              checked={answers.postgres.install}
              aria-describedby={describedBy(wizard, 'postgres.install', installErrorId)}
              onChange={(e) => wizard.set('postgres.install', e.currentTarget.checked)}
            />
            <span>Install PostgreSQL if missing</span>
          </label>
          <span class="field-hint muted">
            {installed.length ? `PostgreSQL ${installed.join(', ')} is installed already; Hearth will use it.` : 'PostgreSQL is not installed on this computer yet.'}
          </span>
          <FieldError wizard={wizard} field="postgres.install" id={installErrorId} />
        </div>
      )}
    </>
  );
}
