// The layer rules of docs/ARCHITECTURE.md, checked by dependency-cruiser (test/unit/architecture.test.ts).
// Paths are relative to the repository root.
/** The stable server/db helpers a migration may import (the same list as test/support/migration-rules.ts). */
const migrationHelpers = ['^server/db/knex[.]ts$', '^server/db/fulltext-index[.]ts$'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment:
        'Modules import each other in one direction only: a cycle makes load order matter and layers meaningless. ' +
        'Type-only imports vanish at run time and do not count (a route naming the type of what it receives).',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'db-and-platform-stay-below',
      severity: 'error',
      comment: 'server/db and server/platform import no component, no web module and not the composition root: the registry hands them what they need.',
      from: { path: '^server/(db|platform)/' },
      to: { path: '^server/(components/|web/|container[.]ts|app[.]ts|main[.]ts|bootstrap[.]ts|registry/|components[.]ts|config[.]ts)' },
    },
    {
      name: 'components-do-not-import-the-container',
      severity: 'error',
      comment:
        'The composition root imports components, never the reverse, not even for a type: a component declares the narrow type ' +
        'it uses (its <name>.deps.ts, its service factory\'s BuildDeps) and receives the container, which has all of it.',
      from: { path: '^server/components/' },
      to: { path: '^server/container[.]ts$' },
    },
    {
      name: 'migrations-are-self-contained',
      severity: 'error',
      comment: 'A released migration keeps its meaning: it imports only the stable server/db helpers meant for migrations.',
      from: { path: '^migrations/' },
      to: { path: '^(server|cli)/', pathNot: migrationHelpers },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|test|bench)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['es6', 'cjs'],
  },
};
