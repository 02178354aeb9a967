// The open channel's members, a page at a time, and for those allowed, adding people of the team.

import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';

import type { Channel, User } from '../../api/types';
import { channelTitle, displayName, upsert, users } from '../../state/entities';
import { me } from '../../state/session';
import { dialog } from '../../state/view';
import { addMember, canAddMembers } from './channelActions';
import { Modal } from '../common/Modal';
import { touchOnly } from '../messages/compose';
import { channelMembers, findOutsideChannel, MEMBERS_PAGE } from './people';
import { UserPicker, UserRow } from './UserPicker';

const close = () => (dialog.value = null);

export function MembersDialog({ channel }: { channel: Channel }) {
  const members = useSignal<User[]>([]);
  const page = useSignal(0);
  const hasMore = useSignal(false);
  const loading = useSignal(true);
  const error = useSignal('');
  const notice = useSignal('');

  async function load(next: number) {
    loading.value = true;
    try {
      const found = await channelMembers(channel.id, next);
      upsert(users, found);
      members.value = next === 0 ? found : [...members.value, ...found];
      page.value = next;
      hasMore.value = found.length >= MEMBERS_PAGE;
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    } finally {
      loading.value = false;
    }
  }

  useEffect(() => {
    void load(0);
  }, [channel.id]);

  async function add(user: User) {
    error.value = '';
    try {
      await addMember(channel.id, user.id);
      members.value = [user, ...members.value];
      notice.value = `${displayName(user)} was added.`;
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    }
  }

  const title = channelTitle(channel, me.value?.id ?? '');
  return (
    <Modal title={`Members of ${channel.type === 'G' ? 'this conversation' : title}`} onClose={close}>
      <div class="modal-body">
        {canAddMembers(channel) && (
          <section class="dialog-section">
            {/* Not on touch screens: the on-screen keyboard would cover the list people came to see. */}
            <UserPicker label="Add people to the channel" autoFocus={!touchOnly()} find={(term) => findOutsideChannel(channel.team_id, channel.id, term)} exclude={new Set(members.value.map((u) => u.id))} onPick={(u) => void add(u)} />
            <p class="success" role="status">
              {notice.value}
            </p>
          </section>
        )}
        {error.value && <p class="error" role="alert">{error.value}</p>}
        <h3 class="list-title">
          {members.value.length}
          {hasMore.value ? '+' : ''} {members.value.length === 1 ? 'member' : 'members'}
        </h3>
        <ul class="row-list">
          {members.value.map((u) => (
            <li key={u.id} class="row">
              <UserRow user={u} />
            </li>
          ))}
        </ul>
        {hasMore.value && (
          <button class="btn more-btn" disabled={loading.value} onClick={() => void load(page.value + 1)}>
            {loading.value ? 'Loading…' : 'Show more'}
          </button>
        )}
      </div>
    </Modal>
  );
}
