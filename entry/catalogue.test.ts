// The api caches the active campaigns and points rules (db/catalogue.ts) and reads them again
// only when the version its event insert saw has moved. Each change an event can set off must be
// seen by the very next event, and an unchanged catalogue must not be read at all.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { publishStartingOn } from '../scripts/testing/fixtures.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
});
after(() => h?.close());

let n = 0;
/** Posts `type` for a new customer; answers the journeys it started and the SQL it ran. */
async function post(type: string) {
  const queries: string[] = [];
  const listen = (q: { sql: string }) => queries.push(q.sql);
  h.db.on('query', listen);
  const res = await h.api('/v1/events', { body: { type, externalId: `cat-${++n}` } });
  h.db.off('query', listen);
  assert.equal(res.status, 202, JSON.stringify(res.body));
  const body = res.body as { customerId: string; journeysStarted: { campaignId: string }[] };
  return {
    customerId: body.customerId,
    started: body.journeysStarted.map((j) => j.campaignId),
    catalogueReads: queries.filter(
      (q) => q.startsWith('select') && /"(campaign_versions|points_rules)"/.test(q),
    ).length,
  };
}

test('a published campaign starts from the next event, and an unchanged catalogue is not read', async () => {
  assert.deepEqual((await post('catalogue_probe')).started, []);
  assert.equal((await post('catalogue_probe')).catalogueReads, 0, 'nothing changed: from cache');
  const campaignId = await publishStartingOn(h, 'catalogue_probe');
  const next = await post('catalogue_probe');
  assert.deepEqual(next.started, [campaignId], 'the publish is seen by the next event');
  assert.equal(next.catalogueReads, 2, 'read again once, campaigns and rules');
  assert.deepEqual((await post('catalogue_probe')).started, [campaignId]);
  assert.equal((await post('catalogue_probe')).catalogueReads, 0);

  const paused = await h.api(`/v1/campaigns/${campaignId}/pause`, { method: 'POST' });
  assert.equal(paused.status, 200, JSON.stringify(paused.body));
  assert.deepEqual((await post('catalogue_probe')).started, [], 'a paused campaign starts no one');
  const resumed = await h.api(`/v1/campaigns/${campaignId}/resume`, { method: 'POST' });
  assert.equal(resumed.status, 200, JSON.stringify(resumed.body));
  assert.deepEqual((await post('catalogue_probe')).started, [campaignId]);
});

test('a new points rule earns from the next event', async () => {
  const before = await post('catalogue_points');
  const rule = await h.api('/v1/points-rules', {
    body: { kind: 'event', name: 'Probe points', eventType: 'catalogue_points', amount: 7 },
  });
  assert.equal(rule.status, 201, JSON.stringify(rule.body));
  const after = await post('catalogue_points');
  const balance = async (id: string) =>
    (await h.api(`/v1/customers/${id}/points`)).body.balance as number;
  assert.equal(await balance(before.customerId), 0);
  assert.equal(await balance(after.customerId), 7);
});

test('an event that starts a journey for a new customer costs five statements, named here', async () => {
  await publishStartingOn(h, 'catalogue_cost');
  await post('catalogue_cost'); // the catalogue is read once after the publish
  const queries: string[] = [];
  const listen = (q: { sql: string }) => queries.push(q.sql.replace(/\s+/g, ' ').slice(0, 60));
  h.db.on('query', listen);
  const res = await h.api('/v1/events', { body: { type: 'catalogue_cost', externalId: 'cost-1' } });
  h.db.off('query', listen);
  assert.equal(res.status, 202, JSON.stringify(res.body));
  assert.equal((res.body as { journeysStarted: unknown[] }).journeysStarted.length, 1);
  // The API key; the customer made with its contacts; the event with the catalogue's version;
  // the entry (the re-entry guard); the entry marked running with the campaign's status read
  // after the start (a pause in between is signalled). One more is a cost paid per event.
  assert.equal(queries.length, 5, queries.join('\n'));
});
