// Open and click tracking end to end: a real email from a real journey carries a signed pixel
// and signed links; opening and clicking them records the message's status, emits the message
// events that trigger campaigns ("clicked the welcome email"), and a forged link goes nowhere.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { entriesOf, publishCampaign, publishWelcome } from '../scripts/testing/fixtures.ts';
import { createHarness, eventually, type Harness } from '../scripts/testing/harness.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
  await h.startWorker();
});
after(() => h?.close());

test('opening and clicking a tracked email records it and triggers message-event campaigns', async () => {
  await publishWelcome(h);
  const followUp = await publishCampaign(h, 'Clicked welcome', {
    nodes: [
      {
        id: 'in',
        kind: 'trigger',
        eventType: 'email_clicked',
        filters: [{ property: 'url', operator: 'contains', value: 'shop.example.com' }],
      },
      { id: 'out', kind: 'exit' },
    ],
    edges: [{ from: 'in', to: 'out' }],
  });
  await h.api('/v1/events', {
    body: { type: 'signed_up', externalId: 'trk-1', customer: { email: 'trk-1@example.com' } },
  });
  const [mail] = await h.smtp.waitFor(
    (m) => m.to !== undefined && JSON.stringify(m.to).includes('trk-1@'),
  );
  const html = String(mail!.html);
  const pixel = /<img src="([^"]*\/t\/o\/[^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
  const link = /href="([^"]*\/t\/c\/[^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
  assert.ok(pixel && link, 'the email carries a pixel and a tracked link');
  assert.ok(pixel.startsWith(h.apiUrl) && link.startsWith(h.apiUrl));

  const opened = await fetch(pixel);
  assert.equal(opened.status, 200);
  assert.equal(opened.headers.get('content-type'), 'image/gif');
  await fetch(pixel); // a replayed open records nothing new and triggers nothing new
  const clicked = await fetch(link, { redirect: 'manual' });
  assert.equal(clicked.status, 302);
  assert.equal(clicked.headers.get('location'), 'https://shop.example.com');

  const [customerId] = await h.db('customers').where({ external_id: 'trk-1' }).pluck('id');
  const [message] = await h.db('messages').where({ customer_id: customerId });
  const history = await h
    .db('message_status_history')
    .where({ message_id: message.id })
    .orderBy('id')
    .pluck('status');
  assert.deepEqual(history, ['sending', 'sent', 'opened', 'clicked']);
  const events = await h
    .db('events')
    .where({ customer_id: customerId })
    .whereIn('type', ['email_opened', 'email_clicked'])
    .orderBy('type')
    .select('type', 'properties');
  assert.deepEqual(
    events.map((e: { type: string }) => e.type),
    ['email_clicked', 'email_opened'],
  );
  assert.equal(events[0].properties.url, 'https://shop.example.com');
  assert.equal(events[1].properties.messageId, message.id);
  await eventually(async () => ((await entriesOf(h, followUp)).length === 1 ? true : undefined));
});

test('a link whose target was altered, or a made-up token, is refused', async () => {
  const opens = async () =>
    (await h.db('message_status_history').where({ status: 'opened' })).length;
  const before = await opens();
  const bad = await fetch(
    `${h.apiUrl}/t/c/some-message.forgedsignature?u=https%3A%2F%2Fevil.example`,
    {
      redirect: 'manual',
    },
  );
  assert.equal(bad.status, 404);
  assert.match(
    ((await bad.json()) as { error: { message: string } }).error.message,
    /not one Herald sent/,
  );
  const pixel = await fetch(`${h.apiUrl}/t/o/nope.nope`);
  assert.equal(pixel.status, 200, 'a bad pixel still answers an image, and records nothing');
  assert.equal(await opens(), before);
});
