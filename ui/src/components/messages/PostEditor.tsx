// Editing a post in place: Enter saves, Shift+Enter makes a new line, Esc cancels.

import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';

import type { Post } from '../../api/types';
import { editPost } from '../../state/posts';
import { stopEditing } from './compose';
import { fitHeight } from './fitHeight';

export function PostEditor({ post }: { post: Post }) {
  const text = useSignal(post.message);
  const error = useSignal('');
  const saving = useSignal(false);
  const ref = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    const area = ref.current;
    if (!area) return;
    area.focus();
    area.setSelectionRange(area.value.length, area.value.length);
    fitHeight(area);
  }, []);

  async function save() {
    const message = text.value.trim();
    if (!message || saving.value) return;
    if (message === post.message) return stopEditing();
    saving.value = true;
    try {
      await editPost(post.id, message);
      stopEditing();
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
      saving.value = false;
    }
  }

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === 'Escape') {
      // Taken here, so the app's Esc does not also close the thread around the editor.
      e.preventDefault();
      stopEditing();
    } else if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      void save();
    }
  }

  return (
    <div class="post-editor">
      <textarea
        ref={ref}
        class="input"
        aria-label="Edit message"
        rows={1}
        value={text.value}
        onInput={(e) => {
          text.value = e.currentTarget.value;
          fitHeight(e.currentTarget);
        }}
        onKeyDown={onKeyDown}
      />
      {error.value && (
        <p class="error" role="alert">
          {error.value}
        </p>
      )}
      <div class="post-editor-actions">
        <span class="muted">Enter to save, Esc to cancel</span>
        <button type="button" class="btn" onClick={stopEditing}>
          Cancel
        </button>
        <button type="button" class="btn btn-primary" disabled={!text.value.trim() || saving.value} onClick={() => void save()}>
          Save
        </button>
      </div>
    </div>
  );
}
