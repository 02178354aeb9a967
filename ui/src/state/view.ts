// What the reader has open: the thread panel, the phone drawer, a dialog, the post to jump to.

import { signal } from '@preact/signals';

export type Dialog =
  | { kind: 'browse-channels' }
  | { kind: 'new-channel' }
  | { kind: 'new-message' }
  | { kind: 'switcher' }
  | { kind: 'pinned' }
  | { kind: 'members' }
  | { kind: 'invite' }
  | { kind: 'edit-channel' }
  | { kind: 'leave-channel' }
  | { kind: 'profile'; tab?: string };

/** Root post id of the thread shown in the side panel, or '' when closed. */
export const threadRootId = signal('');
/** The phone layout's channel drawer. */
export const drawerOpen = signal(false);
export const dialog = signal<Dialog | null>(null);
/** A post to scroll to and highlight once its channel shows (permalink, search hit). */
export const focusPostId = signal('');
/** Search results panel: the terms searched, or '' when closed. */
export const searchTerms = signal('');

export function openThread(rootId: string): void {
  threadRootId.value = rootId;
  searchTerms.value = '';
}

/** Esc: closes the topmost open thing. Returns whether something was closed. */
export function closeTopmost(): boolean {
  if (dialog.value) dialog.value = null;
  else if (drawerOpen.value) drawerOpen.value = false;
  else if (threadRootId.value) threadRootId.value = '';
  else if (searchTerms.value) searchTerms.value = '';
  else return false;
  return true;
}
