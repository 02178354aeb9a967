// Files to upload, made on the spot in a temporary directory (never committed): a PNG picture
// drawn without any image library, and a large file of the size asked for.

import { mkdtempSync, openSync, closeSync, ftruncateSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A `width`×`height` RGB PNG: a warm diagonal gradient with a dark band, easy to spot. */
export function png(width, height) {
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const band = Math.abs(y - height / 2) < height / 10;
      row[1 + x * 3] = band ? 40 : 255;
      row[2 + x * 3] = band ? 50 : Math.round((160 * (x + y)) / (width + height));
      row[3 + x * 3] = band ? 90 : 40;
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 2; // RGB
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

/** A temporary directory for one scenario's files, removed by `remove()`. */
export class TempFiles {
  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'hearth-browser-files-'));
  }

  picture(name, width, height) {
    const path = join(this.dir, name);
    writeFileSync(path, png(width, height));
    return path;
  }

  /** A file of `bytes` zero bytes, made sparse so it takes no time or disk to create. */
  large(name, bytes) {
    const path = join(this.dir, name);
    const fd = openSync(path, 'w');
    ftruncateSync(fd, bytes);
    closeSync(fd);
    return path;
  }

  remove() {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
