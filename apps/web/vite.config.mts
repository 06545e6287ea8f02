import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, Plugin } from 'vite';

const __dirname = dirname(fileURLToPath(import.meta.url));

/**
 * Writes `.br` and `.gz` beside each script and style sheet, compressed once at build time at the
 * highest level; the api serves them to browsers that accept them (@fastify/static `preCompressed`).
 */
function precompress(): Plugin {
  return {
    name: 'ledtriage-precompress',
    apply: 'build',
    enforce: 'post',
    // After writing: the files on disk are final (Vite rewrites chunks' preload lists late in generateBundle).
    writeBundle(options, bundle) {
      for (const fileName of Object.keys(bundle)) {
        if (!/\.(js|css)$/.test(fileName)) continue;
        const path = join(options.dir ?? '', fileName);
        const source = readFileSync(path);
        if (source.length < 1024) continue;
        writeFileSync(`${path}.gz`, gzipSync(source, { level: 9 }));
        writeFileSync(`${path}.br`, brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
      }
    },
  };
}

// The front end: built into dist/web, which the api serves at `/` (no second server in production).
// Pages are split by role and livekit-client is its own chunk, loaded only by a LiveKit visit (#17.7);
// the warning limit is set just above that chunk, so a page that grows past it is noticed.
export default defineConfig({
  root: __dirname,
  resolve: { alias: { '@libs': resolve(__dirname, '../../libs') } },
  plugins: [precompress()],
  build: { outDir: resolve(__dirname, '../../dist/web'), emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 600 },
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
      '/socket.io': { target: 'http://localhost:3000', ws: true },
    },
  },
});
