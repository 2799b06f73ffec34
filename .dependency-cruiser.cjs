// The module-layer rule (`npm run lint:deps`, part of `npm run lint` and so of CI). A module is a
// folder directly under src/; no two modules may import each other, directly or round a longer
// loop. The layers are in docs/architecture.md.
//
// dependency-cruiser 17.x: 18.x refuses Node 20, which this project supports (engines).

module.exports = {
  forbidden: [
    {
      name: 'no-module-cycle',
      comment:
        'Two modules (folders under src/) import each other, directly or through others. The lower one ' +
        'must not know the higher: move what both need down, or let the composition root (src/*.ts) wire it.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/[^/]+$' },
      to: { path: '^src/[^/]+$', circular: true },
    },
  ],
  options: {
    // Dependencies as the compiled JavaScript has them: a type-only import (`import type`, or a name
    // used only as a type) is no dependency at run time, and may point up a layer. (A folder-scope
    // rule does not see dependency types, so `dependencyTypesNot: ['type-only']` would not do it.)
    tsPreCompilationDeps: false,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.spec\\.ts$' },
    doNotFollow: { path: 'node_modules' },
    progress: { type: 'none' },
  },
};
