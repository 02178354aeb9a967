// First run: on a server without accounts, create the system admin, then the first team.

import { useSignal } from '@preact/signals';

import { post } from '../../api/client';
import type { Team, User } from '../../api/types';
import { loadTeams } from '../../state/entities';
import { navigate, paths } from '../../state/router';
import { login, me } from '../../state/session';
import { AccountFields } from './AccountFields';
import { AuthCard } from './AuthCard';
import { messageOf, slugify } from './forms';

export function Setup() {
  const account = { email: useSignal(''), username: useSignal(''), password: useSignal('') };
  const teamName = useSignal('');
  const error = useSignal('');
  const busy = useSignal(false);
  const step = me.value ? 'team' : 'admin';

  async function createAdmin(e: Event) {
    e.preventDefault();
    busy.value = true;
    error.value = '';
    try {
      await post<User>('/users', { email: account.email.value.trim(), username: account.username.value.trim(), password: account.password.value });
      await login(account.username.value.trim(), account.password.value);
    } catch (err) {
      error.value = messageOf(err);
    } finally {
      busy.value = false;
    }
  }

  async function createTeam(e: Event) {
    e.preventDefault();
    busy.value = true;
    error.value = '';
    try {
      const name = slugify(teamName.value) || 'team';
      const team = await post<Team>('/teams', { name, display_name: teamName.value.trim(), type: 'O' });
      await loadTeams();
      navigate(paths.channel(team.name, 'town-square'), true);
    } catch (err) {
      error.value = messageOf(err);
    } finally {
      busy.value = false;
    }
  }

  return step === 'admin' ? (
    <AuthCard title="Set up Hearth" lead="Create the administrator account. You can invite everyone else afterwards.">
      <div class="auth-steps" aria-label="Step 1 of 2"><span class="done" /><span /></div>
      <form onSubmit={createAdmin}>
        <AccountFields account={account} />
        {error.value && <p class="error" role="alert">{error.value}</p>}
        <button class="btn btn-primary" type="submit" disabled={busy.value}>Create administrator</button>
      </form>
    </AuthCard>
  ) : (
    <AuthCard title="Name your team" lead="A team is your office's space: its channels and people.">
      <div class="auth-steps" aria-label="Step 2 of 2"><span class="done" /><span class="done" /></div>
      <form onSubmit={createTeam}>
        <label class="field">
          <span>Team name</span>
          <input class="input" name="team_name" required maxLength={64} autoFocus placeholder="Acme Office" value={teamName.value} onInput={(e) => (teamName.value = e.currentTarget.value)} />
        </label>
        {teamName.value && <p class="muted">Address: /{slugify(teamName.value) || 'team'}</p>}
        {error.value && <p class="error" role="alert">{error.value}</p>}
        <button class="btn btn-primary" type="submit" disabled={busy.value}>Create team</button>
      </form>
    </AuthCard>
  );
}
