// Vite builds the client into dist/, which `hearth` embeds (release) or reads from disk (debug).
// `npm run dev` serves it with hot reload and forwards the API and WebSocket to a local hearth.
import preact from '@preact/preset-vite';
import { defineConfig } from 'vitest/config';

const server = process.env.HEARTH_URL ?? 'http://localhost:8065';

export default defineConfig({
  plugins: [preact()],
  build: { outDir: 'dist', sourcemap: false, chunkSizeWarningLimit: 900 },
  server: {
    proxy: {
      '/api/v4/websocket': { target: server, ws: true },
      '/api': server,
    },
  },
  test: { environment: 'jsdom', include: ['src/**/*.test.ts', 'src/**/*.test.tsx'] },
});
