// What can be done with a post: react, reply, edit and delete your own, pin, copy its link. On a
// desktop a small bar shows on hover or focus; on touch screens only the "…" button shows, and
// its menu holds every action.

import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';

import type { Post } from '../../api/types';
import { currentTeam } from '../../state/entities';
import { deletePost, setPinned } from '../../state/posts';
import { paths } from '../../state/router';
import { me } from '../../state/session';
import { openThread } from '../../state/view';
import { startEditing } from './compose';
import { EmojiPicker } from './EmojiPicker';
import { reportFailure, showNotice } from './Notice';
import { Popover } from './Popover';
import { addReaction } from './Reactions';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { MoreIcon, ReplyIcon, SmileIcon } from '../common/icons';

type Open = { kind: 'menu' | 'picker'; anchor: HTMLElement } | null;

async function copyLink(post: Post): Promise<void> {
  const team = currentTeam.value?.name ?? '';
  await navigator.clipboard.writeText(location.origin + paths.permalink(team, post.id));
  showNotice('Link copied.');
}

/** A vertical menu: arrow keys move between items, the first one takes focus on opening. */
function ActionMenu({ items }: { items: { label: string; danger?: boolean; run: () => void }[] }) {
  const ref = useRef<HTMLUListElement>(null);
  useEffect(() => ref.current?.querySelector('button')?.focus(), []);
  function onKeyDown(e: KeyboardEvent) {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const buttons = [...(ref.current?.querySelectorAll('button') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = (at + (e.key === 'ArrowDown' ? 1 : -1) + buttons.length) % buttons.length;
    buttons[next]?.focus();
  }
  return (
    <ul ref={ref} class="action-menu" role="menu" aria-label="Message actions" onKeyDown={onKeyDown}>
      {items.map((item) => (
        <li key={item.label} role="none">
          <button type="button" role="menuitem" class={item.danger ? 'danger' : ''} onClick={item.run}>
            {item.label}
          </button>
        </li>
      ))}
    </ul>
  );
}

export function PostActions({ post, inThread }: { post: Post; inThread: boolean }) {
  const open = useSignal<Open>(null);
  const confirming = useSignal(false);
  const more = useRef<HTMLButtonElement>(null);
  const mine = post.user_id === me.value?.id;
  const close = () => (open.value = null);
  const reply = () => openThread(post.root_id || post.id);
  const canReply = !inThread;

  /** A menu item's action: the menu closes first. */
  const closing = (action: () => void) => () => {
    close();
    action();
  };
  const items = [
    { label: 'Add reaction', run: () => more.current && (open.value = { kind: 'picker', anchor: more.current }) },
    ...(canReply ? [{ label: 'Reply', run: closing(reply) }] : []),
    ...(mine ? [{ label: 'Edit', run: closing(() => startEditing(post.id, more.current)) }] : []),
    {
      label: post.is_pinned ? 'Unpin from channel' : 'Pin to channel',
      run: closing(() => void setPinned(post.id, !post.is_pinned).catch(reportFailure('Could not change the pin'))),
    },
    { label: 'Copy link', run: closing(() => void copyLink(post).catch(reportFailure('Could not copy the link'))) },
    ...(mine ? [{ label: 'Delete', danger: true, run: closing(() => (confirming.value = true)) }] : []),
  ];

  return (
    <div class={`post-actions${open.value ? ' open' : ''}`}>
      <button
        type="button"
        class="icon-btn pa-quick"
        aria-label="Add reaction"
        title="Add reaction"
        onClick={(e) => (open.value = { kind: 'picker', anchor: e.currentTarget })}
      >
        <SmileIcon />
      </button>
      {canReply && (
        <button type="button" class="icon-btn pa-quick" aria-label="Reply" title="Reply" onClick={reply}>
          <ReplyIcon />
        </button>
      )}
      <button
        ref={more}
        type="button"
        class="icon-btn pa-more"
        aria-label="More actions"
        title="More actions"
        aria-haspopup="menu"
        aria-expanded={open.value?.kind === 'menu'}
        onClick={(e) => (open.value = open.value ? null : { kind: 'menu', anchor: e.currentTarget })}
      >
        <MoreIcon />
      </button>
      {open.value && (
        <Popover anchor={open.value.anchor} label={open.value.kind === 'menu' ? 'Message actions' : 'Add a reaction'} onClose={close}>
          {open.value.kind === 'menu' ? (
            <ActionMenu items={items} />
          ) : (
            <EmojiPicker
              onPick={(name) => {
                open.value?.anchor.focus();
                close();
                addReaction(post, name);
              }}
            />
          )}
        </Popover>
      )}
      {confirming.value && (
        <ConfirmDialog
          title="Delete message"
          confirmLabel="Delete"
          danger
          onClose={() => (confirming.value = false)}
          onConfirm={() => deletePost(post.id)}
        >
          <p>Delete this message{post.reply_count ? ` and its ${post.reply_count} replies` : ''}? This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
