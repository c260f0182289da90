// The entry pipeline through Herald's public doors (the api, the tracker, a tracked email's
// link), against real Postgres, Temporal and SMTP: every door earns points by rule, a refused
// request writes nothing, and a profile-changing event reads its customer's journeys once.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { publishWelcome } from '../scripts/testing/fixtures.ts';
import { createHarness, eventually, type Harness } from '../scripts/testing/harness.ts';
import { userHash } from '../core/tracker-identity.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
  await h.startWorker();
  await publishWelcome(h);
});
after(() => h?.close());

const customerByExternalId = (externalId: string) =>
  h.db('customers').where({ external_id: externalId }).first();
const eventsOf = (customerId: string) =>
  h.db('events').where({ customer_id: customerId }).orderBy('received_at').select('*');
const balanceOf = async (customerId: string) =>
  (await h.api(`/v1/customers/${customerId}/points`)).body.balance as number;
const rule = async (eventType: string, amount: number) => {
  const res = await h.api('/v1/points-rules', {
    body: { kind: 'event', name: `For ${eventType}`, eventType, amount },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
};

test('a points rule on page_view accrues for pages the tracker reports', async () => {
  await rule('page_view', 5);
  const origin = 'http://shop.example.test';
  const site = await h.api('/v1/tracker-sites', {
    body: { name: 'Shop', allowedOrigins: [origin] },
  });
  const collect = async (body: object) => {
    const res = await fetch(`${h.apiUrl}/track/collect`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin },
      body: JSON.stringify({ key: site.body.site.publicKey, visitorId: 'visitor-pv-1', ...body }),
    });
    assert.equal(res.status, 202, await res.clone().text());
    return (await res.json()) as Record<string, unknown>;
  };
  const { customerId } = (await collect({
    type: 'identify',
    externalId: 'pv-1',
    userHash: userHash(site.body.identitySecret, 'pv-1'), // as the shop's server signs it
  })) as { customerId: string };
  await collect({ type: 'page_view', eventId: 'e-1', url: `${origin}/` });
  await collect({ type: 'page_view', eventId: 'e-1', url: `${origin}/` }); // a retried request
  assert.equal(await balanceOf(customerId), 5);
  const announced = (await eventsOf(customerId)).filter((e) => e.type === 'points_accrued');
  assert.deepEqual(
    announced.map((e) => e.properties),
    [{ amount: 5, balance: 5, reason: 'For page_view: page_view' }],
  );
});

test('a points rule on email_clicked accrues when a tracked link is clicked', async () => {
  await rule('email_clicked', 20);
  await h.api('/v1/events', {
    body: { type: 'signed_up', externalId: 'clk-1', customer: { email: 'clk-1@example.com' } },
  });
  const [mail] = await h.smtp.waitFor((m) => JSON.stringify(m.to ?? '').includes('clk-1@'));
  const link = /href="([^"]*\/t\/c\/[^"]+)"/.exec(String(mail!.html))?.[1]?.replace(/&amp;/g, '&');
  assert.ok(link, 'the welcome email has a tracked link');
  assert.equal((await fetch(link, { redirect: 'manual' })).status, 302);
  const { id } = await customerByExternalId('clk-1');
  assert.equal(await eventually(async () => ((await balanceOf(id)) === 20 ? 20 : undefined)), 20);
});

test('a 400 for a mismatched customer leaves nothing written', async () => {
  const known = await h.api('/v1/events', { body: { type: 'viewed', externalId: 'mm-1' } });
  assert.equal(known.status, 202);
  const customers = await h.db('customers').count<{ n: string }[]>('* as n');
  const events = await h.db('events').count<{ n: string }[]>('* as n');
  for (const externalId of ['mm-new', 'pv-1']) {
    const res = await h.api('/v1/events', {
      body: {
        type: 'viewed',
        externalId,
        customerId: known.body.customerId,
        customer: { email: 'taken-over@example.com', firstName: 'Mallory' },
      },
    });
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.equal(res.body.error.problems[0].field, 'customerId');
  }
  assert.deepEqual(await h.db('customers').count('* as n'), customers);
  assert.deepEqual(await h.db('events').count('* as n'), events);
  assert.equal(await customerByExternalId('mm-new'), undefined);
  assert.equal((await customerByExternalId('pv-1')).email, null, 'the other customer is untouched');
});

test('an event that changes the profile stores itself and one profile_updated, its campaigns from the catalogue', async () => {
  const first = await h.api('/v1/events', {
    body: { type: 'viewed', externalId: 'pc-1', customer: { firstName: 'Ann' } },
  });
  const queries: string[] = [];
  const listen = (q: { sql: string }) => queries.push(q.sql);
  h.db.on('query', listen);
  const res = await h.api('/v1/events', {
    body: { type: 'viewed', externalId: 'pc-1', customer: { firstName: 'Anna', city: 'Oslo' } },
  });
  h.db.off('query', listen);
  assert.equal(res.status, 202, JSON.stringify(res.body));
  const stored = (await eventsOf(first.body.customerId)).slice(1);
  assert.deepEqual(
    stored.map((e) => e.type),
    ['profile_updated', 'viewed'],
  );
  assert.deepEqual(stored[0].properties.changed.sort(), ['city', 'firstName']);
  const reads = (table: string) =>
    queries.filter((sql) => sql.startsWith('select') && sql.includes(`"${table}"`)).length;
  // The first event read them; nothing was published since (entry/catalogue.test.ts).
  assert.equal(reads('campaign_versions'), 0, 'the active campaigns come from the catalogue');
  assert.equal(reads('campaign_entries'), 1, "the customer's open journeys are read once");
});
