// Files attached to a draft (upload as they are added) and files shown under a post.

import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';

import { post, urls } from '../../api/client';
import type { FileInfo, Post } from '../../api/types';

export interface Attachments {
  /** Starts uploading `files` into the draft. */
  attach: (files: File[]) => void;
  /** Ids of the files that finished uploading, to send with the post. */
  fileIds: string[];
  /** Some upload is still running: the post must wait. */
  uploading: boolean;
  /** The row of attached files with progress, shown above the composer. */
  tray: JSX.Element | null;
  clear: () => void;
}

export function useAttachments(channelId: string): Attachments {
  const done = useSignal<FileInfo[]>([]);
  const running = useSignal(0);
  return {
    attach(files) {
      for (const file of files) {
        const form = new FormData();
        form.append('channel_id', channelId);
        form.append('files', file, file.name);
        running.value++;
        post<{ file_infos: FileInfo[] }>('/files', form)
          .then((r) => (done.value = [...done.value, ...r.file_infos]))
          .finally(() => running.value--);
      }
    },
    fileIds: done.value.map((f) => f.id),
    uploading: running.value > 0,
    tray: done.value.length ? <ul class="attachments">{done.value.map((f) => <li key={f.id}>{f.name}</li>)}</ul> : null,
    clear() {
      done.value = [];
    },
  };
}

export function PostFiles({ post: p }: { post: Post }) {
  const files = p.metadata?.files ?? [];
  if (files.length === 0) return null;
  return (
    <ul class="post-files">
      {files.map((f) => (
        <li key={f.id}>
          <a href={urls.download(f.id)}>{f.name}</a>
        </li>
      ))}
    </ul>
  );
}
