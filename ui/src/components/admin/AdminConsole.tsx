// The admin console for system admins: users, teams, channels, server settings and backups, as a
// full page with its own navigation and a way back to the chat. Others are told they cannot use it.

import type { ComponentChildren, FunctionComponent } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';

import { navigate } from '../../state/router';
import { me } from '../../state/session';
import { BackupsSection } from './BackupsSection';
import { ChannelsSection } from './ChannelsSection';
import { ServerSettings } from './ServerSettings';
import { TeamsSection } from './TeamsSection';
import { UsersSection } from './UsersSection';
import { isSystemAdmin } from './roles';
// Field grids, notes and check boxes, shared with the settings dialog.
import '../settings/forms.css';
import './admin.css';

/** `short` is the phone's navigation label, where they must fit across the screen. */
const SECTIONS: { id: string; label: string; short?: string; Panel: FunctionComponent }[] = [
  { id: 'users', label: 'Users', Panel: UsersSection },
  { id: 'teams', label: 'Teams', Panel: TeamsSection },
  { id: 'channels', label: 'Channels', Panel: ChannelsSection },
  { id: 'settings', label: 'Server settings', short: 'Settings', Panel: ServerSettings },
  { id: 'backups', label: 'Backups', Panel: BackupsSection },
];

/** A label with a shorter form for phones; screen readers always get the long one. */
function Label({ long, short }: { long: string; short: string | undefined }) {
  if (!short) return <>{long}</>;
  return (
    <>
      <span class="admin-long">{long}</span>
      <span class="admin-short" aria-hidden="true">
        {short}
      </span>
    </>
  );
}

/** A link that moves inside the app without reloading the page. */
function AppLink(props: { href: string; class?: string; current?: boolean; label?: string; children: ComponentChildren }) {
  return (
    <a
      href={props.href}
      class={props.class}
      aria-current={props.current ? 'page' : undefined}
      aria-label={props.label}
      onClick={(e) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        navigate(props.href);
      }}
    >
      {props.children}
    </a>
  );
}

export function AdminConsole({ section }: { section: string }) {
  const nav = useRef<HTMLElement>(null);
  // On phones the links are a row that scrolls sideways: the open section's link must be in view.
  // Scrolled by hand, since scrollIntoView() would also move where the Tab key starts from.
  useLayoutEffect(() => {
    const bar = nav.current;
    const link = bar?.querySelector('[aria-current="page"]');
    if (!bar || !link) return;
    const shown = bar.getBoundingClientRect();
    const box = link.getBoundingClientRect();
    if (box.right > shown.right) bar.scrollLeft += box.right - shown.right;
    else if (box.left < shown.left) bar.scrollLeft -= shown.left - box.left;
  }, [section]);
  if (!me.value || !isSystemAdmin(me.value)) {
    return (
      <main class="admin-denied">
        <h1>Admin console</h1>
        <p>You need to be a system admin to open the admin console.</p>
        <AppLink href="/">Back to chat</AppLink>
      </main>
    );
  }
  const active = SECTIONS.find((s) => s.id === section) ?? SECTIONS[0]!;
  return (
    <div class="admin">
      <nav ref={nav} class="admin-nav" aria-label="Admin console">
        <p class="admin-title">Admin console</p>
        <ul>
          {SECTIONS.map((s) => (
            <li key={s.id}>
              <AppLink href={`/admin_console/${s.id}`} current={s.id === active.id} label={s.short && s.label}>
                <Label long={s.label} short={s.short} />
              </AppLink>
            </li>
          ))}
        </ul>
        <AppLink href="/" class="admin-back" label="Back to chat">
          <span aria-hidden="true">←</span>
          <Label long="Back to chat" short="Chat" />
        </AppLink>
      </nav>
      <main class="admin-main" aria-labelledby="admin-heading">
        <h1 id="admin-heading">{active.label}</h1>
        <active.Panel key={active.id} />
      </main>
    </div>
  );
}
