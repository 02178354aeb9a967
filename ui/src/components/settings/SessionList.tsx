// Where the user is signed in: each session's device, when it started and was last used, with
// sign-out for one session or for all of them. The server does not say which session is this
// browser's, so signing out everywhere includes this one, and says so.

import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';

import type { Session } from '../../api/types';
import { clearSession, me } from '../../state/session';
import { dateTime, deviceLabel, relativeTime } from './format';
import { listSessions, revokeAllSessions, revokeSession } from './api';
import { Status } from '../common/Status';
import { useAction } from '../common/useAction';

export function SessionList() {
  const userId = me.value?.id ?? '';
  const sessions = useSignal<Session[] | null>(null);
  const confirmAll = useSignal(false);
  const { status, busy, run } = useAction();

  const load = async () => (sessions.value = await listSessions(userId));
  useEffect(() => void run(load), []);

  function signOut(session: Session) {
    void run(async () => {
      await revokeSession(userId, session.id);
      await load();
    }, `Signed out of ${deviceLabel(session)}.`);
  }

  async function signOutEverywhere() {
    if (await run(() => revokeAllSessions(userId))) clearSession();
  }

  const now = Date.now();
  return (
    <section aria-labelledby="security-sessions">
      <h3 id="security-sessions">Where you are signed in</h3>
      {sessions.value === null && !status.value && <p class="muted">Loading…</p>}
      {sessions.value && (
        <ul class="session-list">
          {sessions.value.map((s) => (
            <li key={s.id}>
              <div class="session-text">
                <strong>{deviceLabel(s)}</strong>
                <span class="muted">
                  Last active <time dateTime={new Date(s.last_activity_at).toISOString()} title={dateTime(s.last_activity_at)}>{relativeTime(s.last_activity_at, now)}</time>
                  {' · '}signed in {dateTime(s.create_at)}
                </span>
              </div>
              <button class="btn" type="button" disabled={busy.value} aria-label={`Sign out of ${deviceLabel(s)}, last active ${relativeTime(s.last_activity_at, now)}`} onClick={() => void signOut(s)}>
                Sign out
              </button>
            </li>
          ))}
        </ul>
      )}
      <Status value={status.value} />
      {sessions.value && sessions.value.length > 1 && !confirmAll.value && (
        <button class="btn btn-danger" type="button" onClick={() => (confirmAll.value = true)}>
          Sign out everywhere
        </button>
      )}
      {confirmAll.value && (
        <div class="settings-confirm" role="group" aria-label="Confirm signing out everywhere">
          <p>This signs you out on every device, including this browser. You will need your password to sign in again.</p>
          <div class="settings-row">
            <button class="btn" type="button" onClick={() => (confirmAll.value = false)}>
              Cancel
            </button>
            <button class="btn btn-primary" type="button" disabled={busy.value} onClick={() => void signOutEverywhere()}>
              Sign out everywhere
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
