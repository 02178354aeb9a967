// Email, username and password fields, shared by first-run setup and invite sign-up.

import type { Signal } from '@preact/signals';
import { useId } from 'preact/hooks';

export interface Account {
  email: Signal<string>;
  username: Signal<string>;
  password: Signal<string>;
}

/** The rules of a field, read out as its description (hidden from its name, which stays short). */
function Hint({ id, text }: { id: string; text: string }) {
  return (
    <span id={id} class="field-hint muted" aria-hidden="true">
      {text}
    </span>
  );
}

export function AccountFields({ account }: { account: Account }) {
  const usernameHint = useId();
  const passwordHint = useId();
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
          aria-describedby={usernameHint}
          autoCapitalize="none"
          spellcheck={false}
          required
          pattern="[a-z][a-z0-9._\-]{2,21}"
          title="3 to 22 characters: lower-case letters, digits, dots, dashes or underscores, starting with a letter"
          value={account.username.value}
          onInput={(e) => (account.username.value = e.currentTarget.value.toLowerCase())}
        />
        <Hint id={usernameHint} text="How others @mention you: 3 to 22 lower-case letters, digits, dots, dashes or underscores." />
      </label>
      <label class="field">
        <span>Password</span>
        <input class="input" name="password" type="password" autoComplete="new-password" aria-describedby={passwordHint} required minLength={8} value={account.password.value} onInput={(e) => (account.password.value = e.currentTarget.value)} />
        <Hint id={passwordHint} text="At least 8 characters." />
      </label>
    </>
  );
}
