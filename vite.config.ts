/**
 * Vite build of the renderer (React). The output in dist/renderer is loaded by Electron (custom
 * protocol / file://) and served by the loopback web host, so every URL in it is relative (base './').
 *
 * `npx vite` serves the renderer for development; open it with `?fake=1` to run against the in-memory
 * fake station (renderer/src/bridge/fake-station.ts) instead of a real one.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const repoRoot = path.dirname(fileURLToPath(import.meta.url));

/**
 * index.html carries a strict Content-Security-Policy. The dev server needs an inline script (React
 * Fast Refresh preamble) and its own HMR socket, so in `vite` (serve) only, the meta tag is dropped.
 * `vite build` and `vite preview` keep it.
 */
function relaxCspForDevServer(): Plugin {
  return {
    name: 'evidence-station:dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>\s*/i, ''),
  };
}

export default defineConfig({
  root: path.join(repoRoot, 'renderer'),
  base: './',
  plugins: [react(), relaxCspForDevServer()],
  build: {
    outDir: path.join(repoRoot, 'dist/renderer'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    host: '127.0.0.1',
    // The renderer imports the shared contract and label rules from ../electron.
    fs: { allow: [repoRoot] },
  },
  preview: { host: '127.0.0.1' },
});
