import { render } from 'preact';
import { describe, expect, it } from 'vitest';

import { QrCode } from './QrCode';
import { qrRuns } from './qr';

const qr = (rows: string[]) => ({ size: rows.length, modules: rows.join('').split('').map((c) => c === '#') });

describe('QR codes', () => {
  it('draws each dark run of a row as one rectangle', () => {
    expect(qrRuns(qr(['##.', '.#.', '###']))).toEqual([
      { x: 0, y: 0, width: 2 },
      { x: 1, y: 1, width: 1 },
      { x: 0, y: 2, width: 3 },
    ]);
    expect(qrRuns(qr(['...', '...', '...']))).toEqual([]);
    // A run reaching the right edge ends there, not in the next row.
    expect(qrRuns(qr(['.##', '##.', '...']))).toEqual([
      { x: 1, y: 0, width: 2 },
      { x: 0, y: 1, width: 2 },
    ]);
  });

  it('renders SVG rectangles inside a light square with the quiet zone, named for screen readers', () => {
    const host = document.createElement('div');
    render(<QrCode qr={qr(['#.#', '...', '##.'])} label="QR code of https://hearth.local" />, host);
    const svg = host.querySelector('svg')!;
    expect(svg.getAttribute('viewBox')).toBe('-4 -4 11 11');
    expect(svg.getAttribute('aria-label')).toBe('QR code of https://hearth.local');
    expect(host.querySelectorAll('rect.qr-dark')).toHaveLength(3);
    expect(host.querySelector('rect.qr-light')?.getAttribute('width')).toBe('11');
    expect(host.innerHTML).not.toContain('<script');
  });
});
