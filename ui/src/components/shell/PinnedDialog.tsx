// The open channel's pinned messages; choosing one shows it in the channel.

import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';

import { get } from '../../api/client';
import type { Channel, Post, PostList } from '../../api/types';
import { ensureUsers } from '../../state/entities';
import { showPost } from '../../state/navigation';
import { dialog } from '../../state/view';
import { Modal } from '../common/Modal';
import { PostHit } from './PostHit';

const close = () => (dialog.value = null);

export function PinnedDialog({ channel }: { channel: Channel }) {
  const pinned = useSignal<Post[] | null>(null);
  const error = useSignal('');

  useEffect(() => {
    get<PostList>(`/channels/${channel.id}/pinned`)
      .then((list) => {
        const found = list.order.map((id) => list.posts[id]).filter((p): p is Post => !!p && !p.delete_at);
        void ensureUsers(found.map((p) => p.user_id));
        pinned.value = found.sort((a, b) => b.create_at - a.create_at);
      })
      .catch((e: unknown) => (error.value = e instanceof Error ? e.message : String(e)));
  }, [channel.id]);

  return (
    <Modal title="Pinned messages" onClose={close}>
      <div class="modal-body">
        {error.value && <p class="error" role="alert">{error.value}</p>}
        {pinned.value === null && !error.value && <p class="muted">Loading…</p>}
        {pinned.value?.length === 0 && <p class="muted">Nothing is pinned here yet. Pin a message from its menu to keep it at hand.</p>}
        <ul class="hit-list">
          {pinned.value?.map((p) => (
            <li key={p.id}>
              <PostHit
                post={p}
                onOpen={() => {
                  close();
                  showPost(p);
                }}
              />
            </li>
          ))}
        </ul>
      </div>
    </Modal>
  );
}
