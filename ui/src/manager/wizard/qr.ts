// A QR code's module matrix (from the Rust side) as the rectangles an SVG draws: each run of
// dark modules in a row is one rectangle, so a 41x41 code is a few hundred elements, not 1,681.

import type { Qr } from '../types';

export interface QrRun {
  x: number;
  y: number;
  width: number;
}

/** The dark runs of each row, top to bottom, left to right. A matrix shorter than `size`²
 * draws what it has. */
export function qrRuns(qr: Qr): QrRun[] {
  const runs: QrRun[] = [];
  for (let y = 0; y < qr.size; y++) {
    let start = -1;
    for (let x = 0; x <= qr.size; x++) {
      const dark = x < qr.size && qr.modules[y * qr.size + x] === true;
      if (dark && start < 0) start = x;
      if (!dark && start >= 0) {
        runs.push({ x: start, y, width: x - start });
        start = -1;
      }
    }
  }
  return runs;
}

/** The light border scanners need around a code, in modules. */
export const QUIET_ZONE = 4;
