// "New channel": display name, URL name (made from the display name until edited), purpose, and
// public or private. Problems show at the field they concern, the server's included.

import { useSignal } from '@preact/signals';

import { ApiError, post } from '../../api/client';
import type { Channel } from '../../api/types';
import { currentTeam } from '../../state/entities';
import { goToChannel } from '../../state/navigation';
import { dialog } from '../../state/view';
import { slugify } from '../auth/forms';
import { channelNameProblem, type ChannelField, fieldOfError } from './channelName';
import { Modal } from '../common/Modal';
import { can } from './permissions';

const close = () => (dialog.value = null);

function FieldError({ id, text }: { id: string; text: string | undefined }) {
  return text ? (
    <span id={id} class="error" role="alert">
      {text}
    </span>
  ) : null;
}

export function NewChannelDialog() {
  const team = currentTeam.value;
  const displayName = useSignal('');
  const name = useSignal('');
  const nameEdited = useSignal(false);
  const purpose = useSignal('');
  const canPublic = team ? can('create_public_channel', { teamId: team.id }) : false;
  const canPrivate = team ? can('create_private_channel', { teamId: team.id }) : false;
  const type = useSignal<'O' | 'P'>(canPublic || !canPrivate ? 'O' : 'P');
  const errors = useSignal<Partial<Record<ChannelField | 'form', string>>>({});
  const busy = useSignal(false);

  async function submit(e: Event) {
    e.preventDefault();
    if (!team) return;
    const found: typeof errors.value = {};
    if (!displayName.value.trim()) found.display_name = 'Give the channel a name.';
    const problem = channelNameProblem(name.value);
    if (problem) found.name = problem;
    errors.value = found;
    if (Object.keys(found).length) return;
    busy.value = true;
    try {
      const channel = await post<Channel>('/channels', {
        team_id: team.id,
        name: name.value,
        display_name: displayName.value.trim(),
        purpose: purpose.value.trim(),
        type: type.value,
      });
      close();
      await goToChannel(channel);
    } catch (err) {
      const field = err instanceof ApiError ? fieldOfError(err.id) : undefined;
      errors.value = { [field ?? 'form']: err instanceof Error ? err.message : String(err) };
    } finally {
      busy.value = false;
    }
  }

  const e = errors.value;
  return (
    <Modal title="New channel" onClose={close}>
      <form class="modal-body" onSubmit={submit} noValidate>
        <label class="field">
          <span>Name</span>
          <input
            class="input"
            autoFocus
            maxLength={64}
            aria-invalid={!!e.display_name}
            aria-describedby={e.display_name ? 'nc-name-error' : undefined}
            value={displayName.value}
            onInput={(ev) => {
              displayName.value = ev.currentTarget.value;
              if (!nameEdited.value) name.value = slugify(displayName.value);
            }}
          />
          <FieldError id="nc-name-error" text={e.display_name} />
        </label>
        <label class="field">
          <span>URL</span>
          <span class="url-field">
            <span class="muted url-prefix" aria-hidden="true">/{team?.name}/channels/</span>
            <input
              class="input grow"
              maxLength={64}
              aria-invalid={!!e.name}
              aria-describedby={e.name ? 'nc-url-error' : undefined}
              value={name.value}
              onInput={(ev) => {
                name.value = ev.currentTarget.value.toLowerCase();
                nameEdited.value = true;
              }}
            />
          </span>
          <FieldError id="nc-url-error" text={e.name} />
        </label>
        <label class="field">
          <span>
            Purpose <span class="muted">(optional)</span>
          </span>
          <textarea class="input" rows={2} maxLength={250} aria-invalid={!!e.purpose} aria-describedby={e.purpose ? 'nc-purpose-error' : undefined} value={purpose.value} onInput={(ev) => (purpose.value = ev.currentTarget.value)} />
          <FieldError id="nc-purpose-error" text={e.purpose} />
        </label>
        <fieldset class="field choice-group">
          <legend>Who can find it</legend>
          <label class={`choice${type.value === 'O' ? ' chosen' : ''}`}>
            <input type="radio" name="nc-type" checked={type.value === 'O'} disabled={!canPublic} onChange={() => (type.value = 'O')} />
            <span>
              <b>Public</b>
              <span class="muted">Anyone in the team can find and join it.</span>
            </span>
          </label>
          <label class={`choice${type.value === 'P' ? ' chosen' : ''}`}>
            <input type="radio" name="nc-type" checked={type.value === 'P'} disabled={!canPrivate} onChange={() => (type.value = 'P')} />
            <span>
              <b>Private</b>
              <span class="muted">Only people added to it can see it.</span>
            </span>
          </label>
        </fieldset>
        {e.form && <p class="error" role="alert">{e.form}</p>}
        <div class="modal-actions">
          <button type="button" class="btn" onClick={close}>
            Cancel
          </button>
          <button type="submit" class="btn btn-primary" disabled={busy.value}>
            Create channel
          </button>
        </div>
      </form>
    </Modal>
  );
}
