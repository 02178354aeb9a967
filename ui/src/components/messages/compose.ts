// What the reader is doing in the messages area: a draft per channel and thread (kept while they
// switch away), the post being edited in place, and on touch screens the post tapped to show its
// actions, and the post a link pointed at.

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

/** On touch screens, where nothing hovers, the post whose actions show after a tap. */
export const selectedPostId = signal('');

/** Whether the screen has no hover, so actions show on tap instead. */
export function touchOnly(): boolean {
  return matchMedia('(hover: none)').matches;
}

/** A post lit up for a moment: a permalink's or search hit's target (a root or a reply). */
export const highlightedPostId = signal('');
const HIGHLIGHT_MS = 4_000;
let highlightTimer: ReturnType<typeof setTimeout> | undefined;

export function highlightPost(postId: string): void {
  highlightedPostId.value = postId;
  clearTimeout(highlightTimer);
  highlightTimer = setTimeout(() => (highlightedPostId.value = ''), HIGHLIGHT_MS);
}
