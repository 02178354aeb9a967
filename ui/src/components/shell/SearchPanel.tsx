// Search results for the terms typed in the header's search box, in the right-hand panel (the
// whole screen on phones): each hit shows its channel, author and time with the searched words
// marked, and opens the message in its channel.

import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';

import type { Post } from '../../api/types';
import { currentTeamId, ensureUsers } from '../../state/entities';
import { showPost } from '../../state/navigation';
import { searchTerms } from '../../state/view';
import { CloseIcon } from '../common/icons';
import { useReturnFocus } from '../common/useReturnFocus';
import { PostHit } from './PostHit';
import { SearchForm } from './SearchForm';
import { queryWords, SEARCH_PAGE_SIZE, searchPosts } from './search';

const phone = matchMedia('(max-width: 640px)');

export function SearchPanel({ terms }: { terms: string }) {
  const hits = useSignal<Post[]>([]);
  const matches = useSignal<Record<string, string[]>>({});
  const page = useSignal(0);
  const hasMore = useSignal(false);
  const loading = useSignal(true);
  const error = useSignal('');
  const teamId = currentTeamId.value;
  const panel = useRef<HTMLElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  useReturnFocus(panel);
  // On phones the panel covers the header's search field, which had focus: move it to the panel.
  useEffect(() => {
    if (phone.matches) closeButton.current?.focus();
  }, []);

  async function load(nextPage: number) {
    loading.value = true;
    error.value = '';
    try {
      const result = await searchPosts(teamId, terms, nextPage);
      const found = result.order.map((id) => result.posts[id]).filter((p): p is Post => !!p);
      void ensureUsers(found.map((p) => p.user_id));
      hits.value = nextPage === 0 ? found : [...hits.value, ...found];
      matches.value = { ...(nextPage === 0 ? {} : matches.value), ...result.matches };
      page.value = nextPage;
      hasMore.value = result.order.length >= SEARCH_PAGE_SIZE;
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    } finally {
      loading.value = false;
    }
  }

  useEffect(() => {
    hits.value = [];
    if (teamId) void load(0);
  }, [terms, teamId]);

  const words = queryWords(terms);
  const count = hits.value.length;
  const counted = `${count}${hasMore.value ? '+' : ''} ${count === 1 && !hasMore.value ? 'result' : 'results'}`;
  const summary = loading.value && count === 0 ? 'Searching…' : count === 0 ? `No results for “${terms}”` : `${counted} for “${terms}”`;
  return (
    <aside ref={panel} class="side-panel search-panel" aria-label="Search results">
      <header class="panel-head">
        <h2>Search results</h2>
        <button ref={closeButton} class="icon-btn" aria-label="Close search results" onClick={() => (searchTerms.value = '')}>
          <CloseIcon />
        </button>
      </header>
      <div class="phone-only panel-search">
        <SearchForm />
      </div>
      <p class="muted search-summary" role="status">
        {summary}
      </p>
      {error.value && <p class="error panel-pad" role="alert">{error.value}</p>}
      {count === 0 && !loading.value && !error.value && (
        <p class="muted panel-pad search-hint">Try other words, or narrow down with from:username or in:channel-name.</p>
      )}
      <ul class="hit-list">
        {hits.value.map((p) => (
          <li key={p.id}>
            <PostHit
              post={p}
              words={[...words, ...(matches.value[p.id] ?? [])]}
              onOpen={() => {
                if (phone.matches) searchTerms.value = '';
                showPost(p);
              }}
            />
          </li>
        ))}
      </ul>
      {hasMore.value && (
        <button class="btn more-btn" disabled={loading.value} onClick={() => void load(page.value + 1)}>
          {loading.value ? 'Loading…' : 'More results'}
        </button>
      )}
    </aside>
  );
}
