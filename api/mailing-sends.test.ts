// What a mailing sends, through the api with the worker running, a real SMTP server and a real
// SMSC: the template revision pinned when it was saved (never a later publication or the draft);
// an email mailing From its chosen sender, through the gateway that lists it;
// an SMS mailing whose messages are each sent once and recorded sent; and the control groups
// (the global one and an A/B test's) marked on the frozen audience for the uplift to read.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { mailingUplift } from '../db/effectiveness.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';
import { audienceOf, mailingIn } from '../scripts/testing/mailings.ts';
import { SMSC_PASSWORD, SMSC_SYSTEM_ID, type Smsc, startSmsc } from '../scripts/testing/smsc.ts';

let h: Harness;
let smsc: Smsc;
before(async () => {
  h = await createHarness();
  smsc = await startSmsc();
  const gateway = await h.api('/v1/gateways', {
    body: {
      name: 'Test SMSC',
      provider: 'smpp',
      settings: { host: '127.0.0.1', port: smsc.port, windowSize: 4 },
      credentials: { systemId: SMSC_SYSTEM_ID, password: SMSC_PASSWORD },
      senders: ['Herald'],
    },
  });
  assert.equal(gateway.status, 201, JSON.stringify(gateway.body));
  await h.startWorker();
});
after(async () => {
  await h?.close();
  await smsc?.stop();
});

async function customers(prefix: string, n: number, attrs: (i: number) => object) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await h.api('/v1/customers', {
      body: { externalId: `${prefix}-${i}`, firstName: `${prefix}${i}`, ...attrs(i) },
    });
    assert.ok(res.status < 300, JSON.stringify(res.body));
    ids.push(res.body.customer.id as string);
  }
  return ids;
}

async function mailing(body: Record<string, unknown>, customerIds: string[]) {
  const made = await h.api('/v1/mailings', {
    body: {
      ...body,
      audience: { include: { audiences: [await audienceOf(h, String(body.name), customerIds)] } },
    },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  return made.body.mailing as { id: string; templateRevision: number | null };
}
const start = async (id: string) =>
  assert.equal((await h.api(`/v1/mailings/${id}/start`, { method: 'POST' })).status, 202);

async function template(body: Record<string, unknown>) {
  const t = await h.api('/v1/templates', { body });
  assert.equal(t.status, 201, JSON.stringify(t.body));
  return t.body.template.id as string;
}
/** Changes the template's draft, and publishes it when asked. */
async function edit(id: string, body: Record<string, unknown>, publish: boolean) {
  const put = await h.api(`/v1/templates/${id}`, { method: 'PUT', body });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  if (publish)
    assert.equal((await h.api(`/v1/templates/${id}/publish`, { method: 'POST' })).status, 201);
}
const mjml = (text: string) =>
  `<mjml><mj-body><mj-section><mj-column><mj-text>${text}</mj-text></mj-column></mj-section></mj-body></mjml>`;

test('a mailing sends the template revision pinned when it was saved, not a later one or the draft', async () => {
  const templateId = await template({ name: 'Pinned', subject: 'First', mjml: mjml('one') });
  const [early, late] = await customers('pin', 2, (i) => ({ email: `pin-${i}@example.com` }));
  const saved = await mailing({ name: 'Early', channel: 'email', templateId }, [early!]);
  assert.equal(saved.templateRevision, 1, 'the published revision is pinned on save');
  // Published since (revision 2), then changed again without publishing (the draft).
  await edit(templateId, { name: 'Pinned', subject: 'Second', mjml: mjml('two') }, true);
  await edit(templateId, { name: 'Pinned', subject: 'Draft', mjml: mjml('draft') }, false);
  const later = await mailing({ name: 'Late', channel: 'email', templateId }, [late!]);
  assert.equal(later.templateRevision, 2, 'the published one, never the draft');

  const wrong = await h.api('/v1/mailings', {
    body: { name: 'Wrong', channel: 'email', templateId, templateRevision: 99 },
  });
  assert.equal(wrong.status, 400);
  assert.deepEqual(
    wrong.body.error.problems.map((p: { field: string }) => p.field),
    ['templateRevision'],
  );

  await start(saved.id);
  await start(later.id);
  await mailingIn(h, saved.id);
  await mailingIn(h, later.id);
  const [first] = h.smtp.to('pin-0@example.com');
  const [second] = h.smtp.to('pin-1@example.com');
  assert.equal(first?.subject, 'First');
  assert.match(String(first?.html), /one/);
  assert.equal(second?.subject, 'Second');
  assert.match(String(second?.html), /two/);
});

test('an email mailing is sent From its chosen sender, through the gateway that lists it', async () => {
  // A second SMTP gateway (to the same server) with senders of its own; the environment's stays
  // the default, From its own address.
  const shop = await h.api('/v1/gateways', {
    body: {
      name: 'Shop SMTP',
      provider: 'smtp',
      settings: { host: '127.0.0.1', port: h.smtp.port },
      senders: ['Shop News <news@shop.example>', 'Shop Offers <offers@shop.example>'],
    },
  });
  assert.equal(shop.status, 201, JSON.stringify(shop.body));
  const templateId = await template({ name: 'From', subject: 'Offers', mjml: mjml('offer') });
  const stranger = await h.api('/v1/mailings', {
    body: { name: 'Stranger', channel: 'email', templateId, sender: 'Nobody <no@where.example>' },
  });
  assert.equal(stranger.status, 400, 'a sender no email gateway has');
  assert.equal(stranger.body.error.problems[0].field, 'sender');

  const ids = await customers('from', 4, (i) => ({ email: `from-${i}@example.com` }));
  const offers = await mailing(
    { name: 'Offers', channel: 'email', templateId, sender: 'Shop Offers <offers@shop.example>' },
    ids.slice(0, 3),
  );
  const plain = await mailing({ name: 'Plain', channel: 'email', templateId }, ids.slice(3));
  await start(offers.id);
  await start(plain.id);
  await mailingIn(h, offers.id);
  await mailingIn(h, plain.id);
  for (const i of [0, 1, 2]) {
    const mails = h.smtp.to(`from-${i}@example.com`);
    assert.equal(mails.length, 1);
    assert.equal(mails[0]!.from?.text, '"Shop Offers" <offers@shop.example>');
    assert.deepEqual(
      mails[0]!.from?.value.map((a) => a.address),
      ['offers@shop.example'],
    );
  }
  const [own] = h.smtp.to('from-3@example.com');
  assert.deepEqual(
    own?.from?.value.map((a) => a.address),
    ['tests@herald.local'],
  );
  // Each message records the sender and the gateway it went through.
  const recorded = await h
    .db('messages')
    .whereIn('mailing_id', [offers.id, plain.id])
    .select('mailing_id', 'sender', 'gateway_id', 'status');
  const shopId = shop.body.gateway.id as string;
  assert.equal(recorded.length, 4);
  for (const r of recorded) {
    assert.equal(r.status, 'sent');
    if (r.mailing_id === offers.id) {
      assert.equal(r.sender, 'Shop Offers <offers@shop.example>');
      assert.equal(r.gateway_id, shopId);
    } else {
      assert.equal(r.sender, 'Herald Tests <tests@herald.local>');
      assert.notEqual(r.gateway_id, shopId);
    }
  }
});

test('an SMS mailing through a real SMSC: each recipient sent once and recorded sent', async () => {
  const templateId = await template({
    name: 'SMS sale',
    channel: 'sms',
    body: 'Sale for {{ customer.firstName }}',
  });
  const stranger = await h.api('/v1/mailings', {
    body: { name: 'Stranger', channel: 'sms', templateId, sender: 'Nobody' },
  });
  assert.equal(stranger.status, 400, 'a sender the gateway lacks');
  assert.deepEqual(
    stranger.body.error.problems.map((p: { field: string; message: string }) => [
      p.field,
      p.message,
    ]),
    [['sender', 'no sms gateway has this sender: choose one of Herald, or add it to the gateway']],
  );
  const n = 30;
  const ids = await customers('sms', n, (i) => ({
    phone: `+1415556${String(i).padStart(4, '5')}`,
  }));
  const m = await mailing({ name: 'SMS now', channel: 'sms', templateId, sender: 'Herald' }, ids);
  // The draft changes after the save: the mailing still sends what it pinned.
  await edit(templateId, { name: 'SMS sale', body: 'Draft text' }, false);
  await start(m.id);
  const done = await mailingIn(h, m.id);
  assert.equal(done.counts.sent, n);
  assert.equal(done.counts.failed, 0, 'none recorded unknown or failed');
  assert.equal(smsc.messages.length, n, 'each recipient once');
  assert.equal(new Set(smsc.messages.map((s) => s.to)).size, n);
  assert.ok(smsc.messages.every((s) => /^Sale for sms\d+$/.test(s.text) && s.from === 'Herald'));
  const statuses = await h
    .db('messages')
    .where({ mailing_id: m.id })
    .groupBy('status')
    .select('status', h.db.raw('count(*)::int as n'));
  assert.deepEqual(statuses, [{ status: 'sent', n }]);
});

test('the global and the A/B control groups are marked on the frozen audience, and the uplift reads them', async () => {
  const policy = await h.api('/v1/contact-policy', {
    method: 'PUT',
    body: { caps: [], priorities: {}, quietHours: [], controlGroupPercent: 20 },
  });
  assert.equal(policy.status, 200, JSON.stringify(policy.body));
  const a = await template({ name: 'Variant A', subject: 'A', mjml: mjml('a') });
  const b = await template({ name: 'Variant B', subject: 'B', mjml: mjml('b') });
  const ids = await customers('ctl', 60, (i) => ({ email: `ctl-${i}@example.com` }));
  const m = await mailing(
    {
      name: 'Controlled',
      channel: 'email',
      templateId: a,
      abTest: { variants: [{ templateId: a }, { templateId: b }], controlPercent: 25 },
    },
    ids,
  );
  await start(m.id);
  const done = await mailingIn(h, m.id);
  const { control_group: global, ab_control: ab } = done.excluded;
  assert.ok(global > 0 && ab > 0, JSON.stringify(done.excluded));
  const marked = await h
    .db('mailing_recipients')
    .where({ mailing_id: m.id, control: true })
    .select<{ reason: string }[]>('reason');
  assert.equal(marked.filter((r) => r.reason === 'control_group').length, global);
  assert.equal(marked.filter((r) => r.reason === 'ab_control').length, ab);
  assert.equal(marked.length, global + ab, 'nobody else is control');
  const uplift = await mailingUplift(h.db, m.id);
  assert.equal(uplift.control.recipients, global + ab);
  assert.equal(uplift.treated.recipients, done.counts.sent);
  await h.api('/v1/contact-policy', {
    method: 'PUT',
    body: { caps: [], priorities: {}, quietHours: [], controlGroupPercent: 0 },
  });
});
