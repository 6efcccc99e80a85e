/**
 * The layers of src/, bottom to top (docs/design.md, "Layers"). A module may import its own files
 * and any module in a lower layer; never one beside it or above it. `npm run lint` fails on a
 * breach, and on any cycle (no-circular). Between modules, imports go to the other module's
 * public entry (its index.ts), never to one of its files.
 */
const LAYERS = [
  ['config'],
  ['common'],
  ['logging', 'redis', 'openapi', 'mapping', 'auth'],
  ['outbox', 'genesys'],
  ['contracts', 'delivery'],
  ['ingest', 'health', 'throttle', 'metrics'],
  ['admin'],
  ['console', 'sandbox'],
  ['cli', 'app.module.ts'],
  ['bootstrap.ts'],
  ['main.ts'],
];

const path = (names) => `^src/(${names.map((n) => n.replace(/\./g, '\\.')).join('|')})(/|$)`;

const layerRules = LAYERS.flatMap((layer, index) =>
  layer.map((name) => {
    const notBelow = LAYERS.slice(index).flat().filter((other) => other !== name);
    return {
      name: `layer:${name}`,
      comment: `${name} (layer ${index}) imports only from the layers below it: ${LAYERS.slice(0, index)
        .map((l) => l.join(', '))
        .join(' / ')}`,
      severity: 'error',
      from: { path: path([name]), pathNot: '\\.spec\\.ts$' },
      to: { path: path(notBelow) },
    };
  }),
);

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'public-entry',
      comment:
        'A module reaches another only through its public entry, src/<module>/index.ts: what is not exported there is the module\'s own business.',
      severity: 'error',
      from: { path: '^src/([^/]+)/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^src/[^/]+/', pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$'] },
    },
    {
      name: 'public-entry-composition',
      comment: 'The app module, bootstrap and main compose modules through their entries too.',
      severity: 'error',
      from: { path: '^src/[^/]+\\.ts$', pathNot: '\\.spec\\.ts$' },
      to: { path: '^src/[^/]+/', pathNot: '^src/[^/]+/index\\.ts$' },
    },
    {
      name: 'no-circular',
      comment: 'No import cycle, inside a module or between modules.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-orphan-layer',
      comment: 'Every folder of src/ has a place in LAYERS (.dependency-cruiser.js).',
      severity: 'error',
      from: { path: '^src/', pathNot: `${path(LAYERS.flat())}|\\.spec\\.ts$` },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|console|test|bench)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
