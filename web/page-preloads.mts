import type { Plugin } from 'vite';

/** Where the service finds the list (dist/web/page-preloads.json; src/console/page-preloads.ts). */
export const PAGE_PRELOADS_FILE = 'page-preloads.json';

/**
 * An area's first page: `src/pages/<area>/<Area>Home.vue`, shown at `/<area>` (web/src/areas.ts
 * and each area's routes.ts follow this naming).
 */
const AREA_HOME = /[\\/]web[\\/]src[\\/]pages[\\/]([a-z]+)[\\/]([A-Z][A-Za-z]*)Home\.vue$/;

/**
 * Writes, for each area's first page, the scripts and stylesheets it needs beyond what
 * index.html loads, so the service can name them in the HTML it answers for that address: the
 * browser then fetches the page's code with the shell instead of after the shell has run and the
 * router has asked for it (the console_queue benchmark's /reviews). The login page, and any other
 * address, is answered the plain index.html and pays nothing for it.
 */
export function pagePreloads(): Plugin {
  return {
    name: 'pd-page-preloads',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((o) => o.type === 'chunk');
      const byFile = new Map(chunks.map((c) => [c.fileName, c]));
      const closure = (start: string, into = new Set<string>()): Set<string> => {
        if (into.has(start)) return into;
        into.add(start);
        for (const next of byFile.get(start)?.imports ?? []) closure(next, into);
        return into;
      };
      const shell = new Set<string>();
      for (const c of chunks) if (c.isEntry) closure(c.fileName, shell);
      const pages: Record<string, { scripts: string[]; styles: string[] }> = {};
      for (const chunk of chunks) {
        for (const id of chunk.moduleIds) {
          const m = AREA_HOME.exec(id);
          if (!m || m[1] !== m[2].toLowerCase()) continue;
          const files = [...closure(chunk.fileName)].filter((f) => !shell.has(f));
          pages[`/${m[1]}`] = {
            scripts: files.map((f) => `/${f}`),
            styles: files.flatMap((f) =>
              [...(byFile.get(f)?.viteMetadata?.importedCss ?? [])].map((s) => `/${s}`),
            ),
          };
        }
      }
      this.emitFile({
        type: 'asset',
        fileName: PAGE_PRELOADS_FILE,
        source: `${JSON.stringify(pages, null, 2)}\n`,
      });
    },
  };
}
