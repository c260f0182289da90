// ESLint flat config. The workflow rules exist because Temporal replays workflow code:
// it must be deterministic, so it may not touch Node built-ins or the database, and it
// may only know activities by their types.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

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
  {
    files: ['core/**/*.ts'],
    ignores: ['core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/db/**',
                '**/api/**',
                '**/activities/**',
                '**/workflows/**',
                '**/worker/**',
              ],
              message: 'core/ is the floor: it imports nothing of ours.',
            },
          ],
        },
      ],
    },
  },
);
