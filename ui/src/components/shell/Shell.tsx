// The signed-in layout: team bar, channel sidebar (a drawer on phones), the open channel, and the
// thread or search panel on the right. Owns the global keyboard shortcuts: Ctrl/Cmd+K opens the
// switcher, Esc closes the topmost panel, Alt+Up/Down moves through the channels (with Shift,
// through the unread ones).

import { useEffect } from 'preact/hooks';

import { currentChannel, currentTeam, loadStatuses, teams } from '../../state/entities';
import { routeError, startNavigation } from '../../state/navigation';
import { navigate, paths } from '../../state/router';
import { me, socketState } from '../../state/session';
import { closeTopmost, dialog, drawerOpen, searchTerms, threadRootId } from '../../state/view';
import { ChannelView } from '../messages/ChannelView';
import { ThreadPanel } from '../messages/ThreadPanel';
import { startTitleAndAlerts } from './alerts';
import { ConnectionBanner } from './ConnectionBanner';
import { Dialogs } from './Dialogs';
import { NotificationPrompt } from './NotificationPrompt';
import { NoTeam } from './NoTeam';
import { SearchPanel } from './SearchPanel';
import { Sidebar } from './Sidebar';
import { adjacentChannel } from './sidebarOrder';
import { TeamBar } from './TeamBar';
import './shell.css';

const phone = matchMedia('(max-width: 640px)');

function onKey(e: KeyboardEvent): void {
  if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') {
    e.preventDefault();
    dialog.value = dialog.value?.kind === 'switcher' ? null : { kind: 'switcher' };
  } else if (e.key === 'Escape' && !e.defaultPrevented) {
    if (closeTopmost()) e.preventDefault();
  } else if (e.altKey && !e.ctrlKey && !e.metaKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown') && !dialog.value) {
    const next = adjacentChannel(e.key === 'ArrowUp' ? -1 : 1, e.shiftKey);
    const team = currentTeam.value;
    if (!next || !team) return;
    e.preventDefault();
    navigate(paths.channel(team.name, next.name));
  }
}

/** The drawer belongs to the phone layout: growing the window past it closes the drawer. */
function onLayoutChange(): void {
  if (!phone.matches) drawerOpen.value = false;
}

export function Shell() {
  useEffect(() => {
    const stopNavigation = startNavigation();
    const stopAlerts = startTitleAndAlerts();
    addEventListener('keydown', onKey);
    phone.addEventListener('change', onLayoutChange);
    return () => {
      stopNavigation();
      stopAlerts();
      removeEventListener('keydown', onKey);
      phone.removeEventListener('change', onLayoutChange);
    };
  }, []);

  // The server marks the user online when the socket connects: read the status after that.
  useEffect(() => {
    if (socketState.value === 'open' && me.value) loadStatuses([me.value.id]).catch(() => {});
  }, [socketState.value]);

  // Moves focus into the drawer when it opens, and back to its button when it closes.
  useEffect(() => {
    if (drawerOpen.value) document.querySelector<HTMLElement>('.nav .ch-link.active, .nav .ch-link')?.focus();
    else if (phone.matches && document.activeElement?.closest('.nav')) document.querySelector<HTMLElement>('.drawer-btn')?.focus();
  }, [drawerOpen.value]);

  if (Object.keys(teams.value).length === 0) return <NoTeam />;
  const channel = currentChannel.value;
  const side = threadRootId.value ? 'thread' : searchTerms.value ? 'search' : '';
  const behindDrawer = drawerOpen.value;
  return (
    <div class={`shell${drawerOpen.value ? ' drawer-open' : ''}${side ? ` side-open side-${side}` : ''}`}>
      <div class="nav" role={drawerOpen.value ? 'dialog' : undefined} aria-modal={drawerOpen.value || undefined} aria-label={drawerOpen.value ? 'Channels' : undefined}>
        <TeamBar />
        <Sidebar />
      </div>
      <button class="drawer-scrim" aria-label="Close channel list" tabIndex={-1} onClick={() => (drawerOpen.value = false)} />
      <main class="center" aria-label="Channel" inert={behindDrawer}>
        <ConnectionBanner />
        <NotificationPrompt />
        {routeError.value ? (
          <p class="center-message error" role="alert">
            {routeError.value}
          </p>
        ) : channel ? (
          <ChannelView channel={channel} />
        ) : (
          <div class="center-message muted">Loading…</div>
        )}
      </main>
      {side === 'thread' && <ThreadPanel rootId={threadRootId.value} />}
      {side === 'search' && <SearchPanel terms={searchTerms.value} />}
      <Dialogs />
    </div>
  );
}
