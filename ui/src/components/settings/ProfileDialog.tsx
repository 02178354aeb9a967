// The profile and settings dialog: a modal with a tab per concern (profile, security, display,
// notifications). Tabs follow the WAI-ARIA tabs pattern: arrow keys move between them.

import { useSignal } from '@preact/signals';
import type { FunctionComponent } from 'preact';

import { DisplayTab } from './DisplayTab';
import { Modal } from '../common/Modal';
import { NotificationsTab } from './NotificationsTab';
import { ProfileTab } from './ProfileTab';
import { SecurityTab } from './SecurityTab';
import './forms.css';
import './settings.css';

const TABS: { id: string; label: string; Panel: FunctionComponent }[] = [
  { id: 'profile', label: 'Profile', Panel: ProfileTab },
  { id: 'security', label: 'Security', Panel: SecurityTab },
  { id: 'display', label: 'Display', Panel: DisplayTab },
  { id: 'notifications', label: 'Notifications', Panel: NotificationsTab },
];

export function ProfileDialog({ tab, onClose }: { tab?: string; onClose: () => void }) {
  const current = useSignal(TABS.some((t) => t.id === tab) ? tab! : 'profile');
  const active = TABS.find((t) => t.id === current.value) ?? TABS[0]!;

  function onTabKey(e: KeyboardEvent) {
    const index = TABS.findIndex((t) => t.id === current.value);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1, Home: -index, End: TABS.length - 1 - index };
    const move = moves[e.key];
    if (move === undefined) return;
    e.preventDefault();
    const next = TABS[(index + move + TABS.length) % TABS.length]!;
    current.value = next.id;
    document.getElementById(`settings-tab-${next.id}`)?.focus();
  }

  return (
    <Modal title="Profile and settings" onClose={onClose} wide>
      <div class="modal-body">
      <div class="settings">
        <div class="settings-tabs" role="tablist" aria-label="Settings" onKeyDown={onTabKey}>
          {TABS.map((t) => (
            <button
              key={t.id}
              id={`settings-tab-${t.id}`}
              type="button"
              role="tab"
              aria-selected={t.id === active.id}
              aria-controls="settings-panel"
              tabIndex={t.id === active.id ? 0 : -1}
              data-autofocus={t.id === active.id ? '' : undefined}
              onClick={() => (current.value = t.id)}
            >
              {t.label}
            </button>
          ))}
        </div>
        <div id="settings-panel" class="settings-panel" role="tabpanel" aria-labelledby={`settings-tab-${active.id}`}>
          <active.Panel key={active.id} />
        </div>
      </div>
      </div>
    </Modal>
  );
}
