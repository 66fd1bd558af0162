import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { worldLand } from './worldLand.ts';

// Served by the hub at /admin under a CSP without inline scripts: the build must emit only external scripts.
export default defineConfig({
  base: '/admin/',
  // worldLand: the dashboard's map, the same land shapes as the widgets' (virtual:world-land).
  plugins: [react(), worldLand()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // No inline module-preload polyfill script, and assets as files rather than data: URLs in scripts.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 4000,
  },
  server: { proxy: { '/graphql': 'http://127.0.0.1:4000' } },
});
