// Mass mailings through the api with the worker running and a real SMTP server: drafts and the
// 400s that name the field, the edit rules in each status, a mailing frozen from two audiences
// (one email per customer, the left-out counted by reason), and pause and resume mid-send with
// nobody sent twice or skipped, and a batch whose worker died mid-send.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createHarness, eventually, type Harness } from '../scripts/testing/harness.ts';
import { audienceOf } from '../scripts/testing/mailings.ts';
import { mailingMessageKey } from '../workflows/mailing-api.ts';

let h: Harness;
let templateId: string;
before(async () => {
  h = await createHarness();
  await h.startWorker();
  const t = await h.api('/v1/templates', {
    body: {
      name: 'Winter sale',
      subject: 'Hello {{ customer.firstName }}',
      mjml: '<mjml><mj-body><mj-section><mj-column><mj-text>Sale for {{ customer.firstName }}</mj-text></mj-column></mj-section></mj-body></mjml>',
    },
  });
  assert.equal(t.status, 201, JSON.stringify(t.body));
  templateId = t.body.template.id;
});
after(() => h?.close());

async function customer(externalId: string, attrs: Record<string, unknown> = {}) {
  const res = await h.api('/v1/customers', {
    body: { externalId, firstName: externalId, ...attrs },
  });
  assert.ok(res.status === 201 || res.status === 200, JSON.stringify(res.body));
  return res.body.customer.id as string;
}

const audience = (name: string, customerIds: string[]) => audienceOf(h, name, customerIds);

const fields = (body: { error: { problems: { field: string }[] } }) =>
  body.error.problems.map((p) => p.field);

async function finished(id: string, status = 'sent') {
  return eventually(async () => {
    const m = await h.api(`/v1/mailings/${id}`);
    return m.body.mailing.status === status ? m.body.mailing : undefined;
  }, 60_000);
}

test('a draft saves with its problems; impossible input is a 400 naming the field and the fix', async () => {
  const draft = await h.api('/v1/mailings', { body: { name: 'Draft', channel: 'email' } });
  assert.equal(draft.status, 201, JSON.stringify(draft.body));
  assert.equal(draft.body.mailing.status, 'draft');
  assert.deepEqual(
    draft.body.mailing.problems.map((p: { field: string }) => p.field),
    ['templateId', 'audience.include'],
  );
  const start = await h.api(`/v1/mailings/${draft.body.mailing.id}/start`, { method: 'POST' });
  assert.equal(start.status, 400, 'problems block starting');
  assert.deepEqual(fields(start.body), ['templateId', 'audience.include']);

  const otherChannel = await h.api('/v1/mailings', {
    body: { name: 'SMS', channel: 'sms', templateId },
  });
  assert.equal(otherChannel.status, 400);
  assert.deepEqual(fields(otherChannel.body), ['templateId']);
  assert.match(otherChannel.body.error.problems[0].message, /for email/);

  const past = await h.api('/v1/mailings', {
    body: {
      name: 'Late',
      channel: 'email',
      delivery: { mode: 'at', at: new Date(Date.now() - 60_000).toISOString() },
    },
  });
  assert.equal(past.status, 400);
  assert.deepEqual(fields(past.body), ['delivery.at']);

  const unknown = await h.api('/v1/mailings', {
    body: {
      name: 'Ghost',
      channel: 'email',
      audience: { include: { segments: ['7b0c1f3e-0000-4000-8000-000000000000'] } },
    },
  });
  assert.equal(unknown.status, 400);
  assert.deepEqual(fields(unknown.body), ['audience.include.segments.0']);

  const empty = await h.api('/v1/mailings', {
    body: {
      name: 'Nobody',
      channel: 'email',
      templateId,
      audience: { include: { audiences: [await audience('Empty', [])] } },
    },
  });
  assert.equal(empty.status, 201);
  const emptyStart = await h.api(`/v1/mailings/${empty.body.mailing.id}/start`, {
    method: 'POST',
  });
  assert.equal(emptyStart.status, 400);
  assert.deepEqual(fields(emptyStart.body), ['audience.include']);
});

test('the edit rules: everything before the start, then pause, cancel and throttle, then attribution', async () => {
  const someone = await customer('edit-rules', { email: 'edit-rules@example.com' });
  const body = {
    name: 'Tomorrow',
    channel: 'email',
    templateId,
    audience: { include: { audiences: [await audience('One', [someone])] } },
    delivery: { mode: 'at', at: new Date(Date.now() + 3_600_000).toISOString() },
  };
  const made = await h.api('/v1/mailings', { body });
  const id = made.body.mailing.id as string;
  assert.deepEqual(made.body.mailing.problems, []);
  const start = await h.api(`/v1/mailings/${id}/start`, { method: 'POST' });
  assert.equal(start.status, 202, JSON.stringify(start.body));
  assert.equal(start.body.mailing.status, 'scheduled');

  const renamed = await h.api(`/v1/mailings/${id}`, {
    method: 'PUT',
    body: { ...body, name: 'Tomorrow, renamed' },
  });
  assert.equal(renamed.status, 200, 'a scheduled mailing has not started: it can be edited');
  const incomplete = await h.api(`/v1/mailings/${id}`, {
    method: 'PUT',
    body: { ...body, templateId: null },
  });
  assert.equal(incomplete.status, 400, 'a scheduled mailing must stay complete');
  assert.equal((await h.api(`/v1/mailings/${id}/pause`, { method: 'POST' })).status, 409);
  const throttle = await h.api(`/v1/mailings/${id}/throttle`, {
    method: 'PUT',
    body: { throttlePerMinute: 600 },
  });
  assert.equal(throttle.body.mailing.throttlePerMinute, 600);

  const cancelled = await h.api(`/v1/mailings/${id}/cancel`, { method: 'POST' });
  assert.equal(cancelled.status, 200);
  assert.equal(cancelled.body.mailing.status, 'cancelled');
  const edit = await h.api(`/v1/mailings/${id}`, { method: 'PUT', body });
  assert.equal(edit.status, 409);
  assert.match(edit.body.error.message, /only its attribution/);
  assert.equal(
    (
      await h.api(`/v1/mailings/${id}/throttle`, {
        method: 'PUT',
        body: { throttlePerMinute: 10 },
      })
    ).status,
    409,
  );
  const attribution = await h.api(`/v1/mailings/${id}/attribution`, {
    method: 'PUT',
    body: { attribution: { windowDays: 7 } },
  });
  assert.equal(attribution.status, 200);
  assert.equal(attribution.body.mailing.attribution.windowDays, 7);
  assert.equal((await h.api(`/v1/mailings/${id}`, { method: 'DELETE' })).status, 409);
  assert.equal(h.smtp.to('edit-rules@example.com').length, 0, 'a cancelled mailing sent nothing');
});

test('sent now: one email per customer across audiences, the left-out counted by reason', async () => {
  const [a, b, c, noEmail, gone] = await Promise.all([
    customer('mail-a', { email: 'mail-a@example.com' }),
    customer('mail-b', { email: 'mail-b@example.com' }),
    customer('mail-c', { email: 'mail-c@example.com' }),
    customer('mail-d'),
    customer('mail-e', { email: 'mail-e@example.com' }),
  ]);
  await h.db('subscriptions').insert({
    customer_id: gone,
    channel: 'email',
    messaging_type: 'promo',
    subscribed: false,
  });
  const made = await h.api('/v1/mailings', {
    body: {
      name: 'Now',
      channel: 'email',
      templateId,
      audience: {
        include: {
          audiences: [
            await audience('First', [a, b, noEmail]),
            await audience('Second', [b, c, gone]),
          ],
        },
        exclude: { audiences: [await audience('Not c', [c])] },
      },
    },
  });
  const id = made.body.mailing.id as string;
  assert.equal((await h.api(`/v1/mailings/${id}/start`, { method: 'POST' })).status, 202);
  const sent = await finished(id);
  assert.equal(h.smtp.to('mail-a@example.com').length, 1);
  assert.equal(h.smtp.to('mail-b@example.com').length, 1, 'in two audiences, sent once');
  assert.equal(h.smtp.to('mail-a@example.com')[0]!.subject, 'Hello mail-a');
  assert.equal(h.smtp.to('mail-c@example.com').length, 0, 'excluded');
  assert.equal(h.smtp.to('mail-e@example.com').length, 0, 'unsubscribed');
  assert.equal(sent.counts.recipients, 2);
  assert.equal(sent.counts.sent, 2);
  assert.equal(sent.counts.queued, 0);
  assert.equal(sent.excluded.no_contact, 1);
  assert.equal(sent.excluded.unsubscribed, 1);
  assert.ok(sent.freezeMs !== null && sent.finishedAt !== null);
});

test('paused and resumed mid-send: nobody is sent twice or skipped', async () => {
  const n = 40;
  const ids = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      customer(`pause-${i}`, { email: `pause-${i}@example.com` }),
    ),
  );
  const made = await h.api('/v1/mailings', {
    body: {
      name: 'Paced',
      channel: 'email',
      templateId,
      // 10 a batch, one batch per 5 seconds.
      throttlePerMinute: 120,
      audience: { include: { audiences: [await audience('Forty', ids)] } },
    },
  });
  const id = made.body.mailing.id as string;
  await h.api(`/v1/mailings/${id}/start`, { method: 'POST' });
  const ours = () =>
    h.smtp.mails.filter((m) => /^pause-/.test(m.to ? String((m.to as { text: string }).text) : ''));
  await eventually(() => Promise.resolve(ours().length >= 10 ? true : undefined), 30_000);
  const paused = await h.api(`/v1/mailings/${id}/pause`, { method: 'POST' });
  assert.equal(paused.status, 200, JSON.stringify(paused.body));
  await new Promise((r) => setTimeout(r, 1500)); // a batch in flight may finish
  const atPause = ours().length;
  assert.ok(atPause < n, 'paused before the end');
  await new Promise((r) => setTimeout(r, 7000)); // longer than a throttle slice
  assert.equal(ours().length, atPause, 'nothing leaves while paused');
  assert.equal((await h.api(`/v1/mailings/${id}`)).body.mailing.status, 'paused');

  assert.equal((await h.api(`/v1/mailings/${id}/resume`, { method: 'POST' })).status, 200);
  const sent = await finished(id);
  const addresses = ours().map((m) => (m.to as { text: string }).text);
  assert.equal(addresses.length, n, 'each sent once');
  assert.equal(new Set(addresses).size, n, 'nobody twice, nobody skipped');
  assert.equal(sent.counts.sent, n);
});

test('a worker that died mid-batch: what it had claimed but never handed over is sent, what it was sending is not sent twice', async () => {
  const [claimed, inFlight, fresh] = await Promise.all(
    ['crash-claimed', 'crash-inflight', 'crash-fresh'].map((x) =>
      customer(x, { email: `${x}@example.com` }),
    ),
  );
  const made = await h.api('/v1/mailings', {
    body: {
      name: 'Crashed',
      channel: 'email',
      templateId,
      audience: {
        include: { audiences: [await audience('Crash', [claimed!, inFlight!, fresh!])] },
      },
    },
  });
  const id = made.body.mailing.id as string;
  // What the batch of a worker killed (-9) mid-send leaves: claims still "sending", one handed
  // to the gateway (an attempt counted), one not yet.
  const left = (customerId: string, attempts: number) => ({
    idempotency_key: mailingMessageKey(id, customerId),
    customer_id: customerId,
    mailing_id: id,
    channel: 'email',
    template_id: templateId,
    messaging_type: 'promo',
    to_address: customerId === claimed ? 'crash-claimed@example.com' : 'crash-inflight@example.com',
    status: 'sending',
    attempts,
  });
  await h.db('messages').insert([left(claimed!, 0), left(inFlight!, 1)]);
  assert.equal((await h.api(`/v1/mailings/${id}/start`, { method: 'POST' })).status, 202);
  await finished(id);
  assert.equal(
    h.smtp.to('crash-claimed@example.com').length,
    1,
    'claimed, never handed over: sent',
  );
  assert.equal(h.smtp.to('crash-fresh@example.com').length, 1);
  assert.equal(h.smtp.to('crash-inflight@example.com').length, 0, 'maybe sent: not sent again');
  const statuses = await h
    .db('messages')
    .where({ mailing_id: id })
    .select<{ customer_id: string; status: string }[]>('customer_id', 'status');
  const of = (c: string) => statuses.find((s) => s.customer_id === c)?.status;
  assert.deepEqual([of(claimed!), of(inFlight!), of(fresh!)], ['sent', 'unknown', 'sent']);
});
