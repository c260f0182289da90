// The audit log (issue 10, point 9): who published, stopped, erased, exported or changed a
// setting, a user, a role or a key; written with the change (a refused change leaves no row),
// readable by admins only, newest first, paged by cursor.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { CampaignGraphInput } from '../core/graph.ts';
import { publishCampaign } from '../scripts/testing/fixtures.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';
import { call, userOfRole } from '../scripts/testing/users.ts';

let h: Harness;
/** A signed-in admin: their ID, and their session as the credentials calls take. */
let admin: { id: string; cookie: string };

before(async () => {
  h = await createHarness();
  admin = await userOfRole(h, 'admin');
});
after(() => h?.close());

type Entry = {
  action: string;
  actor: { kind: string; id: string | null; label: string };
  target: { type: string; id: string | null };
  details: Record<string, unknown>;
};

/** The newest entry of the action, read through the api as an admin would. */
async function latest(action: string): Promise<Entry | undefined> {
  const page = await call(h, admin, `/v1/audit-log?action=${action}&limit=1`);
  assert.equal(page.status, 200, JSON.stringify(page.body));
  return page.body.entries[0];
}

const graph: CampaignGraphInput = {
  nodes: [
    { id: 'in', kind: 'trigger', eventType: 'audit_probe' },
    { id: 'out', kind: 'exit' },
  ],
  edges: [{ from: 'in', to: 'out' }],
};

test('publishing and stopping a campaign are recorded with who did it', async () => {
  const id = await publishCampaign(h, 'Audited', graph);
  const published = await latest('campaign.published');
  assert.deepEqual(published?.target, { type: 'campaign', id });
  assert.equal(published?.details.version, 1);
  assert.deepEqual(published?.actor.kind, 'apiKey');
  assert.equal(published?.actor.label, 'API key "tests"');

  const stop = await call(h, admin, `/v1/campaigns/${id}/stop`, { method: 'POST' });
  assert.equal(stop.status, 200);
  const stopped = await latest('campaign.stopped');
  assert.deepEqual(stopped?.actor, { kind: 'user', id: admin.id, label: 'admin@roles.test' });
  assert.deepEqual(stopped?.details, { name: 'Audited', from: 'active', to: 'stopped' });
});

test('erasing and exporting a customer, and downloading an export, are recorded', async () => {
  const event = await h.api('/v1/events', {
    body: { type: 'signed_up', externalId: 'audit-1', customer: { email: 'a1@example.com' } },
  });
  const customerId = event.body.customerId as string;
  assert.equal((await call(h, admin, `/v1/customers/${customerId}/export`)).status, 200);
  assert.deepEqual((await latest('customer.exported'))?.target, {
    type: 'customer',
    id: customerId,
  });
  const erase = await call(h, admin, `/v1/customers/${customerId}/erase`, { method: 'POST' });
  assert.equal(erase.status, 200);
  const erased = await latest('customer.erased');
  assert.deepEqual(erased?.target, { type: 'customer', id: customerId });
  // The record of an erasure holds no personal data of its own.
  assert.ok(!JSON.stringify(erased).includes('a1@example.com'));

  const csv = await call(h, admin, '/v1/exports/events');
  assert.equal(csv.status, 200);
  const downloaded = await latest('export.downloaded');
  assert.deepEqual(downloaded?.target, { type: 'export', id: 'events' });
});

test('settings, keys and roles changed are recorded; a refused change leaves no row', async () => {
  const field = await call(h, admin, '/v1/custom-fields', {
    body: { entity: 'customer', key: 'tier', type: 'text' },
  });
  assert.equal(field.status, 201, JSON.stringify(field.body));
  const created = await latest('setting.custom_field_created');
  assert.equal(created?.target.id, field.body.field.id);
  const again = await call(h, admin, '/v1/custom-fields', {
    body: { entity: 'customer', key: 'tier', type: 'text' },
  });
  assert.equal(again.status, 409);

  const currency = await call(h, admin, '/v1/settings/currency', {
    method: 'PUT',
    body: { currency: 'USD' },
  });
  assert.equal(currency.status, 200, JSON.stringify(currency.body));
  assert.deepEqual((await latest('setting.currency_changed'))?.details, { currency: 'USD' });

  const key = await call(h, admin, '/v1/api-keys', { body: { name: 'Audit me', role: 'analyst' } });
  await call(h, admin, `/v1/api-keys/${key.body.apiKey.id}`, { method: 'DELETE' });
  assert.equal((await latest('api_key.created'))?.target.id, key.body.apiKey.id);
  assert.deepEqual((await latest('api_key.revoked'))?.details, {
    name: 'Audit me',
    prefix: key.body.apiKey.prefix,
  });

  const analyst = await userOfRole(h, 'analyst');
  await call(h, admin, `/v1/users/${analyst.id}`, { method: 'PATCH', body: { role: 'marketer' } });
  assert.deepEqual((await latest('user.role_changed'))?.details, {
    email: 'analyst@roles.test',
    from: 'analyst',
    to: 'marketer',
  });
  // Refused inside the change's transaction (the last admin): the record goes with it.
  const refused = await h.api(`/v1/users/${admin.id}`, {
    method: 'PATCH',
    body: { role: 'analyst' },
  });
  assert.equal(refused.status, 409);

  const rows = await h.db('audit_log').select('action', 'target_id');
  assert.equal(rows.filter((r) => r.action === 'setting.custom_field_created').length, 1);
  assert.equal(rows.filter((r) => r.target_id === admin.id).length, 0);
});

test('admins read the log newest first, page by page, filtered by action', async () => {
  const all: Entry[] = [];
  let next: string | null = null;
  do {
    const page = await call(h, admin, `/v1/audit-log?limit=2${next ? `&before=${next}` : ''}`);
    assert.equal(page.status, 200);
    assert.ok(page.body.entries.length <= 2);
    all.push(...page.body.entries);
    next = page.body.next;
  } while (next);
  const total = (await h.db('audit_log').count<{ count: number }[]>('* as count'))[0]!.count;
  assert.equal(all.length, total);
  assert.equal(new Set(all.map((e) => JSON.stringify(e))).size, total, 'no entry twice');
  const times = all.map((e) => Date.parse((e as unknown as { at: string }).at));
  assert.deepEqual(
    times,
    [...times].sort((a, b) => b - a),
  );

  const campaigns = await call(h, admin, '/v1/audit-log?action=campaign.');
  assert.ok(campaigns.body.entries.length >= 2);
  assert.ok(campaigns.body.entries.every((e: Entry) => e.action.startsWith('campaign.')));

  const bad = await call(h, admin, '/v1/audit-log?action=campaign.exploded');
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.problems[0].field, 'action');
  const forged = await call(h, admin, '/v1/audit-log?before=not-a-cursor');
  assert.equal(forged.status, 400);

  const marketer = await userOfRole(h, 'marketer');
  const refused = await call(h, { cookie: marketer.cookie }, '/v1/audit-log');
  assert.equal(refused.status, 403);
  assert.match(refused.body.error.message, /"audit-log:read"/);
});
