import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { worldLand } from './worldLand.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

// The embeddable widgets: one small classic script, no React, served by the hub at /widgets/amity-widgets.js.
export default defineConfig({
  root: path.join(here, 'widgets'),
  publicDir: false,
  plugins: [worldLand()],
  build: {
    outDir: path.join(here, 'dist-widgets'),
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2020',
    lib: { entry: path.join(here, 'widgets/main.ts'), formats: ['iife'], name: 'AmityWidgets', fileName: () => 'amity-widgets.js' },
  },
});
