// Privacy end to end: a customer with a profile, events, a receipt, a sent email, consents and a
// journey still waiting; their export holds all of it; after erasure no table holds their name,
// email, phone or city, and the waiting journey has ended.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { welcomeGraph, welcomeTemplate } from '../scripts/demo-campaigns.ts';
import { importCsv } from '../scripts/testing/csv-import.ts';
import { createHarness, eventually, type Harness } from '../scripts/testing/harness.ts';
import { createTemplate, publishCampaign, waitThenEmail } from '../scripts/testing/fixtures.ts';

let h: Harness;
let customerId: string;
let waitingId: string;

// Distinctive enough that a match anywhere in the database can only be this customer.
const PERSONAL = ['Zebulon', 'Quaxley', 'zebulon.quaxley@example.com', '2079460958', 'Reykjavik'];

before(async () => {
  h = await createHarness();
  await h.startWorker();
  const welcome = await createTemplate(h, welcomeTemplate);
  await publishCampaign(h, 'Welcome', welcomeGraph(welcome));
  waitingId = await publishCampaign(
    h,
    'Wait a day',
    waitThenEmail('signed_up', { amount: 1, unit: 'days' }, welcome),
  );
  const res = await h.api('/v1/events', {
    body: {
      type: 'signed_up',
      externalId: 'zq-1',
      idempotencyKey: 'signup-zebulon.quaxley@example.com',
      customer: {
        email: 'Zebulon.Quaxley@example.com',
        phone: '+44 20 7946 0958',
        firstName: 'Zebulon',
        lastName: 'Quaxley',
        city: 'Reykjavik',
        custom: { nickname: 'Zebulon the Great' },
      },
      properties: { referredBy: 'zebulon.quaxley@example.com' },
    },
  });
  assert.equal(res.status, 202, JSON.stringify(res.body));
  customerId = res.body.customerId;
  await h.smtp.waitFor((m) => m.subject === 'Welcome to Herald Shop, Zebulon!');
  const receipts = await importCsv(
    h,
    'receipts',
    'receiptId,externalId,occurredAt,price,name\nzr-1,zq-1,2026-05-01T10:00:00Z,9.99,Gift box\n',
  );
  assert.equal(receipts.import.rowsImported, 1);
});
after(() => h.close());

test('consents are recorded with time and source, and each change is an event', async () => {
  const sub = await h.api(`/v1/customers/${customerId}/consents`, {
    body: { channel: 'email', messagingType: 'promo', subscribed: true, source: 'signup-form' },
  });
  assert.equal(sub.status, 201, JSON.stringify(sub.body));
  assert.equal(sub.body.changed, true);
  const same = await h.api(`/v1/customers/${customerId}/consents`, {
    body: { channel: 'email', messagingType: 'promo', subscribed: true, source: 'checkout' },
  });
  assert.equal(same.body.changed, false);
  const unsub = await h.api(`/v1/customers/${customerId}/consents`, {
    body: {
      channel: 'email',
      messagingType: 'promo',
      subscribed: false,
      source: 'unsubscribe-link',
    },
  });
  assert.equal(unsub.body.changed, true);
  assert.deepEqual(
    unsub.body.history.map((c: { subscribed: boolean; source: string }) => [
      c.subscribed,
      c.source,
    ]),
    [
      [true, 'signup-form'],
      [true, 'checkout'],
      [false, 'unsubscribe-link'],
    ],
  );
  assert.ok(unsub.body.history.every((c: { at: string }) => !Number.isNaN(Date.parse(c.at))));
  assert.deepEqual(unsub.body.subscriptions, [
    {
      channel: 'email',
      messagingType: 'promo',
      subscribed: false,
      source: 'unsubscribe-link',
      at: unsub.body.subscriptions[0].at,
    },
  ]);
  const events = await h
    .db('events')
    .where({ customer_id: customerId, type: 'subscription_changed' })
    .orderBy('received_at');
  assert.deepEqual(
    events.map((e) => e.properties),
    [
      { channel: 'email', messagingType: 'promo', subscribed: true, source: 'signup-form' },
      { channel: 'email', messagingType: 'promo', subscribed: false, source: 'unsubscribe-link' },
    ],
  );
  const bad = await h.api(`/v1/customers/${customerId}/consents`, {
    body: { channel: 'fax', messagingType: 'promo', subscribed: 'yes' },
  });
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.body.error.problems.map((p: { field: string }) => p.field).sort(), [
    'channel',
    'source',
    'subscribed',
  ]);
});

test('the export holds the profile, events, receipts, messages, journeys and consents', async () => {
  const res = await h.api(`/v1/customers/${customerId}/export`);
  assert.equal(res.status, 200);
  const { data } = res.body;
  assert.equal(data.customer.email, 'zebulon.quaxley@example.com');
  assert.deepEqual(data.contacts.map((c: { channel: string }) => c.channel).sort(), [
    'email',
    'sms',
  ]);
  assert.ok(data.events.some((e: { type: string }) => e.type === 'signed_up'));
  assert.equal(data.receipts.length, 1);
  assert.equal(data.receipt_lines[0].name, 'Gift box');
  assert.equal(data.messages[0].to_address, 'zebulon.quaxley@example.com');
  assert.ok(data.message_status_history.length > 0);
  assert.equal(data.campaign_entries.length, 2);
  assert.equal(data.consent_history.length, 3);
  assert.equal(data.subscriptions.length, 1);
  assert.equal((await h.api(`/v1/customers/${crypto.randomUUID()}/export`)).status, 404);
});

/** Every table with a row whose text (spaces and phone punctuation removed) names the customer. */
async function tablesHoldingPersonalData(): Promise<string[]> {
  const tables: string[] = await h
    .db('information_schema.tables')
    .whereRaw('table_schema = current_schema()')
    .where({ table_type: 'BASE TABLE' })
    .pluck('table_name');
  assert.ok(tables.length >= 20, `only ${tables.length} tables`);
  const found: string[] = [];
  for (const table of tables) {
    const { rows } = await h.db.raw<{ rows: { n: number }[] }>(
      `select count(*)::int as n from ?? as t where regexp_replace(t::text, '[ ()+-]', '', 'g') ilike any(?)`,
      [table, PERSONAL.map((p) => `%${p}%`)],
    );
    if (rows[0]!.n > 0) found.push(table);
  }
  return found;
}

test('after erasure no table holds the personal data, and the waiting journey has ended', async () => {
  // The search does find them before: every table that should hold them does.
  const before = await tablesHoldingPersonalData();
  for (const t of ['customers', 'contacts', 'events', 'messages'])
    assert.ok(before.includes(t), `${t} not found before erasure: ${before.join(', ')}`);
  const [waiting] = await h
    .db('campaign_entries')
    .where({ campaign_id: waitingId, customer_id: customerId });
  assert.equal(waiting.status, 'running');
  const res = await h.api(`/v1/customers/${customerId}/erase`, { method: 'POST' });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.journeysEnded, 1);
  const description = await eventually(async () => {
    const d = await h.temporal.workflow.getHandle(waiting.workflow_id).describe();
    return d.status.name === 'CANCELLED' ? d : undefined;
  });
  assert.equal(description.status.name, 'CANCELLED');

  assert.deepEqual(await tablesHoldingPersonalData(), []);

  // The anonymous history stays: the profile, its events and receipt still count in reports.
  const customer = await h.db('customers').where({ id: customerId }).first();
  assert.equal(customer.source, 'erased');
  assert.ok((await h.db('events').where({ customer_id: customerId })).length >= 3);
  assert.equal((await h.db('receipts').where({ customer_id: customerId })).length, 1);
  assert.ok(await h.db('erasures').where({ customer_id: customerId }).first());
});
