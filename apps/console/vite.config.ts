import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The console's Vite configuration; build.ts passes it to Vite's build API as it is. */
export default defineConfig({
  root: __dirname,
  // Served by the gateway under /console/; client routes fall back to index.html there.
  base: '/console/',
  plugins: [react()],
  resolve: { alias: { '@birth/console-api': resolve(__dirname, '../../libs/contracts/src/console/console-api.ts') } },
  build: {
    // Where the gateway serves it from (apps/gateway/src/console-static).
    outDir: resolve(__dirname, '../../dist/console'),
    emptyOutDir: true,
    // Hashed names under assets/: the gateway caches them as immutable.
    assetsDir: 'assets',
    chunkSizeWarningLimit: 2500,
  },
  logLevel: 'warn',
});
