// The Display tab: light, dark or the system's theme, applied as soon as it is picked.

import { useSignal } from '@preact/signals';

import { savedTheme, setTheme, type Theme } from '../../state/theme';

const CHOICES: { value: Theme; label: string; hint: string }[] = [
  { value: 'light', label: 'Light', hint: 'Dark text on a light background.' },
  { value: 'dark', label: 'Dark', hint: 'Light text on a dark background, easier at night.' },
  { value: 'auto', label: 'System', hint: 'Follows your device: light by day, dark when it is.' },
];

export function DisplayTab() {
  const theme = useSignal<Theme>(savedTheme());
  return (
    <fieldset class="settings-choices">
      <legend>Theme</legend>
      {CHOICES.map((c) => (
        <label key={c.value} class={`choice${theme.value === c.value ? ' chosen' : ''}`}>
          <input
            type="radio"
            name="theme"
            value={c.value}
            checked={theme.value === c.value}
            onChange={() => {
              theme.value = c.value;
              setTheme(c.value);
            }}
          />
          <span>
            <strong>{c.label}</strong>
            <span class="muted">{c.hint}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
