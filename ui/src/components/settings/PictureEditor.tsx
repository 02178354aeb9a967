// The profile picture: shows the current one, uploads a new one, or goes back to the generated
// picture (initials on a colour) the server makes for everyone.

import { useRef } from 'preact/hooks';

import { urls } from '../../api/client';
import type { User } from '../../api/types';
import { resetPicture, uploadPicture } from './api';
import { Status } from '../common/Status';
import { useAction } from '../common/useAction';
import { pictureProblem } from './validate';

export function PictureEditor({ user }: { user: User }) {
  const input = useRef<HTMLInputElement>(null);
  const { status, busy, run } = useAction();
  // The server sets last_picture_update on upload, and makes it negative on a reset.
  const custom = (user.last_picture_update ?? 0) > 0;

  function onPick(e: Event) {
    const field = e.currentTarget as HTMLInputElement;
    const file = field.files?.[0];
    field.value = '';
    if (!file) return;
    const problem = pictureProblem(file);
    if (problem) {
      status.value = { ok: false, text: problem };
      return;
    }
    void run(() => uploadPicture(user.id, file), 'Picture updated.');
  }

  return (
    <section class="picture" aria-labelledby="profile-picture">
      <img class="picture-current" src={urls.avatar(user.id, user.last_picture_update ?? 0)} alt="Your profile picture" width={96} height={96} />
      <div>
        <h3 id="profile-picture">Profile picture</h3>
        <div class="settings-row">
          <input ref={input} type="file" accept="image/png,image/jpeg,image/gif,image/webp" hidden onChange={onPick} />
          <button class="btn" type="button" disabled={busy.value} onClick={() => input.current?.click()}>
            Upload a picture
          </button>
          {custom && (
            <button class="btn" type="button" disabled={busy.value} onClick={() => void run(() => resetPicture(user.id), 'Back to the generated picture.')}>
              Use generated picture
            </button>
          )}
        </div>
        <Status value={status.value} />
      </div>
    </section>
  );
}
