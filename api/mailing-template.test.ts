// A mailing sends the template revision published when it was saved, never a draft edited since,
// and renders it with the context a journey's message gets (points, the last receipt...), by
// email through the SMTP peer and by SMS through a local SMSC, with the real worker.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTemplate } from '../scripts/testing/fixtures.ts';
import { addSmscGateway } from '../scripts/testing/gateway-registry.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';
import { audienceOf, mailingIn } from '../scripts/testing/mailings.ts';
import { type Smsc, startSmsc } from '../scripts/testing/smsc.ts';

let h: Harness;
let smsc: Smsc;
let customerId: string;

before(async () => {
  h = await createHarness();
  smsc = await startSmsc();
  await addSmscGateway(h, smsc);
  await h.api('/v1/settings/currency', { method: 'PUT', body: { currency: 'EUR' } });
  const receipt = await h.api('/v1/receipts', {
    body: {
      externalId: 'mia',
      customer: { email: 'mia@example.com', phone: '+4791230003', firstName: 'Mia' },
      receiptExternalId: 'R-1',
      occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
      currency: 'EUR',
      lines: [{ productId: 'mug', name: 'Mug', price: 8 }],
    },
  });
  assert.equal(receipt.status, 201, JSON.stringify(receipt.body));
  customerId = (await h.api('/v1/customers?externalId=mia')).body.customer.id;
  await h.api(`/v1/customers/${customerId}/points`, { body: { amount: 30, reason: 'bonus' } });
  await h.startWorker();
});
after(async () => {
  await h.close();
  await smsc.stop();
});

/** Saves a mailing, then edits the template's draft, then starts the mailing. */
async function mailingAfterDraftEdit(channel: string, templateId: string, draft: object) {
  const made = await h.api('/v1/mailings', {
    body: {
      name: `${channel} points`,
      channel,
      templateId,
      audience: { include: { audiences: [await audienceOf(h, channel, [customerId])] } },
    },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  assert.equal(made.body.mailing.templateRevision, 1);
  const edited = await h.api(`/v1/templates/${templateId}`, { method: 'PUT', body: draft });
  assert.equal(edited.status, 200, JSON.stringify(edited.body));
  const id = made.body.mailing.id as string;
  const started = await h.api(`/v1/mailings/${id}/start`, { method: 'POST' });
  assert.equal(started.status, 202, JSON.stringify(started.body));
  await mailingIn(h, id);
}

const mjml = (text: string) =>
  `<mjml><mj-body><mj-section><mj-column><mj-text>${text}</mj-text></mj-column></mj-section></mj-body></mjml>`;

test('an email mailing sends its pinned revision with points and the last receipt', async () => {
  const templateId = await createTemplate(h, {
    name: 'Points email',
    channel: 'email',
    subject: '{{ customer.firstName }}, {{ customer.points }} points',
    mjml: mjml('You bought {% for l in lastReceipt.lines %}{{ l.name }}{% endfor %}.'),
  });
  await mailingAfterDraftEdit('email', templateId, {
    subject: 'DRAFT {{ customer.firstName }}',
    mjml: mjml('Unfinished'),
  });
  const [mail] = await h.smtp.waitFor((m) => h.smtp.to('mia@example.com').includes(m));
  assert.equal(mail!.subject, 'Mia, 30 points');
  assert.match(mail!.html || '', /You bought Mug\./);
});

test('an SMS mailing sends its pinned revision with the same context', async () => {
  const templateId = await createTemplate(h, {
    name: 'Points SMS',
    channel: 'sms',
    body: '{{ customer.firstName }}: {{ customer.points }} points, last {{ lastReceipt.externalId }}',
  });
  const before = smsc.messages.length;
  await mailingAfterDraftEdit('sms', templateId, { body: 'DRAFT' });
  const sent = await h.db('messages').where({ channel: 'sms', customer_id: customerId });
  assert.deepEqual(
    sent.map((m: { status: string; error: string | null }) => [m.status, m.error]),
    [['sent', null]],
  );
  const [sms] = (await smsc.waitFor(before + 1)).slice(before);
  assert.equal(sms!.text, 'Mia: 30 points, last R-1');
});
