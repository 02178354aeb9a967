// Files in the chat, as the composer and the message list use them: `useAttachments` uploads the
// files added to a draft and shows them in a tray; `PostFiles` shows the files under a post.
// The work lives in draft.ts (state), upload.ts (transfer), Tray.tsx, PostFiles.tsx, Viewer.tsx.

import { useEffect, useMemo } from 'preact/hooks';
import type { JSX } from 'preact';

import { config } from '../../state/session';
import { Draft, isActive } from './draft';
import { Tray } from './Tray';
import { xhrTransport } from './xhr';

export { PostFiles } from './PostFiles';

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

/** `MaxFileSize` from the client config, in bytes; 0 when the server does not say. */
function maxFileSize(): number {
  const value = Number(config.value.MaxFileSize);
  return Number.isFinite(value) && value > 0 ? value : 0;
}

/** The files of this composer's draft in `channelId`. Each channel keeps its own, so files
 * attached in one channel never go out with a post in another. */
export function useAttachments(channelId: string): Attachments {
  const draft = useMemo(() => new Draft({ transport: xhrTransport, maxFileSize }), []);
  // A composer that goes away stops its uploads and frees its local previews.
  useEffect(() => () => draft.clear(), [draft]);
  const files = draft.of(channelId);
  return {
    attach: (list) => draft.attach(list, channelId),
    fileIds: files.flatMap((f) => (f.status.value === 'done' && f.info ? [f.info.id] : [])),
    uploading: files.some(isActive),
    tray: files.length ? <Tray draft={draft} channelId={channelId} /> : null,
    clear: () => draft.clear(channelId),
  };
}
