// ESLint flat config. The workflow rules exist because Temporal replays workflow code:
// it must be deterministic, so it may not touch Node built-ins or the database, and it
// may only know activities by their types.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', 'web/.next/**', 'web/next-env.d.ts', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
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
            { group: ['node:*'], message: 'Workflows are replayed in a sandbox: no Node built-ins.' },
            { group: ['**/db/**', '../db', 'knex', 'pg'], message: 'Workflows never touch the database; call an activity.' },
            {
              group: ['**/activities/**', '../activities'],
              allowTypeImports: true,
              message: 'Import activities as types only and call them through proxyActivities.',
            },
          ],
          paths: ['fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process', 'process'].map((name) => ({
            name,
            message: 'Workflows are replayed in a sandbox: no Node built-ins.',
          })),
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
        { patterns: [{ group: ['**/db/**', '**/api/**', '**/activities/**', '**/workflows/**', '**/worker/**'], message: 'core/ is the floor: it imports nothing of ours.' }] },
      ],
    },
  },
);
