// Which errors mean "a dependency is down" (503) rather than a fault of Herald's (500): the
// errors node-postgres, knex and Temporal's client really raise, made by a real failed connection.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Connection } from '@temporalio/client';
import { createDb } from '../db/connection.ts';
import { freePort } from '../scripts/free-port.ts';
import { dependencyDown } from './unavailable.ts';

const refused = async (fn: () => Promise<unknown>) => {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
};

test('a refused Postgres connection is database_unavailable', async () => {
  const db = createDb(`postgres://nobody:x@127.0.0.1:${await freePort()}/none`, { max: 1 });
  try {
    const err = await refused(() => db.raw('select 1'));
    assert.equal(dependencyDown(err)?.code, 'database_unavailable');
  } finally {
    await db.destroy();
  }
});

test('an unreachable Temporal is temporal_unavailable', async () => {
  // Lazy: it connects on the first call, which meets nothing listening.
  const connection = Connection.lazy({ address: `127.0.0.1:${await freePort()}` });
  try {
    const err = await refused(() => connection.workflowService.getSystemInfo({}));
    assert.equal(dependencyDown(err)?.code, 'temporal_unavailable');
  } finally {
    await connection.close();
  }
});

test('other errors are not outages', () => {
  assert.equal(dependencyDown(new Error('boom')), undefined);
  assert.equal(dependencyDown(Object.assign(new Error('dup'), { code: '23505' })), undefined);
  assert.equal(dependencyDown(undefined), undefined);
});
