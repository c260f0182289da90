// Render limits end to end (issue 10): a template with a loop of 100 million turns is refused at
// save with a 400 naming the field; a loop that only runs away on one customer's data fails that
// customer's message within the limit, recorded and not retried, and the worker sends on.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { LIQUID_LIMITS } from '../core/templates.ts';
import { createCustomer } from '../db/customers.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';
import { createSmtpGateway } from './channels/smtp.ts';
import { sendEmailActivities } from './send-email.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
});
after(() => h.close());

const mjml = (body: string) =>
  `<mjml><mj-body><mj-section><mj-column><mj-text>${body}</mj-text></mj-column></mj-section></mj-body></mjml>`;

test('a template looping 100 million times is refused at save, naming the field', async () => {
  const loop = '{% for i in (1..100000000) %}{{ i }}{% endfor %}';
  const body = await h.api('/v1/templates', {
    body: { name: 'Loop', subject: 'Hi', mjml: mjml(loop) },
  });
  assert.equal(body.status, 400, JSON.stringify(body.body));
  assert.deepEqual(
    body.body.error.problems.map((p: { field: string }) => p.field),
    ['mjml'],
  );
  assert.match(body.body.error.message, /limit exceeded/);
  const subject = await h.api('/v1/templates', {
    body: { name: 'Loop', subject: `Hi ${loop}`, mjml: mjml('x') },
  });
  assert.equal(subject.status, 400);
  assert.equal(subject.body.error.problems[0].field, 'subject');
  assert.equal((await h.db('templates').where({ name: 'Loop' })).length, 0);
});

test("a loop that runs away on one customer's data fails that message within the limit", async () => {
  // Four loops as deep as the first name is long: 81 turns for Ann, 8 billion for a long name.
  const n = '(1..n)';
  const runaway = `{% assign n = customer.firstName | size %}{% for a in ${n} %}{% for b in ${n} %}{% for c in ${n} %}{% for d in ${n} %}.{% endfor %}{% endfor %}{% endfor %}{% endfor %}`;
  const saved = await h.api('/v1/templates', {
    body: { name: 'Dots', subject: 'Dots for {{ customer.firstName }}', mjml: mjml(runaway) },
  });
  assert.equal(saved.status, 201, JSON.stringify(saved.body));
  const templateId = saved.body.template.id;
  const email = createSmtpGateway({
    host: '127.0.0.1',
    port: h.smtp.port,
    secure: false,
    from: 'Tests <t@herald.local>',
  });
  const { sendEmail } = sendEmailActivities({ db: h.db, email, log: pino({ level: 'silent' }) });
  const mallory = await createCustomer(h.db, {
    email: 'long@example.com',
    firstName: 'x'.repeat(300),
  });
  const ann = await createCustomer(h.db, { email: 'ann@example.com', firstName: 'Ann' });

  const started = performance.now();
  const failed = await sendEmail({
    idempotencyKey: 'limits:long',
    customerId: mallory.id,
    templateId,
  });
  const took = performance.now() - started;
  assert.equal(failed.status, 'failed');
  assert.ok(took < 3 * LIQUID_LIMITS.renderLimit, `the render stopped after ${took} ms`);
  const message = await h.db('messages').where({ id: failed.messageId }).first();
  assert.match(message.error, /^template Dots: mjml: template render limit exceeded/);
  // Recorded once: running the activity again (a retry) does not render again.
  assert.deepEqual(
    await sendEmail({ idempotencyKey: 'limits:long', customerId: mallory.id, templateId }),
    failed,
  );

  const sent = await sendEmail({ idempotencyKey: 'limits:ann', customerId: ann.id, templateId });
  assert.equal(sent.status, 'sent');
  await h.smtp.waitFor((m) => m.subject === 'Dots for Ann');
  assert.equal(h.smtp.to('long@example.com').length, 0);
  email.close();
});
