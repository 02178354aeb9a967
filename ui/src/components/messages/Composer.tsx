// Writing a post or a reply: a textarea that grows, Enter sends and Shift+Enter breaks the line,
// autocomplete for @people, ~channels and :emoji:, "typing" signals to others, files by button or
// paste, a draft kept per channel and thread, and the Up arrow to edit your last post.

import { useSignal } from '@preact/signals';
import { useEffect, useId, useLayoutEffect, useRef } from 'preact/hooks';

import type { Channel, Post } from '../../api/types';
import { channelTitle } from '../../state/entities';
import { createPost } from '../../state/posts';
import { me, sendAction } from '../../state/session';
import type { Attachments } from '../files/attachments';
import { draftKey, drafts, setDraft, startEditing } from './compose';
import { applyCompletion, findTrigger, type Trigger } from './completion';
import { fitHeight } from './fitHeight';
import { optionId, SuggestionList, useSuggestions, type Suggestion } from './Suggestions';
import { AttachIcon, SendIcon } from '../common/icons';
import './composer.css';

/** Others see "typing" for a few seconds after each signal; one every 3 s keeps it up. */
const TYPING_EVERY_MS = 3_000;

interface Props {
  channel: Channel;
  rootId?: string;
  files: Attachments;
  /** The post the Up arrow edits when the box is empty. */
  lastOwnPost: () => Post | undefined;
  autoFocus?: boolean;
}

export function Composer({ channel, rootId = '', files, lastOwnPost, autoFocus = false }: Props) {
  const key = draftKey(channel.id, rootId);
  const text = drafts.value[key] ?? '';
  const trigger = useSignal<Trigger | null>(null);
  const active = useSignal(0);
  const error = useSignal('');
  const sending = useSignal(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const lastTyping = useRef(0);
  const listId = useId();
  const suggestions = useSuggestions(trigger.value, channel);
  const open = suggestions.length > 0;
  const selected = Math.min(active.value, suggestions.length - 1);

  useLayoutEffect(() => {
    if (area.current) fitHeight(area.current);
  }, [text]);
  useEffect(() => {
    if (autoFocus) area.current?.focus();
  }, []);

  function updateTrigger(target: HTMLTextAreaElement) {
    const next = target.selectionStart === target.selectionEnd ? findTrigger(target.value, target.selectionStart) : null;
    if (next?.kind !== trigger.value?.kind || next?.term !== trigger.value?.term) active.value = 0;
    trigger.value = next;
  }

  function signalTyping() {
    const now = Date.now();
    if (now - lastTyping.current < TYPING_EVERY_MS) return;
    lastTyping.current = now;
    sendAction('user_typing', { channel_id: channel.id, parent_id: rootId });
  }

  function pick(item: Suggestion) {
    const target = area.current;
    const t = trigger.value;
    if (!target || !t) return;
    const done = applyCompletion(target.value, target.selectionStart, t, item.insert);
    // Written to the element at once, so the caret is in place before the next keystroke.
    target.value = done.text;
    target.setSelectionRange(done.caret, done.caret);
    setDraft(key, done.text);
    trigger.value = null;
  }

  async function send() {
    const message = text.trim();
    if (sending.value || (!message && files.fileIds.length === 0)) return;
    if (files.uploading) {
      error.value = 'Wait for the files to finish uploading.';
      return;
    }
    sending.value = true;
    error.value = '';
    const fileIds = files.fileIds;
    setDraft(key, '');
    files.clear();
    // The post ends this bout of typing; the next keystroke starts a new one at once.
    lastTyping.current = 0;
    try {
      await createPost({ channel_id: channel.id, message, root_id: rootId, file_ids: fileIds }, me.value?.id ?? '');
    } catch (e) {
      // Give the text back so nothing typed is lost; the files stay uploaded but must be re-added.
      if (!drafts.value[key]) setDraft(key, text);
      error.value = `Not sent. ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      sending.value = false;
    }
  }

  function onKeyDown(e: KeyboardEvent) {
    if (e.isComposing) return;
    if (open) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const step = e.key === 'ArrowDown' ? 1 : -1;
        active.value = (selected + step + suggestions.length) % suggestions.length;
        return;
      }
      if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Tab') {
        e.preventDefault();
        const item = suggestions[selected];
        if (item) pick(item);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        trigger.value = null;
        return;
      }
    }
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      void send();
    } else if (e.key === 'ArrowUp' && !text) {
      const last = lastOwnPost();
      if (last) {
        e.preventDefault();
        startEditing(last.id, area.current);
      }
    }
  }

  const where = rootId ? 'Reply to the thread' : `Write to ${channel.type === 'D' || channel.type === 'G' ? '' : '~'}${channelTitle(channel, me.value?.id ?? '')}`;
  return (
    <div class="composer">
      {files.tray}
      {open && <SuggestionList id={listId} items={suggestions} active={selected} onPick={pick} onHover={(i) => (active.value = i)} />}
      <div class="composer-box">
        <button type="button" class="icon-btn composer-attach" aria-label="Attach files" title="Attach files" onClick={() => picker.current?.click()}>
          <AttachIcon />
        </button>
        <input
          ref={picker}
          type="file"
          multiple
          hidden
          onChange={(e) => {
            const chosen = [...(e.currentTarget.files ?? [])];
            e.currentTarget.value = '';
            if (chosen.length) files.attach(chosen);
            area.current?.focus();
          }}
        />
        <textarea
          ref={area}
          class="composer-input"
          rows={1}
          placeholder={where}
          aria-label={where}
          // A textarea may only be a textbox (ARIA in HTML), so it is the combobox pattern minus the
          // role: the list it controls and the active option are announced through these.
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={open ? listId : undefined}
          aria-activedescendant={open ? optionId(listId, selected) : undefined}
          value={text}
          onInput={(e) => {
            setDraft(key, e.currentTarget.value);
            // A failed send's message goes once the text is being changed or sent again.
            error.value = '';
            updateTrigger(e.currentTarget);
            if (e.currentTarget.value) signalTyping();
          }}
          onKeyDown={onKeyDown}
          onKeyUp={(e) => (e.key === 'ArrowLeft' || e.key === 'ArrowRight' || e.key === 'Home' || e.key === 'End') && updateTrigger(e.currentTarget)}
          onClick={(e) => updateTrigger(e.currentTarget)}
          onBlur={() => (trigger.value = null)}
          onPaste={(e) => {
            const pasted = [...(e.clipboardData?.files ?? [])];
            if (pasted.length === 0) return;
            e.preventDefault();
            files.attach(pasted);
          }}
        />
        <button
          type="button"
          class="icon-btn composer-send"
          aria-label={files.uploading ? 'Send (waiting for uploads)' : 'Send'}
          title="Send"
          disabled={sending.value || files.uploading || (!text.trim() && files.fileIds.length === 0)}
          onClick={() => void send()}
        >
          <SendIcon />
        </button>
      </div>
      {error.value && (
        <p class="error composer-error" role="alert">
          {error.value}
        </p>
      )}
    </div>
  );
}
