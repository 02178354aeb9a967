// The first admin account and the team. The password is typed twice and compared here; the
// team's URL name follows its display name until it is typed itself. When an earlier run made
// the admin already, no password is asked for.

import { TextField } from '../fields';
import type { Wizard } from '../wizard';

export function AdminPage({ wizard }: { wizard: Wizard }) {
  const needsPassword = wizard.machine.value?.needs_password ?? true;
  return (
    <>
      <h2 class="page-section">Your admin account</h2>
      <div class="field-row">
        <TextField wizard={wizard} field="admin.username" label="Username" autoComplete="username" hint="3 to 22 lower-case letters, digits, dots, dashes or underscores." />
        <TextField wizard={wizard} field="admin.email" type="email" label="Email" autoComplete="email" />
      </div>
      {needsPassword ? (
        <div class="field-row">
          <TextField wizard={wizard} field="admin.password" type="password" label="Password" autoComplete="new-password" hint="At least 8 characters." />
          <TextField wizard={wizard} field="admin.password_confirm" type="password" label="Password again" autoComplete="new-password" />
        </div>
      ) : (
        <p class="muted">This admin account exists already from an earlier setup; its password stays as it is.</p>
      )}
      <h2 class="page-section">Your team</h2>
      <div class="field-row">
        <TextField wizard={wizard} field="team.display_name" label="Team name" hint="As people see it, e.g. Smith & Partners." />
        <TextField wizard={wizard} field="team.name" label="Team URL name" hint="In the team's web address: lower-case letters, digits and dashes." />
      </div>
    </>
  );
}
