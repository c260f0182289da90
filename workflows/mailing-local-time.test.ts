// A mailing in recipients' local time on Temporal's time-skipping server: a Tokyo customer and a
// New York customer each get it at their own 10:00, hours apart. The day is derived from the
// test server's clock, never today's date or the machine's zone.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import type { Harness } from '../scripts/testing/harness.ts';
import { eventually } from '../scripts/testing/harness.ts';
import { timeSkippingHarness } from '../scripts/testing/time-skipping.ts';

let env: TestWorkflowEnvironment;
let h: Harness;
let close: (() => Promise<void>) | undefined;
before(async () => {
  ({ env, h, close } = await timeSkippingHarness());
});
after(() => close?.());

async function customer(externalId: string, timeZone: string) {
  const res = await h.api('/v1/customers', {
    body: { externalId, email: `${externalId}@example.com`, timeZone },
  });
  assert.ok(res.status < 300, JSON.stringify(res.body));
  return res.body.customer.id as string;
}

const quiet = () => new Promise((r) => setTimeout(r, 1500));

test('Tokyo and New York customers each get the mailing at their own 10:00', async () => {
  const tokyo = await customer('tokyo', 'Asia/Tokyo');
  const newYork = await customer('new-york', 'America/New_York');
  const t = await h.api('/v1/templates', {
    body: {
      name: 'Morning',
      subject: 'Good morning',
      mjml: '<mjml><mj-body><mj-section><mj-column><mj-text>Hi</mj-text></mj-column></mj-section></mj-body></mjml>',
    },
  });
  const members = await h.api('/v1/audiences', { body: { name: 'Two cities' } });
  const audienceId = members.body.audience.id as string;
  await h.api(`/v1/audiences/${audienceId}/members`, { body: { customerIds: [tokyo, newYork] } });

  // Two days after the server's now: 10:00 there is still ahead everywhere.
  const day = DateTime.fromMillis(await env.currentTimeMs(), { zone: 'UTC' })
    .plus({ days: 2 })
    .toISODate();
  const localTime = `${day}T10:00`;
  const at = (zone: string) => DateTime.fromISO(localTime, { zone }).toMillis();
  const made = await h.api('/v1/mailings', {
    body: {
      name: 'Local ten',
      channel: 'email',
      templateId: t.body.template.id,
      audience: { include: { audiences: [audienceId] } },
      delivery: { mode: 'localTime', localTime },
    },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const id = made.body.mailing.id as string;
  const start = await h.api(`/v1/mailings/${id}/start`, { method: 'POST' });
  assert.equal(start.status, 202, JSON.stringify(start.body));

  const sleepUntil = async (ms: number) => env.sleep(Math.max(0, ms - (await env.currentTimeMs())));
  await sleepUntil(at('Asia/Tokyo') - 60_000);
  await quiet();
  assert.equal(h.smtp.to('tokyo@example.com').length, 0, 'not before 10:00 in Tokyo');

  await sleepUntil(at('Asia/Tokyo') + 60_000);
  await h.smtp.waitFor((m) => m.subject === 'Good morning', { count: 1, timeoutMs: 20_000 });
  assert.equal(h.smtp.to('tokyo@example.com').length, 1, 'Tokyo at its 10:00');
  assert.equal(h.smtp.to('new-york@example.com').length, 0, 'New York is still asleep');

  await sleepUntil(at('America/New_York') - 60_000);
  await quiet();
  assert.equal(h.smtp.to('new-york@example.com').length, 0, 'not before 10:00 in New York');
  await sleepUntil(at('America/New_York') + 60_000);
  await h.smtp.waitFor((m) => m.subject === 'Good morning', { count: 2, timeoutMs: 20_000 });
  assert.equal(h.smtp.to('new-york@example.com').length, 1, 'New York at its 10:00');
  assert.equal(h.smtp.to('tokyo@example.com').length, 1, 'Tokyo once');

  await sleepUntil(at('America/New_York') + 120_000);
  const sent = await eventually(async () => {
    const m = await h.api(`/v1/mailings/${id}`);
    return m.body.mailing.status === 'sent' ? m.body.mailing : undefined;
  });
  assert.equal(sent.counts.sent, 2);
});
