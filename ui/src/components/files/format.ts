// How files are described and sized on screen: human-readable byte counts, the kind of a file
// (which decides between a thumbnail, a player or a download card), and the box an image is
// drawn in so it keeps its aspect ratio and the list does not jump when it loads.

import type { FileInfo } from '../../api/types';

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** `1536` → "1.5 KB", `200 * 1024 ** 2` → "200 MB": binary multiples, as file managers show. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  // Number() drops trailing zeros: "2.00 MB" reads as "2 MB".
  return `${Number(value.toFixed(digits))} ${UNITS[unit]}`;
}

export type FileKind = 'image' | 'video' | 'audio' | 'pdf' | 'archive' | 'spreadsheet' | 'presentation' | 'document' | 'code' | 'text' | 'other';

const BY_EXTENSION: Record<string, FileKind> = {
  pdf: 'pdf',
  zip: 'archive', gz: 'archive', tgz: 'archive', bz2: 'archive', xz: 'archive', '7z': 'archive', rar: 'archive', tar: 'archive', zst: 'archive',
  xls: 'spreadsheet', xlsx: 'spreadsheet', ods: 'spreadsheet', csv: 'spreadsheet', tsv: 'spreadsheet', numbers: 'spreadsheet',
  ppt: 'presentation', pptx: 'presentation', odp: 'presentation', key: 'presentation',
  doc: 'document', docx: 'document', odt: 'document', rtf: 'document', pages: 'document',
  js: 'code', ts: 'code', tsx: 'code', jsx: 'code', py: 'code', rs: 'code', go: 'code', java: 'code', c: 'code', h: 'code', cpp: 'code',
  cs: 'code', rb: 'code', php: 'code', sh: 'code', json: 'code', xml: 'code', yaml: 'code', yml: 'code', toml: 'code', sql: 'code', html: 'code', css: 'code',
  txt: 'text', md: 'text', log: 'text',
};

/** What a file is, from its MIME type (sniffed by the server) and then its extension. */
export function fileKind(mime: string, extension: string): FileKind {
  const top = mime.split('/')[0];
  if (top === 'image') return 'image';
  if (top === 'video') return 'video';
  if (top === 'audio') return 'audio';
  if (mime === 'application/pdf') return 'pdf';
  return BY_EXTENSION[extension.toLowerCase()] ?? (top === 'text' ? 'text' : 'other');
}

/** The lower-case extension of a file name, without the dot ("" when it has none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** Image types every browser we support draws in an <img>. */
const DRAWABLE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/bmp', 'image/svg+xml', 'image/x-icon']);
/** Originals larger than this are not loaded just to show a thumbnail. */
export const MAX_ORIGINAL_AS_THUMBNAIL = 20 * 1024 * 1024;

/** Whether a post shows this file as a picture: the server made a preview of it, or the browser
 * can draw the original and it is small enough to load for that. */
export function showsAsImage(file: FileInfo): boolean {
  if (!file.mime_type.startsWith('image/')) return false;
  return !!file.has_preview_image || (DRAWABLE.has(file.mime_type) && file.size <= MAX_ORIGINAL_AS_THUMBNAIL);
}

/** The largest box of `width`×`height`'s shape that fits in `maxWidth`×`maxHeight`, never
 * enlarged; whole pixels, at least 1. */
export function fitWithin(width: number, height: number, maxWidth: number, maxHeight: number): { width: number; height: number } {
  if (width <= 0 || height <= 0) return { width: maxWidth, height: maxHeight };
  const scale = Math.min(1, maxWidth / width, maxHeight / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** The CSS background of the tiny blurred picture the server keeps in FileInfo, shown until the
 * real one arrives. */
export function placeholder(file: FileInfo): string | undefined {
  const data = file.mini_preview;
  // Only base64 goes into the CSS url(): anything else could break out of it.
  return data && /^[A-Za-z0-9+/=]+$/.test(data) ? `url(data:image/jpeg;base64,${data})` : undefined;
}
