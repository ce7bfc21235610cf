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
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        // Libraries in chunks of their own: they change less often than the app, so a release of
        // the app alone leaves the browser's immutable copies of them in use.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|dayjs|@babel[\\/]runtime)[\\/]/ },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender|tslib)[\\/]/ },
          ],
        },
      },
    },
  },
  logLevel: 'warn',
});
