// Group commit: what arrives while a write is under way goes in the next write, together; each
// caller learns when its own item is written, or that its group's write failed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupCommit } from './group-commit.ts';

test('items arriving during a write go together in the next one, each caller waiting for its own', async () => {
  const writes: number[][] = [];
  let release: () => void = () => {};
  const write = groupCommit<number>(async (items) => {
    writes.push(items);
    if (writes.length === 1) await new Promise<void>((r) => (release = r));
  });
  const first = write(1);
  const rest = [2, 3, 4].map((n) => write(n));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(writes, [[1]], 'the first write is under way; the rest wait');
  release();
  await Promise.all([first, ...rest]);
  assert.deepEqual(writes, [[1], [2, 3, 4]]);
});

test("a failed write rejects its own group's callers only", async () => {
  const write = groupCommit<number>((items) =>
    items.includes(2) ? Promise.reject(new Error('database down')) : Promise.resolve(),
  );
  const one = write(1);
  const two = write(2);
  await one;
  await assert.rejects(two, /database down/);
  await write(3);
});
