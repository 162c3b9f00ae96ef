import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));

interface BundleChunk {
  type: 'chunk';
  fileName: string;
  isEntry: boolean;
  imports: string[];
  facadeModuleId: string | null;
  viteMetadata?: { importedCss?: Set<string> };
}
interface BundleAsset {
  type: 'asset';
  fileName: string;
}

/**
 * Writes dist/sw.js from src/offline/sw.template.js with the app shell to precache: index.html, the entry chunk and
 * everything it imports, and the chunks of the visit pages (with their CSS), so /visits/mine opens without signal after
 * one online visit. Other chunks are cached by the service worker the first time they are loaded.
 */
function serviceWorker(): Plugin {
  const template = fileURLToPath(new URL('./src/offline/sw.template.js', import.meta.url));
  const shellPages = ['/src/pages/visits/', '/src/offline/'];
  return {
    name: 'doudi-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = Object.values(bundle) as unknown as (BundleChunk | BundleAsset)[];
      const chunks = new Map(files.filter((f): f is BundleChunk => f.type === 'chunk').map((c) => [c.fileName, c]));
      const wanted = new Set<string>();
      const add = (chunk: BundleChunk | undefined) => {
        if (!chunk || wanted.has(chunk.fileName)) return;
        wanted.add(chunk.fileName);
        for (const css of chunk.viteMetadata?.importedCss ?? []) wanted.add(css);
        for (const imported of chunk.imports) add(chunks.get(imported));
      };
      for (const chunk of chunks.values()) {
        const id = chunk.facadeModuleId?.replaceAll('\\', '/') ?? '';
        if (chunk.isEntry || shellPages.some((dir) => id.includes(dir))) add(chunk);
      }
      // Any CSS Vite did not attribute to a chunk (the entry's stylesheet) is part of the shell too.
      for (const file of files) if (file.type === 'asset' && file.fileName.endsWith('.css')) wanted.add(file.fileName);
      const precache = ['/index.html', '/manifest.webmanifest', '/favicon.svg', '/icon-192.png', '/icon-512.png', ...[...wanted].sort().map((f) => `/${f}`)];
      const version = createHash('sha256').update(precache.join('\n')).digest('hex').slice(0, 12);
      const source = readFileSync(template, 'utf8')
        .replace('__DOUDI_SW_VERSION__', version)
        .replace(/\/\*__DOUDI_PRECACHE__\*\/ \[[^\]]*\]/, JSON.stringify(precache));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

export default defineConfig({
  root,
  plugins: [react(), serviceWorker()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
});
