// Editing the open channel's purpose (what it is for) and header (shown at its top), and the
// confirmation before leaving a private channel.

import { useSignal } from '@preact/signals';

import { ApiError } from '../../api/client';
import type { Channel } from '../../api/types';
import { dialog } from '../../state/view';
import { leaveChannel, patchChannel } from './channelActions';
import { fieldOfError } from './channelName';
import { Modal } from '../common/Modal';

const close = () => (dialog.value = null);

export function EditChannelDialog({ channel }: { channel: Channel }) {
  const purpose = useSignal(channel.purpose);
  const header = useSignal(channel.header);
  const errors = useSignal<{ purpose?: string; header?: string; form?: string }>({});
  const busy = useSignal(false);

  async function submit(e: Event) {
    e.preventDefault();
    busy.value = true;
    errors.value = {};
    try {
      await patchChannel(channel, { purpose: purpose.value.trim(), header: header.value.trim() });
      close();
    } catch (err) {
      const field = err instanceof ApiError ? fieldOfError(err.id) : undefined;
      const message = err instanceof Error ? err.message : String(err);
      errors.value = field === 'purpose' || field === 'header' ? { [field]: message } : { form: message };
    } finally {
      busy.value = false;
    }
  }

  const e = errors.value;
  return (
    <Modal title={`Edit ${channel.display_name}`} onClose={close}>
      <form class="modal-body" onSubmit={submit}>
        <label class="field">
          <span>Purpose</span>
          <textarea class="input" rows={2} maxLength={250} autoFocus aria-invalid={!!e.purpose} aria-describedby="ec-purpose-note" value={purpose.value} onInput={(ev) => (purpose.value = ev.currentTarget.value)} />
          <span id="ec-purpose-note" class={e.purpose ? 'error' : 'muted'}>
            {e.purpose ?? 'What the channel is for, shown under its name and in "Browse channels".'}
          </span>
        </label>
        <label class="field">
          <span>Header</span>
          <textarea class="input" rows={3} maxLength={1024} aria-invalid={!!e.header} aria-describedby="ec-header-note" value={header.value} onInput={(ev) => (header.value = ev.currentTarget.value)} />
          <span id="ec-header-note" class={e.header ? 'error' : 'muted'}>
            {e.header ?? 'Links and notes for the channel, shown at its top when it has no purpose.'}
          </span>
        </label>
        {e.form && <p class="error" role="alert">{e.form}</p>}
        <div class="modal-actions">
          <button type="button" class="btn" onClick={close}>
            Cancel
          </button>
          <button type="submit" class="btn btn-primary" disabled={busy.value}>
            Save
          </button>
        </div>
      </form>
    </Modal>
  );
}

export function LeaveChannelDialog({ channel }: { channel: Channel }) {
  const error = useSignal('');
  async function leave() {
    try {
      await leaveChannel(channel);
      close();
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    }
  }
  return (
    <Modal title={`Leave ${channel.display_name}?`} onClose={close}>
      <div class="modal-body">
        <p>This channel is private: to come back, someone in it will have to add you again.</p>
        {error.value && <p class="error" role="alert">{error.value}</p>}
        <div class="modal-actions">
          <button type="button" class="btn" autoFocus onClick={close}>
            Stay
          </button>
          <button type="button" class="btn btn-primary btn-primary-danger" onClick={() => void leave()}>
            Leave channel
          </button>
        </div>
      </div>
    </Modal>
  );
}
