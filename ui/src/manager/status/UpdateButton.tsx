// "Check for updates": asks Hearth's release feed; says "Hearth is up to date", or shows the new
// version's date and notes and asks before installing it. The notes are shown as plain text.
// What happened shows in the status window's outcome line, like every other action's.

import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';

import { ConfirmDialog } from '../../components/common/ConfirmDialog';
import type { Action } from '../../components/common/useAction';
import * as commands from '../commands';
import type { UpdateCheck } from '../types';

type Release = NonNullable<UpdateCheck['latest']>;

export function UpdateButton({ action: check }: { action: Action }) {
  const offer = useSignal<{ current: string; latest: Release } | null>(null);

  async function lookForUpdate() {
    let answer: UpdateCheck | null = null;
    if (!(await check.run(async () => (answer = await commands.checkUpdate())))) return;
    const { current, latest } = answer!;
    if (latest) offer.value = { current, latest };
    else check.status.value = { ok: true, text: `Hearth is up to date (version ${current}).` };
  }

  async function install() {
    const said = await commands.installUpdate();
    check.status.value = { ok: true, text: said };
  }

  // The tray's "Check for updates…" opens this window and asks here.
  useEffect(() => {
    const stop = commands.onCheckUpdateRequest(() => void lookForUpdate());
    return () => void stop.then((unlisten) => unlisten());
  }, []);

  const o = offer.value;
  return (
    <>
      <button type="button" class="btn" data-action="check-update" disabled={check.busy.value} onClick={() => void lookForUpdate()}>
        Check for updates
      </button>
      {o && (
        <ConfirmDialog title={`Update to Hearth ${o.latest.version}?`} confirmLabel="Install update" onConfirm={install} onClose={() => (offer.value = null)}>
          <p>
            Version {o.latest.version}
            {o.latest.date ? `, released ${o.latest.date}` : ''}. This computer has {o.current}.
          </p>
          <p class="update-notes">{o.latest.notes || 'No release notes.'}</p>
          <p class="muted">Hearth restarts to finish the update; people are reconnected within a few seconds.</p>
        </ConfirmDialog>
      )}
    </>
  );
}
