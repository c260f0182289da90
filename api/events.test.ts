// End to end through the HTTP api, real Postgres, real Temporal and a real SMTP server.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  abandonedCartGraph,
  cartReminderTemplate,
  welcomeGraph,
  welcomeTemplate,
} from '../scripts/demo-campaigns.ts';
import { createHarness, eventually, type Harness } from '../scripts/testing/harness.ts';
import {
  createTemplate,
  entriesOf,
  publishCampaign,
  publishWelcome,
} from '../scripts/testing/fixtures.ts';

let h: Harness;
let welcomeId: string;

before(async () => {
  h = await createHarness();
  await h.startWorker();
  welcomeId = await publishWelcome(h);
});
after(() => h.close());

describe('a signed_up event', () => {
  test('puts a welcome email addressed by name at the SMTP server', async () => {
    const res = await h.api('/v1/events', {
      body: {
        type: 'signed_up',
        externalId: 'ada-1',
        customer: { email: 'ada@example.com', firstName: 'Ada', city: 'London' },
      },
    });
    assert.equal(res.status, 202, JSON.stringify(res.body));
    assert.equal(res.body.journeysStarted.length, 1);
    assert.equal(res.body.journeysStarted[0].campaignId, welcomeId);
    const [mail] = await h.smtp.waitFor((m) => m.subject === 'Welcome to Herald Shop, Ada!');
    assert.match(mail!.html as string, /Welcome, Ada!/);
    assert.match(mail!.html as string, /from London/);
    assert.equal(
      mail!.to && !Array.isArray(mail!.to) ? mail!.to.value[0]?.address : undefined,
      'ada@example.com',
    );

    const message = await eventually(
      async () =>
        (await h
          .db('messages')
          .where({ customer_id: res.body.customerId, status: 'sent' })
          .first()) as { subject: string } | undefined,
    );
    assert.equal(message.subject, 'Welcome to Herald Shop, Ada!');
    const entry = await eventually(async () => {
      const [e] = await entriesOf(h, welcomeId, res.body.customerId);
      return e?.status === 'completed' ? e : undefined;
    });
    assert.equal(entry.version, 1);
  });

  test('carries the campaign and customer as search attributes for the Temporal UI', async () => {
    const res = await h.api('/v1/events', {
      body: { type: 'signed_up', externalId: 'sa-1', customer: { email: 'sa@example.com' } },
    });
    const handle = h.temporal.workflow.getHandle(res.body.journeysStarted[0].workflowId);
    const description = await handle.describe();
    assert.deepEqual(description.searchAttributes.CampaignId, [welcomeId]);
    assert.deepEqual(description.searchAttributes.CustomerId, [res.body.customerId]);
    assert.deepEqual(description.searchAttributes.CampaignVersion, [1]);
  });
});

describe('the re-entry guard', () => {
  test('the same event posted twice starts one journey and sends one email', async () => {
    const event = {
      type: 'signed_up',
      externalId: 'twice-1',
      customer: { email: 'twice@example.com', firstName: 'Twice' },
    };
    const first = await h.api('/v1/events', { body: { ...event, idempotencyKey: 'k-twice' } });
    const second = await h.api('/v1/events', { body: { ...event, idempotencyKey: 'k-twice' } });
    const third = await h.api('/v1/events', { body: event }); // a new delivery without a key
    assert.equal(first.body.journeysStarted.length, 1);
    assert.equal(second.body.duplicate, true);
    assert.equal(second.body.id, first.body.id);
    assert.equal(third.body.journeysStarted.length, 0);
    await h.smtp.waitFor((m) => m.subject === 'Welcome to Herald Shop, Twice!');
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(h.smtp.to('twice@example.com').length, 1);
    assert.equal((await entriesOf(h, welcomeId, first.body.customerId)).length, 1);
    assert.equal(
      await h
        .db('events')
        .where({ customer_id: first.body.customerId })
        .count('* as n')
        .first()
        .then((r) => r?.n),
      2,
    );
  });

  test('two different trigger events racing for one customer start one journey', async () => {
    const templateId = await createTemplate(h, {
      ...welcomeTemplate,
      subject: 'Race winner {{ customer.firstName }}',
    });
    const graph = welcomeGraph(templateId);
    graph.nodes.push({ id: 'registered', kind: 'trigger', eventType: 'registered' });
    graph.edges.push({ from: 'registered', to: 'welcome-email', exit: 'next' });
    const campaignId = await publishCampaign(h, 'Race', graph);
    for (let i = 0; i < 10; i++) {
      const customer = { email: `race${i}@example.com`, firstName: `Racer${i}` };
      const results = await Promise.all([
        h.api('/v1/events', { body: { type: 'signed_up', externalId: `race-${i}`, customer } }),
        h.api('/v1/events', { body: { type: 'registered', externalId: `race-${i}`, customer } }),
      ]);
      assert.ok(
        results.every((r) => r.status === 202),
        JSON.stringify(results.map((r) => r.body)),
      );
      const started = results
        .flatMap((r) => r.body.journeysStarted)
        .filter((j: { campaignId: string }) => j.campaignId === campaignId);
      assert.equal(started.length, 1, `customer ${i}: ${JSON.stringify(started)}`);
      assert.equal((await entriesOf(h, campaignId, results[0].body.customerId)).length, 1);
    }
    const mails = await h.smtp.waitFor((m) => m.subject?.startsWith('Race winner') ?? false, {
      count: 10,
    });
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(
      h.smtp.mails.filter((m) => m.subject?.startsWith('Race winner')).length,
      10,
      `${mails.length}`,
    );
  });
});

describe('the abandoned-cart campaign', () => {
  let cartId: string;
  before(async () => {
    const templateId = await createTemplate(h, cartReminderTemplate);
    cartId = await publishCampaign(
      h,
      'Abandoned cart',
      abandonedCartGraph(templateId, { amount: 2, unit: 'seconds' }),
    );
  });

  test('emails a customer who did not buy after the wait', async () => {
    const res = await h.api('/v1/events', {
      body: {
        type: 'cart_updated',
        externalId: 'cart-1',
        properties: { total: '$42' },
        customer: { email: 'cart1@example.com', firstName: 'Carla' },
      },
    });
    assert.equal(res.body.journeysStarted[0].campaignId, cartId);
    const [mail] = await h.smtp.waitFor(
      (m) => m.subject === 'Carla, you left something in your cart',
    );
    assert.match(mail!.html as string, /worth \$42/);
  });

  test('a purchase during the wait ends the journey without an email', async () => {
    const customer = { email: 'cart2@example.com', firstName: 'Bea' };
    const res = await h.api('/v1/events', {
      body: { type: 'cart_updated', externalId: 'cart-2', customer },
    });
    const purchase = await h.api('/v1/events', {
      body: { type: 'purchase', externalId: 'cart-2', properties: { total: 42 } },
    });
    assert.equal(purchase.body.journeysSignalled, 1);
    const handle = h.temporal.workflow.getHandle(res.body.journeysStarted[0].workflowId);
    const state = await handle.result();
    assert.deepEqual(state.path, ['wait', 'purchased', 'converted']);
    assert.equal(h.smtp.to('cart2@example.com').length, 0);
  });
});
