// An import whose worker is killed halfway resumes on another worker from its last committed
// chunk: every row ends up stored exactly once (events without idempotency keys, so nothing but
// the cursor could prevent a duplicate).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createHarness, eventually, type Harness } from '../scripts/testing/harness.ts';
import { spawnWorker } from '../scripts/testing/worker-process.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
});
after(() => h.close());

test('a worker killed mid-import: the next one finishes it without duplicates', async () => {
  const ROWS = 120_000;
  const lines = ['externalId,type,properties.n'];
  for (let i = 0; i < ROWS; i++) lines.push(`r-${i % 5000},page_view,${i}`);
  const first = await spawnWorker(h);
  const res = await fetch(`${h.apiUrl}/v1/imports?kind=events`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', authorization: `Bearer ${h.apiKey}` },
    body: lines.join('\n'),
  });
  const { import: created } = (await res.json()) as { import: { id: string } };
  assert.equal(res.status, 202);

  const atKill = await eventually(async () => {
    const r = await h.api(`/v1/imports/${created.id}`);
    return r.body.import.rowsDone > 0 ? r.body.import : undefined;
  }, 60_000);
  first.kill('SIGKILL');
  await new Promise((r) => first.once('exit', r));
  assert.ok(atKill.rowsDone < ROWS, `killed too late: ${atKill.rowsDone} rows done`);
  const stopped = (await h.api(`/v1/imports/${created.id}`)).body.import;
  assert.equal(stopped.status, 'running');
  assert.ok(stopped.rowsDone < ROWS);

  const second = await spawnWorker(h);
  try {
    const done = await eventually(async () => {
      const r = await h.api(`/v1/imports/${created.id}`);
      return r.body.import.status === 'completed' ? r.body.import : undefined;
    }, 90_000);
    assert.equal(done.rowsDone, ROWS);
    assert.equal(done.rowsImported, ROWS);
    const { rows } = await h.db.raw<{ rows: { n: number; distinct: number }[] }>(
      "select count(*)::int as n, count(distinct properties->>'n')::int as distinct from events where source = 'import'",
    );
    assert.deepEqual(rows[0], { n: ROWS, distinct: ROWS });
  } finally {
    second.kill('SIGTERM');
    await new Promise((r) => second.once('exit', r));
  }
});
