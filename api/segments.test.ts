// Saved segments and audiences through the api, with the worker running: drafts, 400s naming
// the path in the tree, cycles refused, previews; and a recalculation as data changes, whose
// entries and exits each start exactly one journey, while a static audience stays as it was.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { CampaignGraphInput } from '../core/graph.ts';
import { checkDbRule } from '../db/journey-rules.ts';
import { scheduleAudience } from '../db/trigger-audiences.ts';
import { entriesOf, publishCampaign } from '../scripts/testing/fixtures.ts';
import { createHarness, eventually, type Harness } from '../scripts/testing/harness.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
  await h.startWorker();
});
after(() => h?.close());

const city = (value: string) => ({
  kind: 'attribute',
  field: 'city',
  test: { op: 'equals', value },
});
const rulesOf = (...children: object[]) => ({ kind: 'group', match: 'all', children });

async function customer(externalId: string, attrs: Record<string, unknown>) {
  const res = await h.api('/v1/customers', { body: { externalId, ...attrs } });
  assert.ok(res.status === 201 || res.status === 200, JSON.stringify(res.body));
  return res.body.customer.id as string;
}

test('a draft saves with its problems; a wrong operator or a cycle is a 400 naming the path', async () => {
  const draft = await h.api('/v1/segments', {
    body: {
      name: 'Draft',
      rules: rulesOf(city('Omsk'), { kind: 'attribute', field: 'age', test: { op: 'gt' } }),
    },
  });
  assert.equal(draft.status, 201, JSON.stringify(draft.body));
  assert.deepEqual(
    draft.body.segment.problems.map((p: { field: string }) => p.field),
    ['rules.children.1.test.value'],
  );
  assert.equal(draft.body.segment.metrics, null, 'a draft is not recalculated');

  const rootless = await h.api('/v1/segments', { body: { name: 'No rules' } });
  assert.equal(rootless.status, 400);
  assert.equal(rootless.body.error.problems[0].field, 'rules');

  const wrong = await h.api('/v1/segments', {
    body: {
      name: 'Bad',
      rules: rulesOf({}, {}, { kind: 'attribute', field: 'city', test: { op: 'gt', value: 1 } }),
    },
  });
  assert.equal(wrong.status, 400);
  const fields = wrong.body.error.problems.map((p: { field: string }) => p.field);
  assert.ok(fields.includes('rules.children.2.test.op'), JSON.stringify(wrong.body));

  const undefinedField = await h.api('/v1/segments/preview', {
    body: { rules: rulesOf({ kind: 'customField', key: 'nope', test: { op: 'isSet' } }) },
  });
  assert.equal(undefinedField.status, 400);
  assert.equal(undefinedField.body.error.problems[0].field, 'rules.children.0.key');

  const a = await h.api('/v1/segments', { body: { name: 'A', rules: rulesOf(city('Omsk')) } });
  const id = a.body.segment.id as string;
  const b = await h.api('/v1/segments', {
    body: { name: 'B', rules: rulesOf({ kind: 'segment', segmentId: id }) },
  });
  assert.equal(b.status, 201, JSON.stringify(b.body));
  const cycle = await h.api(`/v1/segments/${id}`, {
    method: 'PUT',
    body: {
      name: 'A',
      rules: rulesOf({
        kind: 'group',
        match: 'any',
        children: [{ kind: 'segment', segmentId: b.body.segment.id }],
      }),
    },
  });
  assert.equal(cycle.status, 400, JSON.stringify(cycle.body));
  assert.equal(cycle.body.error.problems[0].field, 'rules.children.0.children.0.segmentId');
  assert.match(cycle.body.error.problems[0].message, /cycle/);
  const itself = await h.api(`/v1/segments/${id}`, {
    method: 'PUT',
    body: { name: 'A', rules: rulesOf(city('Omsk'), { kind: 'segment', segmentId: id }) },
  });
  assert.equal(itself.status, 400, 'a segment naming itself');
  assert.equal(itself.body.error.problems[0].field, 'rules.children.1.segmentId');
  const deleteNamed = await h.api(`/v1/segments/${id}`, { method: 'DELETE' });
  assert.equal(deleteNamed.status, 409);
});

test('preview: count, metrics, a sample and the time it took', async () => {
  await customer('pv-1', { city: 'Tomsk' });
  await customer('pv-2', { city: 'Tomsk' });
  const res = await h.api('/v1/segments/preview', {
    body: { rules: rulesOf(city('Tomsk')), sampleSize: 1 },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.metrics.profiles, 2);
  assert.ok(res.body.metrics.base >= 2);
  assert.equal(res.body.sample.length, 1);
  assert.equal(typeof res.body.elapsedMs, 'number');
});

const entryOnly = (eventType: string, segmentId: string): CampaignGraphInput => ({
  nodes: [
    {
      id: 'in',
      kind: 'trigger',
      eventType,
      filters: [{ property: 'segmentId', operator: 'equals', value: segmentId }],
    },
    { id: 'hold', kind: 'delay', duration: { amount: 1, unit: 'days' } },
    { id: 'out', kind: 'exit' },
  ],
  edges: [
    { from: 'in', to: 'hold' },
    { from: 'hold', to: 'out' },
  ],
  reentry: { kind: 'notWhileRunning' },
});

test('customers enter and leave as their data changes; each change starts one journey; an audience stays', async () => {
  const [x, y] = [
    await customer('rc-x', { city: 'Perm' }),
    await customer('rc-y', { city: 'Kazan' }),
  ];
  const created = await h.api('/v1/segments', {
    body: { name: 'Perm', rules: rulesOf(city('Perm')) },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const segment = created.body.segment;
  assert.equal(segment.metrics.profiles, 1);
  const id = segment.id as string;
  // The first member's entry is dispatched before the campaigns exist, so it starts nothing.
  await eventually(async () => {
    const pending = await h
      .db('segment_membership_changes')
      .where({ segment_id: id })
      .whereNull('processed_at');
    return pending.length === 0 || undefined;
  });
  const welcome = await publishCampaign(h, 'Welcome to Perm', entryOnly('segment_entered', id));
  const goodbye = await publishCampaign(h, 'Left Perm', entryOnly('segment_exited', id));
  const frozen = await h.api('/v1/audiences', { body: { name: 'Perm today', fromSegmentId: id } });
  assert.equal(frozen.status, 201, JSON.stringify(frozen.body));
  assert.equal(frozen.body.audience.members, 1);

  const move = async (externalId: string, to: string) => {
    const res = await h.api(`/v1/customers/external/${externalId}`, {
      method: 'PUT',
      body: { city: to },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  };
  await move('rc-x', 'Kazan');
  await move('rc-y', 'Perm');
  const refreshed = await h.api(`/v1/segments/${id}/refresh`, { method: 'POST' });
  assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
  assert.deepEqual(
    [refreshed.body.entered, refreshed.body.exited, refreshed.body.profiles],
    [1, 1, 1],
  );
  const again = await h.api(`/v1/segments/${id}/refresh`, { method: 'POST' });
  assert.deepEqual(
    [again.body.entered, again.body.exited],
    [0, 0],
    'nothing changed, nothing recorded',
  );

  const ids = async (c: string) =>
    (await entriesOf(h, c)).map((e: { customer_id: string }) => e.customer_id);
  const settled = async (campaign: string) =>
    eventually(async () => ((await ids(campaign)).length > 0 ? ids(campaign) : undefined));
  assert.deepEqual(await settled(welcome), [y]);
  assert.deepEqual(await settled(goodbye), [x]);
  // Dispatching again (the minute's dispatcher) starts nothing more.
  await h.temporal.workflow.execute('segmentChangesWorkflow', {
    taskQueue: h.taskQueue,
    workflowId: `segment-changes-again-${Date.now()}`,
    args: [],
  });
  assert.deepEqual([await ids(welcome), await ids(goodbye)], [[y], [x]]);

  const members = await h.api(`/v1/segments/${id}/customers`);
  assert.deepEqual(
    members.body.customers.map((c: { id: string }) => c.id),
    [y],
  );
  const csv = await fetch(`${h.apiUrl}/v1/segments/${id}/customers.csv`, {
    headers: { authorization: `Bearer ${h.apiKey}` },
  });
  const lines = (await csv.text()).trim().split('\n');
  assert.equal(lines.length, 2, 'a header and the one member');
  assert.match(lines[1]!, /rc-y/);
  const sizes = await h.api(`/v1/segments/${id}/sizes`);
  assert.deepEqual(
    sizes.body.sizes.map((s: { profiles: number }) => s.profiles).slice(-3),
    [1, 1, 1],
  );
  const audience = await h.api(`/v1/audiences/${frozen.body.audience.id}`);
  assert.equal(audience.body.audience.members, 1, 'the static audience did not follow');
  const inAudience = await h.api('/v1/segments/preview', {
    body: { rules: rulesOf({ kind: 'audience', audienceId: frozen.body.audience.id }) },
  });
  assert.equal(inAudience.body.sample[0].id, x);
});

test('an audience from a CSV of external IDs, replace or append said explicitly', async () => {
  await customer('csv-1', {});
  await customer('csv-2', {});
  const made = await h.api('/v1/audiences', { body: { name: 'Upload' } });
  const id = made.body.audience.id as string;
  const upload = async (csv: string, mode?: string) => {
    const res = await fetch(
      `${h.apiUrl}/v1/audiences/${id}/members.csv${mode ? `?mode=${mode}` : ''}`,
      {
        method: 'PUT',
        headers: { authorization: `Bearer ${h.apiKey}`, 'content-type': 'text/csv' },
        body: csv,
      },
    );
    return { status: res.status, body: (await res.json()) as any };
  };
  assert.equal((await upload('externalId\ncsv-1\n')).status, 400, 'the mode must be said');
  const first = await upload('externalId\ncsv-1\nnobody\n', 'replace');
  assert.deepEqual([first.body.added, first.body.unknown], [1, ['nobody']]);
  const second = await upload('csv-2\n', 'append');
  assert.equal(second.body.audience.members, 2);
  // Its customers, a page at a time (the web app's audience page reads them).
  const page1 = await h.api(`/v1/audiences/${id}/customers?limit=1`);
  const page2 = await h.api(`/v1/audiences/${id}/customers?limit=1&after=${page1.body.next}`);
  assert.deepEqual(
    [...page1.body.customers, ...page2.body.customers].map((c: any) => c.externalId).sort(),
    ['csv-1', 'csv-2'],
  );
  const none = await h.api(`/v1/audiences/${crypto.randomUUID()}/customers`);
  assert.equal(none.status, 404);
  // Selectable wherever a segment is: a schedule trigger's audience, a journey's condition.
  const audience = await scheduleAudience(h.db, { segmentId: id }, new Date().toISOString(), {
    limit: 10,
  });
  assert.equal(audience.length, 2);
  const someone = audience[0]!.customerId;
  assert.equal(
    await checkDbRule(h.db, someone, { kind: 'segment', segmentId: id, member: true }),
    true,
  );
  const third = await upload('csv-2\n', 'replace');
  assert.deepEqual([third.body.removed, third.body.audience.members], [1, 1]);
  const removed = await h.api(`/v1/audiences/${id}/members/remove`, {
    body: { externalIds: ['csv-2'] },
  });
  assert.equal(removed.body.audience.members, 0);
});

test('the account time zone: set, read back, a bad one refused by name', async () => {
  const bad = await h.api('/v1/settings/time-zone', {
    method: 'PUT',
    body: { timeZone: 'Mars/Olympus' },
  });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.problems[0].field, 'timeZone');
  const set = await h.api('/v1/settings/time-zone', {
    method: 'PUT',
    body: { timeZone: 'Asia/Novosibirsk' },
  });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  assert.equal((await h.api('/v1/settings/time-zone')).body.timeZone, 'Asia/Novosibirsk');
  await h.api('/v1/settings/time-zone', { method: 'PUT', body: { timeZone: 'UTC' } });
});
