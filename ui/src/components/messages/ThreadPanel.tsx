// The thread side panel: the root post, its replies and a reply composer. Full screen on phones.
// New replies keep it scrolled to the bottom while the reader is there.

import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

import { channelTitle, channels } from '../../state/entities';
import { loadThread, posts, threads } from '../../state/posts';
import { me } from '../../state/session';
import { threadRootId } from '../../state/view';
import { useAttachments } from '../files/attachments';
import { CloseIcon } from '../common/icons';
import { useReturnFocus } from '../common/useReturnFocus';
import { highlightedPostId, selectedPostId, touchOnly } from './compose';
import { Composer } from './Composer';
import { DaySeparator } from './Separators';
import { PostItem } from './PostItem';
import { lastOwnPost, layoutRows } from './rows';
import { TypingLine } from './TypingLine';
import { useHeightChange } from './useHeightChange';
import { useFileDrop } from './useFileDrop';
import './messages.css';

export function ThreadPanel({ rootId }: { rootId: string }) {
  return <ThreadPane key={rootId} rootId={rootId} />;
}

function ThreadPane({ rootId }: { rootId: string }) {
  const root = posts.value[rootId];
  const replyIds = threads.value[rootId];
  const channel = root ? channels.value[root.channel_id] : undefined;
  const files = useAttachments(root?.channel_id ?? '');
  const drop = useFileDrop(files.attach);
  const panel = useRef<HTMLElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const stuck = useRef(true);
  const replies = (replyIds ?? []).flatMap((id) => posts.value[id] ?? []).filter((p) => !p.delete_at);
  // Laid out with the root, so the first reply gets a date line only on a later day; after the
  // "N replies" line it always shows its author.
  const [rootRow, ...rows] = layoutRows(root ? [root, ...replies] : [], null, Date.now());
  if (rows[0]) rows[0] = { ...rows[0], continued: false };
  const close = () => (threadRootId.value = '');

  useReturnFocus(panel);
  // Keyboards start in the reply box; on touch screens that would pop up the on-screen keyboard,
  // so focus goes to the panel's first control, as in a dialog. The post tapped to get here is
  // done with: its actions would otherwise still show on the thread's root.
  useEffect(() => {
    if (!touchOnly()) return;
    selectedPostId.value = '';
    closeButton.current?.focus();
  }, []);

  const [failure, setFailure] = useState('');
  useEffect(() => {
    loadThread(rootId).catch((e: unknown) => setFailure(e instanceof Error ? e.message : String(e)));
  }, [rootId]);
  // Its root deleted (here or by someone else), the thread is gone.
  useEffect(() => {
    if (root?.delete_at) close();
  }, [root?.delete_at]);

  // A link to a reply shows that reply; otherwise the newest replies show.
  const highlighted = highlightedPostId.value;
  const shown = useRef('');
  useLayoutEffect(() => {
    const el = scroller.current;
    const target = highlighted && shown.current !== highlighted ? el?.querySelector('.post.highlight') : null;
    if (target) {
      shown.current = highlighted;
      stuck.current = false;
      target.scrollIntoView({ block: 'center' });
    } else if (el && stuck.current) el.scrollTop = el.scrollHeight;
  });

  // Shorter (the composer grew, the keyboard opened) while read at the bottom: stay there.
  useHeightChange(scroller, () => {
    if (stuck.current && scroller.current) scroller.current.scrollTop = scroller.current.scrollHeight;
  });

  const label = channel ? channelTitle(channel, me.value?.id ?? '') : '';
  return (
    <aside ref={panel} class="side-panel thread" aria-label="Thread" {...drop.handlers}>
      <header class="thread-header">
        <h2>Thread</h2>
        {channel && <span class="thread-channel muted">{channel.type === 'D' || channel.type === 'G' ? label : `~${label}`}</span>}
        <button ref={closeButton} type="button" class="icon-btn thread-close" aria-label="Close thread" title="Close (Esc)" onClick={close}>
          <CloseIcon />
        </button>
      </header>
      <div
        ref={scroller}
        class="thread-scroll"
        role="region"
        tabIndex={0}
        aria-label="Thread messages"
        onScroll={(e) => {
          const el = e.currentTarget;
          stuck.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
        }}
      >
        {!rootRow ? (
          <p class={`center-message ${failure ? 'error' : 'muted'}`} role={failure ? 'alert' : undefined}>
            {failure ? `Could not open the thread: ${failure}` : 'Loading thread…'}
          </p>
        ) : (
          <>
            <DaySeparator label={rootRow.day} />
            <PostItem post={rootRow.post} continued={false} inThread highlighted={false} />
            {replies.length > 0 && (
              <div class="thread-count" role="separator">
                <span>{replies.length === 1 ? '1 reply' : `${replies.length} replies`}</span>
              </div>
            )}
            {rows.map((row) => (
              <div key={row.post.id}>
                <DaySeparator label={row.day} />
                <PostItem post={row.post} continued={row.continued} inThread highlighted={row.post.id === highlighted} />
              </div>
            ))}
          </>
        )}
      </div>
      {channel && (
        <>
          <Composer channel={channel} rootId={rootId} files={files} lastOwnPost={() => lastOwnPost([...(root ? [root] : []), ...replies], me.value?.id ?? '')} autoFocus={!touchOnly()} />
          <TypingLine channelId={channel.id} rootId={rootId} />
        </>
      )}
      {drop.over && (
        <div class="drop-hint" aria-hidden="true">
          Drop files to attach them to your reply
        </div>
      )}
    </aside>
  );
}
