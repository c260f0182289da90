// A journey whose cascade falls from push to SMS to email as contacts are missing, invalid or
// unsubscribed, with the real worker, its SMPP gateway to a local SMSC and the SMTP peer; the
// reason is recorded on the message of each channel it skipped.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { welcomeTemplate } from '../scripts/demo-campaigns.ts';
import { createTemplate, publishCampaign } from '../scripts/testing/fixtures.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';
import {
  INVALID_SUFFIX,
  type Smsc,
  SMSC_PASSWORD,
  SMSC_SYSTEM_ID,
  startSmsc,
} from '../scripts/testing/smsc.ts';
import type { JourneyState } from './journey-api.ts';

let h: Harness;
let smsc: Smsc;

before(async () => {
  h = await createHarness();
  smsc = await startSmsc();
  const gateway = await h.api('/v1/gateways', {
    body: {
      name: 'SMSC',
      provider: 'smpp',
      settings: { host: '127.0.0.1', port: smsc.port },
      credentials: { systemId: SMSC_SYSTEM_ID, password: SMSC_PASSWORD },
      senders: ['Shop'],
    },
  });
  assert.equal(gateway.status, 201, JSON.stringify(gateway.body));
  const emailTemplate = await createTemplate(h, {
    ...welcomeTemplate,
    subject: 'Your order, {{ customer.firstName }}',
  });
  const sms = {
    id: await createTemplate(h, {
      name: 'Order SMS',
      channel: 'sms',
      body: 'Order shipped, {{ customer.firstName }}',
    }),
  };
  await publishCampaign(h, 'Shipped', {
    // Each shipment notifies again, once the last notice is done.
    reentry: { kind: 'notWhileRunning' },
    nodes: [
      { id: 'in', kind: 'trigger', eventType: 'order_shipped' },
      {
        id: 'notify',
        kind: 'sendMessage',
        channels: [
          { channel: 'push', templateId: sms.id },
          { channel: 'sms', templateId: sms.id },
          { channel: 'email', templateId: emailTemplate },
        ],
      },
      { id: 'done', kind: 'exit' },
      { id: 'lost', kind: 'exit' },
    ],
    edges: [
      { from: 'in', to: 'notify' },
      { from: 'notify', to: 'done', exit: 'sent' },
      { from: 'notify', to: 'lost', exit: 'undelivered' },
    ],
  });
  await h.startWorker();
});
after(async () => {
  await h.close();
  await smsc.stop();
});

async function ship(externalId: string, phone: string) {
  const res = await h.api('/v1/events', {
    body: {
      type: 'order_shipped',
      externalId,
      customer: { email: `${externalId}@example.com`, phone, firstName: externalId },
    },
  });
  assert.equal(res.status, 202, JSON.stringify(res.body));
  return res.body as { customerId: string; journeysStarted: { workflowId: string }[] };
}

async function cascade(entered: Awaited<ReturnType<typeof ship>>) {
  const state = (await h.temporal.workflow
    .getHandle(entered.journeysStarted[0]!.workflowId)
    .result()) as JourneyState;
  const messages = await h
    .db('messages')
    .where({ customer_id: entered.customerId })
    .orderBy('created_at')
    .select<{ channel: string; status: string; error: string | null }[]>(
      'channel',
      'status',
      'error',
    );
  return { path: state.path, messages: messages.map((m) => [m.channel, m.status, m.error]) };
}

test('no push token and a valid phone: SMS is sent and the cascade stops', async () => {
  const result = await cascade(await ship('ana', '+14155550142'));
  assert.deepEqual(result, {
    path: ['notify', 'done'],
    messages: [
      ['push', 'skipped', 'the customer has no push address'],
      ['sms', 'sent', null],
    ],
  });
  assert.equal(smsc.messages.find((m) => m.to === '14155550142')?.text, 'Order shipped, ana');
});

test('a number the SMSC refuses: flagged, and email takes over; next time SMS is skipped at once', async () => {
  const phone = `+1415555${INVALID_SUFFIX}`;
  const first = await cascade(await ship('bo', phone));
  assert.deepEqual(first, {
    path: ['notify', 'done'],
    messages: [
      ['push', 'skipped', 'the customer has no push address'],
      ['sms', 'failed', 'SMSC refused: ESME_RINVDSTADR (0x0b)'],
      ['email', 'sent', null],
    ],
  });
  await h.smtp.waitFor((m) => m.subject === 'Your order, bo');
  const submits = smsc.submits;
  const again = await ship('bo', phone);
  const second = await cascade(again);
  assert.deepEqual(second.messages.slice(3), [
    ['push', 'skipped', 'the customer has no push address'],
    ['sms', 'skipped', `the customer's sms address ${phone} is invalid`],
    ['email', 'sent', null],
  ]);
  assert.equal(smsc.submits, submits, 'the SMSC was not asked again');
});

test('unsubscribed from promotional SMS: skipped with that reason, email sent', async () => {
  const entered = await ship('cy', '+14155550143');
  // The first journey sent an SMS; the customer then says no to promotional SMS.
  await cascade(entered);
  await h.db('subscriptions').insert({
    customer_id: entered.customerId,
    channel: 'sms',
    messaging_type: 'promo',
    subscribed: false,
  });
  const second = await cascade(await ship('cy', '+14155550143'));
  assert.deepEqual(second.messages.slice(2), [
    ['push', 'skipped', 'the customer has no push address'],
    ['sms', 'skipped', 'the customer unsubscribed from promo sms'],
    ['email', 'sent', null],
  ]);
});
