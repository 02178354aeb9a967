// Vite builds the client into dist/, which `hearth` embeds (release) or reads from disk (debug).
// `npm run dev` serves it with hot reload and forwards the API and WebSocket to a local hearth.
// A second entry, manager.html, holds Hearth Manager's pages (the Tauri app's webview).
import { fileURLToPath } from 'node:url';

import preact from '@preact/preset-vite';
import { gemoji } from 'gemoji';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/** `virtual:emoji`: gemoji cut down to what the client uses (each emoji and its names), a
 * quarter of the package's size in the bundle. */
function emojiNames(): Plugin {
  const id = 'virtual:emoji';
  return {
    name: 'hearth-emoji-names',
    resolveId: (source) => (source === id ? `\0${id}` : undefined),
    load: (resolved) =>
      resolved === `\0${id}` ? `export default ${JSON.stringify(gemoji.map((g) => [g.emoji, g.names]))};` : undefined,
  };
}

const server = process.env.HEARTH_URL ?? 'http://localhost:8065';

export default defineConfig({
  plugins: [preact(), emojiNames()],
  build: {
    outDir: 'dist',
    sourcemap: false,
    chunkSizeWarningLimit: 900,
    rollupOptions: { input: { main: fileURLToPath(new URL('index.html', import.meta.url)), manager: fileURLToPath(new URL('manager.html', import.meta.url)) } },
  },
  server: {
    proxy: {
      '/api/v4/websocket': { target: server, ws: true },
      '/api': server,
    },
  },
  test: { environment: 'jsdom', include: ['src/**/*.test.ts', 'src/**/*.test.tsx'] },
});
