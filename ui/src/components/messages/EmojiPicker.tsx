// The reaction picker: a search box over a grid of emoji. Arrow keys move through the grid while
// the search box keeps focus; Enter picks, Esc closes (through the Popover around it).

import { useSignal } from '@preact/signals';
import { useEffect, useId, useRef } from 'preact/hooks';

import { searchEmoji } from '../../markdown/emoji';
import { touchOnly } from './compose';

const COLUMNS = 8;

const MOVES: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -COLUMNS, ArrowDown: COLUMNS };

export function EmojiPicker({ onPick }: { onPick: (name: string) => void }) {
  const term = useSignal('');
  const active = useSignal(0);
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  const results = searchEmoji(term.value.trim().replace(/^:|:$/g, ''), COLUMNS * 8);
  const current = Math.min(active.value, Math.max(0, results.length - 1));

  // On touch screens focusing would pop up the keyboard over the grid; there the grid is tapped.
  useEffect(() => {
    if (!touchOnly()) input.current?.focus();
  }, []);

  function onKeyDown(e: KeyboardEvent) {
    const move = MOVES[e.key];
    if (move !== undefined && results.length) {
      e.preventDefault();
      active.value = Math.max(0, Math.min(results.length - 1, current + move));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const chosen = results[current];
      if (chosen) onPick(chosen.name);
    }
  }

  return (
    <div class="emoji-picker">
      <input
        ref={input}
        class="input"
        type="text"
        placeholder="Search emoji"
        aria-label="Search emoji"
        role="combobox"
        aria-expanded="true"
        aria-controls={`${id}-grid`}
        aria-activedescendant={results[current] ? `${id}-${current}` : undefined}
        value={term.value}
        onInput={(e) => {
          term.value = e.currentTarget.value;
          active.value = 0;
        }}
        onKeyDown={onKeyDown}
      />
      <div id={`${id}-grid`} class="emoji-grid" role="listbox" aria-label="Emoji">
        {results.map((entry, i) => (
          <button
            key={entry.name}
            id={`${id}-${i}`}
            type="button"
            role="option"
            tabIndex={-1}
            aria-selected={i === current}
            aria-label={entry.name.replace(/_/g, ' ')}
            title={`:${entry.name}:`}
            class={i === current ? 'active' : ''}
            onMouseEnter={() => (active.value = i)}
            onClick={() => onPick(entry.name)}
          >
            {entry.emoji}
          </button>
        ))}
        {results.length === 0 && <p class="muted emoji-none">No emoji match.</p>}
      </div>
      <p class="emoji-preview muted" aria-hidden="true">
        {results[current] ? `:${results[current].name}:` : ''}
      </p>
    </div>
  );
}
