// Sign-up through a team invite link (/signup_user_complete?id=INVITE_ID): shows the team, creates
// the account in it and signs in. A signed-in visitor of the link simply joins the team.

import { useSignal, useSignalEffect } from '@preact/signals';

import { get, post, query } from '../../api/client';
import type { Team, User } from '../../api/types';
import { navigate } from '../../state/router';
import { login } from '../../state/session';
import { AccountFields } from './AccountFields';
import { AuthCard } from './AuthCard';
import { messageOf } from './forms';

export function Signup({ inviteId }: { inviteId: string }) {
  const account = { email: useSignal(''), username: useSignal(''), password: useSignal('') };
  const team = useSignal<Pick<Team, 'display_name' | 'name'> | null>(null);
  const error = useSignal('');
  const busy = useSignal(false);

  useSignalEffect(() => {
    get<Team>(`/teams/invite/${encodeURIComponent(inviteId)}`)
      .then((t) => (team.value = t))
      .catch((err) => (error.value = messageOf(err)));
  });

  async function submit(e: Event) {
    e.preventDefault();
    busy.value = true;
    error.value = '';
    try {
      const body = { email: account.email.value.trim(), username: account.username.value.trim(), password: account.password.value };
      await post<User>(`/users${query({ iid: inviteId })}`, body);
      await login(body.username, body.password);
      navigate(`/${team.value?.name ?? ''}`, true);
    } catch (err) {
      error.value = messageOf(err);
    } finally {
      busy.value = false;
    }
  }

  if (!team.value) {
    return (
      <AuthCard title="Join Hearth" lead={error.value ? 'This invite link does not work.' : 'Checking your invite…'}>
        {error.value && <p class="error" role="alert">{error.value} Ask whoever sent it for a new link.</p>}
        <a href="/login">Sign in instead</a>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={`Join ${team.value.display_name}`} lead="Create your account to start chatting with the team.">
      <form onSubmit={submit}>
        <AccountFields account={account} />
        {error.value && <p class="error" role="alert">{error.value}</p>}
        <button class="btn btn-primary" type="submit" disabled={busy.value}>Create account</button>
      </form>
      <p class="muted">
        Already have an account? <a href="/login">Sign in</a>
      </p>
    </AuthCard>
  );
}
