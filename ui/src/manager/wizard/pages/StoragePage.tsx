// Where the data goes: the places the machine check found (path, device, how it survives a dead
// disk, free space), the recommended one marked, and the folder itself as text, which any
// choice fills in and which can name any other folder.

import { useId } from 'preact/hooks';

import type { Location } from '../../types';
import { Choice, describedBy, FieldError, Notes } from '../fields';
import { REDUNDANCY_WORDS, spaceText } from '../machine';
import type { Wizard } from '../wizard';

function LocationTitle({ location }: { location: Location }) {
  return (
    <>
      <span class="location-path">{location.path}</span>
      {location.recommended && <span class="badge-recommended">Recommended</span>}
    </>
  );
}

export function StoragePage({ wizard }: { wizard: Wizard }) {
  const errorId = useId();
  const hintId = useId();
  const dataDir = wizard.draft.value!.answers.data_dir;
  const locations = wizard.machine.value?.locations ?? [];
  const described = describedBy(wizard, 'data_dir', errorId);
  return (
    <>
      <Notes items={wizard.recommendations.value} topics={['storage']} />
      <fieldset class="choices">
        <legend>Keep Hearth's database, files and settings in</legend>
        {locations.map((l) => (
          <Choice key={l.path} name="data_dir" value={l.path} checked={dataDir === l.path} title={<LocationTitle location={l} />} describedBy={described} onChoose={() => wizard.set('data_dir', l.path)}>
            {[l.description || l.device, REDUNDANCY_WORDS[l.redundancy], spaceText(l)].filter(Boolean).join(' · ')}
          </Choice>
        ))}
      </fieldset>
      <div class="field">
        <label class="field-label" for={`${errorId}-input`}>
          Folder
        </label>
        <input
          id={`${errorId}-input`}
          class="input mono"
          name="data_dir"
          type="text"
          autoComplete="off"
          spellcheck={false}
          value={dataDir}
          aria-invalid={!!wizard.errors.value.data_dir}
          aria-describedby={describedBy(wizard, 'data_dir', errorId, hintId)}
          onInput={(e) => wizard.set('data_dir', e.currentTarget.value)}
        />
        <span id={hintId} class="field-hint muted">
          A full path. It need not exist yet: setup makes it.
        </span>
        <FieldError wizard={wizard} field="data_dir" id={errorId} />
      </div>
    </>
  );
}
