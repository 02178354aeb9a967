import { describe, expect, it } from 'vitest';

import type { FileInfo } from '../../api/types';
import { extensionOf, fileKind, fitWithin, formatBytes, placeholder, showsAsImage } from './format';

describe('formatBytes', () => {
  it('reads like a file manager', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(200 * 1024 * 1024)).toBe('200 MB');
    expect(formatBytes(12.345 * 1024 * 1024)).toBe('12.3 MB');
    expect(formatBytes(2 * 1024 ** 3)).toBe('2 GB');
    expect(formatBytes(1.25 * 1024 ** 3)).toBe('1.25 GB');
  });
});

describe('fileKind', () => {
  it('trusts the sniffed type first, then the extension', () => {
    expect(fileKind('image/png', 'png')).toBe('image');
    expect(fileKind('video/mp4', 'bin')).toBe('video');
    expect(fileKind('audio/x-wav', 'wav')).toBe('audio');
    expect(fileKind('application/pdf', '')).toBe('pdf');
    expect(fileKind('application/zip', 'zip')).toBe('archive');
    expect(fileKind('application/octet-stream', 'XLSX')).toBe('spreadsheet');
    expect(fileKind('text/plain', 'weird')).toBe('text');
    expect(fileKind('application/octet-stream', 'bin')).toBe('other');
  });

  it('takes the extension after the last dot only', () => {
    expect(extensionOf('report.final.PDF')).toBe('pdf');
    expect(extensionOf('.bashrc')).toBe('');
    expect(extensionOf('README')).toBe('');
  });
});

describe('showsAsImage', () => {
  const file = (mime: string, size: number, preview = false): FileInfo => ({ id: 'f', name: 'x', extension: '', mime_type: mime, size, has_preview_image: preview });

  it('shows images with a server preview, and small ones the browser can draw', () => {
    expect(showsAsImage(file('image/jpeg', 40e6, true))).toBe(true);
    expect(showsAsImage(file('image/svg+xml', 2000))).toBe(true);
    expect(showsAsImage(file('image/png', 60e6))).toBe(false);
    expect(showsAsImage(file('image/tiff', 2000))).toBe(false);
    expect(showsAsImage(file('video/mp4', 2000))).toBe(false);
  });
});

describe('fitWithin', () => {
  it('keeps the aspect ratio and never enlarges', () => {
    expect(fitWithin(4000, 3000, 400, 300)).toEqual({ width: 400, height: 300 });
    expect(fitWithin(1000, 4000, 400, 300)).toEqual({ width: 75, height: 300 });
    expect(fitWithin(120, 80, 400, 300)).toEqual({ width: 120, height: 80 });
    expect(fitWithin(10000, 1, 400, 300)).toEqual({ width: 400, height: 1 });
  });

  it('uses the whole box when the size is unknown', () => {
    expect(fitWithin(0, 0, 400, 300)).toEqual({ width: 400, height: 300 });
  });
});

describe('placeholder', () => {
  const file = (mini: string | null): FileInfo => ({ id: 'f', name: 'x', extension: '', mime_type: 'image/png', size: 1, mini_preview: mini });

  it('draws base64 only', () => {
    expect(placeholder(file('/9j/4AA+Q=='))).toBe('url(data:image/jpeg;base64,/9j/4AA+Q==)');
    expect(placeholder(file('abc);background:url(http://evil'))).toBeUndefined();
    expect(placeholder(file(null))).toBeUndefined();
  });
});
