// A QR code drawn from its module matrix as SVG rectangles (one per dark run of a row), on a
// light square with the quiet zone scanners need; dark on light in both themes. The label names
// what it leads to, for screen readers.

import type { Qr } from '../types';
import { QUIET_ZONE, qrRuns } from './qr';

export function QrCode({ qr, label, size = 180 }: { qr: Qr; label: string; size?: number }) {
  const span = qr.size + 2 * QUIET_ZONE;
  return (
    <svg class="qr" width={size} height={size} viewBox={`${-QUIET_ZONE} ${-QUIET_ZONE} ${span} ${span}`} role="img" aria-label={label} shape-rendering="crispEdges">
      <rect class="qr-light" x={-QUIET_ZONE} y={-QUIET_ZONE} width={span} height={span} />
      {qrRuns(qr).map((run) => (
        <rect key={`${run.x},${run.y}`} class="qr-dark" x={run.x} y={run.y} width={run.width} height={1} />
      ))}
    </svg>
  );
}
