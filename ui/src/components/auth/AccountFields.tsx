// Email, username and password fields, shared by first-run setup and invite sign-up.

import type { Signal } from '@preact/signals';

export interface Account {
  email: Signal<string>;
  username: Signal<string>;
  password: Signal<string>;
}

export function AccountFields({ account }: { account: Account }) {
  return (
    <>
      <label class="field">
        <span>Email</span>
        <input class="input" name="email" type="email" autoComplete="email" required autoFocus value={account.email.value} onInput={(e) => (account.email.value = e.currentTarget.value)} />
      </label>
      <label class="field">
        <span>Username</span>
        <input
          class="input"
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellcheck={false}
          required
          pattern="[a-z][a-z0-9._\-]{2,21}"
          title="3 to 22 characters: lower-case letters, digits, dots, dashes or underscores, starting with a letter"
          value={account.username.value}
          onInput={(e) => (account.username.value = e.currentTarget.value.toLowerCase())}
        />
      </label>
      <label class="field">
        <span>Password</span>
        <input class="input" name="password" type="password" autoComplete="new-password" required minLength={8} value={account.password.value} onInput={(e) => (account.password.value = e.currentTarget.value)} />
      </label>
    </>
  );
}
