import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

// The console: built into dist/web, which the service serves at / (src/console/serve-console.ts).
export default defineConfig({
  root: here,
  base: '/',
  plugins: [
    vue(),
    // Element Plus components are imported where a template uses them, with their CSS, so the
    // first page carries only what it shows (the console_bundle budget).
    Components({
      resolvers: [ElementPlusResolver({ importStyle: 'css' })],
      dts: 'src/components.d.ts',
      dirs: [],
    }),
  ],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // Hashed files only under /assets/: the service caches them for a year.
    assetsDir: 'assets',
    sourcemap: false,
    chunkSizeWarningLimit: 1000,
  },
  server: {
    // `npm run dev:web` against `npm start` on :3000.
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
