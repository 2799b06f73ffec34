import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import { defineConfig } from 'vite';
import { pagePreloads } from './page-preloads.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));

/** Modules that most pages use (see `common` below). */
const COMMON = new RegExp(
  [
    String.raw`[\\/]web[\\/]src[\\/](format\.ts|composables[\\/]useReference\.ts|components[\\/](StateTag|MoneyText)\.vue)`,
    String.raw`element-plus[\\/](es[\\/]components|theme-chalk)[\\/](el-)?(loading|empty)\b`,
  ].join('|'),
);

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
    pagePreloads(),
  ],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // Hashed files only under /assets/: the service caches them for a year.
    assetsDir: 'assets',
    sourcemap: false,
    chunkSizeWarningLimit: 1000,
    rolldownOptions: {
      output: {
        // Few files on a page's way (rolldown's automatic splitting gave the shell six scripts and
        // two stylesheets, and /reviews eleven more, over the six connections its API requests use).
        codeSplitting: {
          groups: [
            // What index.html loads, in one script and one stylesheet.
            { name: 'shell', tags: ['$initial'], priority: 3 },
            // Small pieces most pages show (loading and empty states, state tags, amounts, times,
            // the reference words): one chunk, not one per piece.
            { name: 'common', test: COMMON, priority: 2 },
            // The queue page (/reviews, console_queue): the page, its tabs and labels.
            {
              name: 'reviews',
              test: /[\\/]web[\\/]src[\\/]pages[\\/]reviews[\\/](ReviewsHome|ReviewsTabs)\.vue/,
              priority: 1,
            },
          ],
        },
      },
    },
  },
  server: {
    // `npm run dev:web` against `npm start` on :3000.
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
