import { describe, expect, it } from '@jest/globals';
import { consolePages } from './page-preloads';

const INDEX =
  '<html>\n  <head>\n    <script type="module" crossorigin src="/assets/index-a1.js"></script>\n  </head>\n  <body><div id="app"></div></body>\n</html>\n';

describe('the HTML answered for each console address', () => {
  const page = consolePages(INDEX, {
    '/reviews': {
      scripts: ['/assets/reviews-b2.js', '/assets/common-c3.js'],
      styles: ['/assets/reviews-d4.css'],
    },
  });

  it("names an area's first-page scripts and stylesheets in the head of that page", () => {
    for (const path of ['/reviews', '/reviews/']) {
      const html = page(path);
      const head = html.slice(0, html.indexOf('</head>'));
      expect(head).toContain('<link rel="modulepreload" crossorigin href="/assets/reviews-b2.js">');
      expect(head).toContain('<link rel="modulepreload" crossorigin href="/assets/common-c3.js">');
      expect(head).toContain('<link rel="stylesheet" crossorigin href="/assets/reviews-d4.css">');
      expect(html).toContain('<div id="app"></div>');
    }
  });

  it('answers every other address, the login page included, with index.html as built', () => {
    for (const path of ['/', '/login', '/reviews/open', '/declarations', '/index.html'])
      expect(page(path)).toBe(INDEX);
  });

  it('puts nothing into the page but files under /assets/ with a plain name', () => {
    const odd = consolePages(INDEX, {
      '/reviews': {
        scripts: ['https://elsewhere.example/x.js', '/assets/"><script>x</script>.js'],
        styles: ['//cdn/x.css'],
      },
    });
    expect(odd('/reviews')).toBe(INDEX);
  });
});
