import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const __dirname = dirname(fileURLToPath(import.meta.url));

// The front end: built into dist/web, which the api serves at `/` (no second server in production).
export default defineConfig({
  root: __dirname,
  resolve: { alias: { '@libs': resolve(__dirname, '../../libs') } },
  build: { outDir: resolve(__dirname, '../../dist/web'), emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 3000 },
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
      '/socket.io': { target: 'http://localhost:3000', ws: true },
    },
  },
});
