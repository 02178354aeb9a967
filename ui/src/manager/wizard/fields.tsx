// The wizard's form controls, bound to a draft field by its dotted name: a text field and a
// radio card, each with its error under it (`data-error-for`, and tied to the control with
// `aria-describedby` and `aria-invalid`), and the notes that show the installer's advice.

import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

import { LevelIcon } from '../LevelIcon';
import type { Recommendation } from '../types';
import { fieldValue } from './draft';
import { errorText } from './pages';
import type { Wizard } from './wizard';

/** The error under a field, when it has one. */
export function FieldError({ wizard, field, id }: { wizard: Wizard; field: string; id: string }) {
  const message = wizard.errors.value[field];
  if (!message) return null;
  return (
    <p class="error field-error" id={id} data-error-for={field}>
      {errorText(field, message)}
    </p>
  );
}

/** The ids a control is described by: its hint, and its error when it has one. */
export function describedBy(wizard: Wizard, field: string, errorId: string, hintId?: string): string | undefined {
  const ids = [hintId, wizard.errors.value[field] ? errorId : undefined].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

interface TextFieldProps {
  wizard: Wizard;
  field: string;
  label: string;
  hint?: ComponentChildren;
  type?: 'text' | 'email' | 'password';
  /** A whole number (a port): digits only, kept as a number; empty is 0, which the installer
   * refuses by name. */
  numeric?: boolean;
  autoComplete?: string;
  placeholder?: string;
}

export function TextField({ wizard, field, label, hint, type = 'text', numeric = false, autoComplete = 'off', placeholder }: TextFieldProps) {
  const hintId = useId();
  const errorId = useId();
  const draft = wizard.draft.value!;
  const value = field === 'admin.password_confirm' ? draft.passwordConfirm : fieldValue(draft.answers, field);
  const invalid = !!wizard.errors.value[field];
  return (
    <div class="field">
      <label class="field-label" for={`${errorId}-input`}>
        {label}
      </label>
      <input
        id={`${errorId}-input`}
        class="input"
        name={field}
        // Preact's input props are a union keyed by `type`, which a union-typed value cannot pick.
        type={type as 'text'}
        inputMode={numeric ? 'numeric' : type === 'email' ? 'email' : 'text'}
        autoComplete={autoComplete}
        autoCapitalize="none"
        spellcheck={false}
        placeholder={placeholder}
        value={value === undefined || (numeric && value === 0) ? '' : String(value)}
        aria-invalid={invalid}
        aria-describedby={describedBy(wizard, field, errorId, hint ? hintId : undefined)}
        onInput={(e) => {
          const text = e.currentTarget.value;
          wizard.set(field, numeric ? Number(text.replace(/\D/g, '')) : text);
        }}
      />
      {hint && (
        <span id={hintId} class="field-hint muted">
          {hint}
        </span>
      )}
      <FieldError wizard={wizard} field={field} id={errorId} />
    </div>
  );
}

interface ChoiceProps {
  name: string;
  value: string;
  checked: boolean;
  title: ComponentChildren;
  children?: ComponentChildren;
  onChoose: () => void;
  describedBy?: string | undefined;
}

/** One radio of a group, as a card with its title and a line about it. */
export function Choice({ name, value, checked, title, children, onChoose, describedBy }: ChoiceProps) {
  return (
    <label class={`choice${checked ? ' chosen' : ''}`}>
      <input type="radio" name={name} value={value} checked={checked} aria-describedby={describedBy} onChange={onChoose} />
      <span>
        <strong>{title}</strong>
        {children && <span class="muted">{children}</span>}
      </span>
    </label>
  );
}

/** The installer's advice and warnings about some topics, warnings first. */
export function Notes({ items, topics }: { items: Recommendation[]; topics?: string[] }) {
  const shown = items.filter((r) => !topics || topics.includes(r.topic)).sort((a, b) => (a.level === b.level ? 0 : a.level === 'warning' ? -1 : 1));
  if (!shown.length) return null;
  return (
    <ul class="notes">
      {shown.map((r) => (
        <li key={r.message} class={`note note-${r.level}`}>
          <LevelIcon level={r.level === 'warning' ? 'warning' : 'info'} size={18} />
          <span>
            <span class="visually-hidden">{r.level === 'warning' ? 'Warning: ' : 'Note: '}</span>
            {r.message}
          </span>
        </li>
      ))}
    </ul>
  );
}
