// The message search field: submitting it opens the search panel with the terms. Mattermost's
// modifiers (from:user, in:channel) are typed as part of the terms.

import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';

import { searchTerms } from '../../state/view';
import { SearchIcon } from '../common/icons';

export function SearchForm({ autoFocus = false, onSearched }: { autoFocus?: boolean; onSearched?: () => void }) {
  const value = useSignal(searchTerms.value);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (autoFocus) input.current?.focus();
  }, [autoFocus]);
  useEffect(() => {
    if (searchTerms.value) value.value = searchTerms.value;
  }, [searchTerms.value]);
  return (
    <form
      class="search-form"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        const terms = value.value.trim();
        if (!terms) return;
        searchTerms.value = terms;
        onSearched?.();
      }}
    >
      <SearchIcon />
      <input
        ref={input}
        class="search-input"
        type="search"
        aria-label="Search messages"
        title="Search messages: from:username and in:channel narrow it down"
        placeholder="Search"
        enterKeyHint="search"
        value={value.value}
        onInput={(e) => (value.value = e.currentTarget.value)}
      />
    </form>
  );
}
