// The end: the address people use, as text and as a QR code for phones; for an office-network
// setup also the certificate authority's root, as a QR code to download it on a phone and a
// button that saves it on this computer, with why devices must trust it. The frame's Finish
// hands over to the status window.

import { useSignal } from '@preact/signals';

import { Status } from '../../../components/common/Status';
import { useAction } from '../../../components/common/useAction';
import * as commands from '../../commands';
import { QrCode } from '../QrCode';
import type { Wizard } from '../wizard';

function CaRoot({ wizard }: { wizard: Wizard }) {
  const done = wizard.done.value!;
  const save = useAction();
  const savedAt = useSignal('');
  return (
    <section class="card done-card" aria-labelledby="done-ca">
      {done.ca_qr && <QrCode qr={done.ca_qr} label={`QR code of ${done.ca_url ?? 'the certificate download'}`} size={160} />}
      <div>
        <h2 id="done-ca">Trust this computer's certificate</h2>
        <p>
          Hearth's connections are encrypted with a certificate this computer made itself, so each phone and PC must be told to trust it once; until then
          browsers warn that the connection is not private.
        </p>
        <p class="muted">Scan the code on a phone to download it, or save it here and install it on the office's PCs.</p>
        {done.ca_url && <p class="done-url">{done.ca_url}</p>}
        <button type="button" class="btn" data-action="save-ca" disabled={save.busy.value} onClick={() => void save.run(async () => (savedAt.value = await commands.saveCaRoot()))}>
          Save the certificate
        </button>
        <div data-saved-to={savedAt.value || undefined}>
          <Status value={savedAt.value ? { ok: true, text: `Saved as ${savedAt.value}` } : save.status.value} />
        </div>
      </div>
    </section>
  );
}

export function DonePage({ wizard }: { wizard: Wizard }) {
  const done = wizard.done.value;
  const opening = useAction();
  if (!done) return null;
  return (
    <>
      <section class="card done-card" aria-labelledby="done-address">
        <QrCode qr={done.address_qr} label={`QR code of ${done.address}`} size={160} />
        <div>
          <h2 id="done-address">Open Hearth at</h2>
          <p class="done-address" data-address>
            {done.address}
          </p>
          <p class="muted">Scan the code with a phone's camera to open Hearth there. Sign in with the admin account you just made, then invite the office.</p>
          <button type="button" class="btn" onClick={() => void opening.run(() => commands.open('hearth'))}>
            Open Hearth
          </button>
          <Status value={opening.status.value} />
        </div>
      </section>
      {done.ca_url && <CaRoot wizard={wizard} />}
    </>
  );
}
