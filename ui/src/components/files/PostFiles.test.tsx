import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';

import type { FileInfo, Post } from '../../api/types';
import { PostFiles } from './PostFiles';
import { stepIndex } from './Viewer';

const image = (id: string, name: string): FileInfo => ({ id, name, extension: 'png', mime_type: 'image/png', size: 1000, width: 800, height: 600, has_preview_image: true });
const file = (id: string, name: string, mime: string): FileInfo => ({ id, name, extension: name.split('.').pop() ?? '', mime_type: mime, size: 2048 });

function postWith(files: FileInfo[], order = files.map((f) => f.id)): Post {
  return {
    id: 'p1', create_at: 1, update_at: 1, edit_at: 0, delete_at: 0, is_pinned: false, user_id: 'u', channel_id: 'c', root_id: '', message: '', type: '', props: {},
    file_ids: order,
    metadata: { files },
  };
}

let host: HTMLElement;
function show(p: Post) {
  host = document.createElement('div');
  document.body.append(host);
  act(() => render(<PostFiles post={p} />, host));
}
const key = (target: Element, k: string, shiftKey = false) => {
  const event = new KeyboardEvent('keydown', { key: k, shiftKey, bubbles: true, cancelable: true });
  act(() => void target.dispatchEvent(event));
  return event;
};
const viewer = () => document.querySelector('.viewer');

afterEach(() => {
  act(() => render(null, host));
  host.remove();
});

describe('PostFiles', () => {
  it('shows pictures, players and download cards in the order they were attached', () => {
    show(postWith([file('d', 'notes.pdf', 'application/pdf'), image('a', 'a.png'), file('v', 'clip.mp4', 'video/mp4')], ['a', 'v', 'd']));
    expect(host.querySelector('.post-image img')?.getAttribute('src')).toBe('/api/v4/files/a/preview');
    expect(host.querySelector('.post-image img')?.getAttribute('width')).toBe('400');
    expect(host.querySelector('video')?.getAttribute('src')).toBe('/api/v4/files/v');
    const card = host.querySelector('.file-card');
    expect(card?.textContent).toContain('notes.pdf');
    expect(card?.textContent).toContain('2 KB');
    expect(card?.querySelector('a')?.getAttribute('href')).toBe('/api/v4/files/d?download=1');
  });

  it('falls back to the original, then to a card, when a preview cannot load', () => {
    show(postWith([image('a', 'a.png')]));
    const img = () => host.querySelector('.post-image img');
    act(() => void img()?.dispatchEvent(new Event('error')));
    expect(img()?.getAttribute('src')).toBe('/api/v4/files/a');
    act(() => void img()?.dispatchEvent(new Event('error')));
    expect(img()).toBeNull();
    expect(host.querySelector('.file-card')?.textContent).toContain('a.png');
  });

  it('opens the viewer, steps with the arrow keys, keeps Tab inside and closes on Esc', () => {
    show(postWith([image('a', 'a.png'), image('b', 'b.png'), image('c', 'c.png')]));
    const tiles = host.querySelectorAll<HTMLButtonElement>('.post-image');
    tiles[1]!.focus();
    act(() => tiles[1]!.click());
    const dialog = viewer()!;
    expect(dialog.getAttribute('aria-label')).toBe('b.png (2 of 3)');
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Close viewer');

    key(dialog, 'ArrowRight');
    expect(viewer()?.getAttribute('aria-label')).toBe('c.png (3 of 3)');
    key(dialog, 'ArrowRight');
    expect(viewer()?.getAttribute('aria-label')).toBe('a.png (1 of 3)');
    expect(viewer()?.querySelector('img')?.getAttribute('src')).toBe('/api/v4/files/a');

    const buttons = [...dialog.querySelectorAll<HTMLElement>('a[href], button')];
    buttons.at(-1)!.focus();
    expect(key(buttons.at(-1)!, 'Tab').defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(buttons[0]);

    // Handled, so the shell's Esc does not close a panel behind the viewer too.
    expect(key(dialog, 'Escape').defaultPrevented).toBe(true);
    expect(viewer()).toBeNull();
    expect(document.activeElement).toBe(tiles[1]);
  });

  it('closes on a click beside the picture, not on it', () => {
    show(postWith([image('a', 'a.png')]));
    act(() => host.querySelector<HTMLButtonElement>('.post-image')!.click());
    act(() => viewer()!.querySelector<HTMLElement>('.viewer-image')!.click());
    expect(viewer()).not.toBeNull();
    act(() => viewer()!.querySelector<HTMLElement>('.viewer-stage')!.click());
    expect(viewer()).toBeNull();
  });
});

describe('stepIndex', () => {
  it('wraps both ways', () => {
    expect(stepIndex(0, -1, 3)).toBe(2);
    expect(stepIndex(2, 1, 3)).toBe(0);
    expect(stepIndex(0, 1, 0)).toBe(0);
  });
});
