/** What the console's build lists for an area's first page (web/page-preloads.mts). */
export interface PagePreload {
  scripts: string[];
  styles: string[];
}

/** Only hashed files of the console's own, as the build names them: nothing else goes into the page. */
const ASSET = /^\/assets\/[\w.-]+\.(js|css)$/;

/**
 * The HTML the service answers for each console address: index.html as built, and for an area's
 * first page (`/reviews`, …) the same page naming that page's scripts and stylesheets in its
 * head, so the browser fetches them beside the shell rather than after it (a `modulepreload` is
 * fetched and compiled but runs only when the router imports it; a stylesheet the page would add
 * anyway is not added twice, Vite's loader looks for it first).
 */
export function consolePages(
  indexHtml: string,
  preloads: Record<string, PagePreload>,
): (path: string) => string {
  const pages = new Map<string, string>();
  for (const [page, { scripts, styles }] of Object.entries(preloads)) {
    const tags = [
      ...styles.filter((s) => ASSET.test(s)).map((s) => `<link rel="stylesheet" crossorigin href="${s}">`),
      ...scripts
        .filter((s) => ASSET.test(s))
        .map((s) => `<link rel="modulepreload" crossorigin href="${s}">`),
    ];
    if (tags.length && indexHtml.includes('</head>'))
      pages.set(page, indexHtml.replace('</head>', `    ${tags.join('\n    ')}\n  </head>`));
  }
  return (path) => pages.get(path.length > 1 ? path.replace(/\/+$/, '') : path) ?? indexHtml;
}
