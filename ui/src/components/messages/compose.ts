// What the reader is writing: a draft per channel and thread (kept while they switch away), and
// which post they are editing in place.

import { signal } from '@preact/signals';

/** Unsent text by `channelId:rootId`. */
export const drafts = signal<Record<string, string>>({});

export function draftKey(channelId: string, rootId = ''): string {
  return `${channelId}:${rootId}`;
}

export function setDraft(key: string, text: string): void {
  if ((drafts.value[key] ?? '') === text) return;
  const next = { ...drafts.value };
  if (text) next[key] = text;
  else delete next[key];
  drafts.value = next;
}

/** The post shown with an inline editor, or ''. */
export const editingPostId = signal('');
let returnFocusTo: HTMLElement | null = null;

/** Opens the inline editor on `postId`; when it closes, focus goes back to `from`. */
export function startEditing(postId: string, from: HTMLElement | null = null): void {
  returnFocusTo = from;
  editingPostId.value = postId;
}

export function stopEditing(): void {
  editingPostId.value = '';
  returnFocusTo?.focus();
  returnFocusTo = null;
}
