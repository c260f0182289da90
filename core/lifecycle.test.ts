import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkTransition } from './lifecycle.ts';

test('the lifecycle moves draft → active → paused → active → stopped → archived', () => {
  assert.deepEqual(checkTransition('publish', 'draft'), { allowed: true, to: 'active' });
  assert.deepEqual(checkTransition('pause', 'active'), { allowed: true, to: 'paused' });
  assert.deepEqual(checkTransition('resume', 'paused'), { allowed: true, to: 'active' });
  assert.deepEqual(checkTransition('stop', 'active'), { allowed: true, to: 'stopped' });
  assert.deepEqual(checkTransition('archive', 'stopped'), { allowed: true, to: 'archived' });
});

test('publishing a paused campaign keeps it paused', () => {
  assert.deepEqual(checkTransition('publish', 'paused'), { allowed: true, to: 'paused' });
});

test('a refused action says which statuses allow it', () => {
  assert.deepEqual(checkTransition('resume', 'active'), {
    allowed: false,
    reason: 'An active campaign cannot be resumed; only a paused one can.',
  });
  assert.equal(checkTransition('archive', 'active').allowed, false);
  assert.equal(checkTransition('publish', 'archived').allowed, false);
  assert.match(
    (checkTransition('stop', 'draft') as { reason: string }).reason,
    /cannot be stopped/,
  );
});
