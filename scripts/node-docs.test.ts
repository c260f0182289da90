// The README's tables of node kinds are generated from core/nodes/: a kind added or changed
// there must be written into the README too.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { README, renderReadme } from './node-docs.ts';

test('README.md lists every node kind as core/nodes/ documents it', async () => {
  const readme = await readFile(README, 'utf8');
  assert.match(readme, /<!-- node-kinds:steps -->/);
  assert.ok(
    (await renderReadme(readme)) === readme,
    'run `npm run docs:nodes` and commit README.md',
  );
});
