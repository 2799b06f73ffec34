// The module-layer rule (`npm run lint:deps`, part of `npm run lint` and so of CI). A module is a
// folder directly under src/; no two modules may import each other, directly or round a longer
// loop. The layers are in docs/architecture.md.
//
// dependency-cruiser 17.x: 18.x refuses Node 20, which this project supports (engines).

/**
 * The module cycles that existed when the rule came in (issue 15, item 5), still to be broken:
 * module → the modules it imports although they import it back (directly or through others).
 * They are reported as warnings, and any other cycle fails. Remove an entry once its cycle is
 * gone. (dependency-cruiser's own baseline, --ignore-known, does not apply to folder-scope
 * rules in 17.x, so the list lives here.)
 */
const KNOWN_CYCLES = {
  declarations: ['queues', 'workflow'],
  queues: ['declarations', 'workflow'],
  workflow: ['declarations'],
};

const folders = (names) => `^src/(${names.join('|')})$`;
const MODULE = '^src/[^/]+$';
const COMMENT =
  'Two modules (folders under src/) import each other, directly or through others. The lower one ' +
  'must not know the higher: move what both need down, or let the composition root (src/*.ts) wire it.';

module.exports = {
  forbidden: [
    {
      name: 'no-module-cycle',
      comment: COMMENT,
      severity: 'error',
      scope: 'folder',
      from: { path: MODULE, pathNot: folders(Object.keys(KNOWN_CYCLES)) },
      to: { path: MODULE, circular: true },
    },
    ...Object.entries(KNOWN_CYCLES).flatMap(([from, known]) => [
      {
        name: 'no-module-cycle',
        comment: COMMENT,
        severity: 'error',
        scope: 'folder',
        from: { path: folders([from]) },
        to: { path: MODULE, pathNot: folders(known), circular: true },
      },
      {
        name: 'known-module-cycle',
        comment: 'A module cycle listed in KNOWN_CYCLES (.dependency-cruiser.cjs), to be broken.',
        severity: 'warn',
        scope: 'folder',
        from: { path: folders([from]) },
        to: { path: folders(known), circular: true },
      },
    ]),
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
