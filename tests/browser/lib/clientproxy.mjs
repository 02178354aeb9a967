// HEARTH_UI_DIST: try a client build that the server does not have yet (a branch's
// `vite build --outDir DIR`). A small local web server serves the client from DIR and passes
// /api, WebSocket included, through to hearth untouched, so the pages talk to the real server as
// if it served them.

import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { connect } from 'node:net';
import { extname, join } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** Starts the proxy in front of hearth's `port`; resolves to its URL and a way to close it. */
export function startClientProxy(dir, port) {
  const server = createServer((req, res) => {
    if (req.url.startsWith('/api/')) {
      // No connection reuse: after a server restart an old socket would fail one request.
      const upstream = request({ host: '127.0.0.1', port, path: req.url, method: req.method, headers: req.headers, agent: false }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.writeHead(502).end());
      req.pipe(upstream);
      return;
    }
    const pathname = decodeURIComponent(new URL(req.url, 'http://proxy').pathname);
    let file = join(dir, pathname);
    if (pathname === '/' || !existsSync(file) || !statSync(file).isFile()) {
      if (pathname.split('/').pop().includes('.')) return res.writeHead(404).end();
      file = join(dir, 'index.html');
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  server.on('upgrade', (req, socket, head) => {
    const upstream = connect(port, '127.0.0.1', () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      upstream.write(head);
      socket.pipe(upstream).pipe(socket);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() });
    });
  });
}
