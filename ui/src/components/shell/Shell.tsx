// The signed-in layout: team bar, channel sidebar (a drawer on phones), the open channel, and the
// thread or search panel on the right. Owns the global keyboard shortcuts.

import { useEffect } from 'preact/hooks';

import { currentChannel, teams } from '../../state/entities';
import { routeError, startNavigation } from '../../state/navigation';
import { closeTopmost, dialog, drawerOpen, searchTerms, threadRootId } from '../../state/view';
import { ChannelView } from '../messages/ChannelView';
import { ThreadPanel } from '../messages/ThreadPanel';
import { ConnectionBanner } from './ConnectionBanner';
import { Dialogs } from './Dialogs';
import { NoTeam } from './NoTeam';
import { SearchPanel } from './SearchPanel';
import { Sidebar } from './Sidebar';
import { TeamBar } from './TeamBar';
import { startTitleAndAlerts } from './alerts';
import './shell.css';

function onKey(e: KeyboardEvent): void {
  if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
    e.preventDefault();
    dialog.value = dialog.value?.kind === 'switcher' ? null : { kind: 'switcher' };
  } else if (e.key === 'Escape' && !e.defaultPrevented) {
    if (closeTopmost()) e.preventDefault();
  }
}

export function Shell() {
  useEffect(() => {
    const stopNavigation = startNavigation();
    const stopAlerts = startTitleAndAlerts();
    addEventListener('keydown', onKey);
    return () => {
      stopNavigation();
      stopAlerts();
      removeEventListener('keydown', onKey);
    };
  }, []);

  if (Object.keys(teams.value).length === 0) return <NoTeam />;
  const channel = currentChannel.value;
  const side = threadRootId.value ? 'thread' : searchTerms.value ? 'search' : '';
  return (
    <div class={`shell${drawerOpen.value ? ' drawer-open' : ''}${side ? ` side-open side-${side}` : ''}`}>
      <div class="nav">
        <TeamBar />
        <Sidebar />
      </div>
      <button class="drawer-scrim" aria-label="Close menu" tabIndex={-1} onClick={() => (drawerOpen.value = false)} />
      <main class="center" aria-label="Channel">
        <ConnectionBanner />
        {routeError.value ? <p class="center-message error" role="alert">{routeError.value}</p> : channel ? <ChannelView channel={channel} /> : <div class="center-message muted">Loading…</div>}
      </main>
      {side === 'thread' && <ThreadPanel rootId={threadRootId.value} />}
      {side === 'search' && <SearchPanel terms={searchTerms.value} />}
      <Dialogs />
    </div>
  );
}
