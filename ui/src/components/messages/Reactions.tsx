// The row of reactions under a post: each emoji with its count, yours highlighted, a click adds or
// removes yours, and the tooltip says who reacted. A last button opens the picker.

import { useSignal } from '@preact/signals';

import type { Post, Reaction } from '../../api/types';
import { displayName, users } from '../../state/entities';
import { toggleReaction } from '../../state/posts';
import { me } from '../../state/session';
import { emojiFor } from '../../markdown/emoji';
import { EmojiPicker } from './EmojiPicker';
import { Popover } from './Popover';
import { SmileIcon } from '../common/icons';

interface Group {
  name: string;
  userIds: string[];
}

/** Reactions by emoji, in the order each emoji was first used. */
function groupReactions(reactions: Reaction[]): Group[] {
  const groups = new Map<string, Group>();
  for (const r of [...reactions].sort((a, b) => a.create_at - b.create_at)) {
    const group = groups.get(r.emoji_name) ?? { name: r.emoji_name, userIds: [] };
    group.userIds.push(r.user_id);
    groups.set(r.emoji_name, group);
  }
  return [...groups.values()];
}

function whoReacted(group: Group, myId: string): string {
  const names = group.userIds.map((id) => (id === myId ? 'you' : displayName(users.value[id])));
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? '');
  return `${list.charAt(0).toUpperCase()}${list.slice(1)} reacted with :${group.name}:`;
}

/** Adds or removes your reaction `name`; a failure only reaches the console, since the row
 * shows what the server holds either way. */
function toggle(postId: string, name: string): void {
  const myId = me.value?.id;
  if (myId) toggleReaction(postId, myId, name).catch((e: unknown) => console.warn('reaction failed', e));
}

/** Reacts with `name` from a picker: picking a reaction you already gave keeps it. */
export function addReaction(post: Post, name: string): void {
  const mine = post.metadata?.reactions?.some((r) => r.user_id === me.value?.id && r.emoji_name === name);
  if (!mine) toggle(post.id, name);
}

export function Reactions({ post }: { post: Post }) {
  const pickerAnchor = useSignal<HTMLElement | null>(null);
  const groups = groupReactions(post.metadata?.reactions ?? []);
  if (groups.length === 0) return null;
  const myId = me.value?.id ?? '';
  return (
    <div class="reactions">
      {groups.map((g) => {
        const mine = g.userIds.includes(myId);
        const who = whoReacted(g, myId);
        return (
          <button
            key={g.name}
            type="button"
            class={`reaction${mine ? ' mine' : ''}`}
            title={who}
            aria-label={`${who}. ${mine ? 'Remove your reaction' : 'React with it too'}`}
            aria-pressed={mine}
            onClick={() => toggle(post.id, g.name)}
          >
            <span class="reaction-emoji">{emojiFor(g.name) ?? `:${g.name}:`}</span>
            <span class="reaction-count">{g.userIds.length}</span>
          </button>
        );
      })}
      <button
        type="button"
        class="reaction reaction-add"
        aria-label="Add a reaction"
        title="Add a reaction"
        onClick={(e) => (pickerAnchor.value = pickerAnchor.value ? null : e.currentTarget)}
      >
        <SmileIcon size={16} />
        <span aria-hidden="true">+</span>
      </button>
      {pickerAnchor.value && (
        <Popover anchor={pickerAnchor.value} label="Add a reaction" onClose={() => (pickerAnchor.value = null)}>
          <EmojiPicker
            onPick={(name) => {
              pickerAnchor.value?.focus();
              pickerAnchor.value = null;
              addReaction(post, name);
            }}
          />
        </Popover>
      )}
    </div>
  );
}
