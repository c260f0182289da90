import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkEmailTemplate,
  compileEmailTemplate,
  LIQUID_LIMITS,
  TemplateError,
} from './templates.ts';

const mjml = (body: string) =>
  `<mjml><mj-body><mj-section><mj-column><mj-text>${body}</mj-text></mj-column></mj-section></mj-body></mjml>`;

test('renders profile and event variables into subject, html and text', async () => {
  const t = await compileEmailTemplate({
    subject: 'Welcome, {{ customer.firstName }}!',
    mjml: mjml('Hi {{ customer.firstName }}, your plan is {{ event.properties.plan | upcase }}.'),
  });
  const out = await t.render({
    customer: { firstName: 'Ada' },
    event: { properties: { plan: 'pro' } },
  });
  assert.equal(out.subject, 'Welcome, Ada!');
  assert.match(out.html, /Hi Ada, your plan is PRO\./);
  assert.match(out.text, /Hi Ada, your plan is PRO\./);
});

test('escapes HTML in variables so a profile cannot inject markup', async () => {
  const t = await compileEmailTemplate({ subject: 'x', mjml: mjml('{{ customer.firstName }}') });
  const out = await t.render({ customer: { firstName: '<script>x</script>' } });
  assert.ok(!out.html.includes('<script>x</script>'));
  assert.match(out.html, /&lt;script&gt;/);
});

test('one compiled template serves many recipients', async () => {
  const t = await compileEmailTemplate({ subject: 'Hi {{ customer.firstName }}', mjml: mjml('x') });
  const names = ['A', 'B', 'C'];
  const subjects = await Promise.all(
    names.map(async (n) => (await t.render({ customer: { firstName: n } })).subject),
  );
  assert.deepEqual(subjects, ['Hi A', 'Hi B', 'Hi C']);
});

test('a Liquid syntax error names the field', async () => {
  await assert.rejects(
    compileEmailTemplate({
      subject: 'Hi {{ customer.firstName | nosuchfilter }}',
      mjml: mjml('x'),
    }),
    (err: unknown) => err instanceof TemplateError && err.field === 'subject',
  );
});

// Issue 10: a Liquid loop of 100 million turns saved without complaint.
const hundredMillion = '{% for i in (1..100000000) %}x{% endfor %}';
const runaway =
  '{% assign n = customer.firstName | size %}{% for a in (1..n) %}{% for b in (1..n) %}{% for c in (1..n) %}{% for d in (1..n) %}.{% endfor %}{% endfor %}{% endfor %}{% endfor %}';

test('a loop of 100 million turns is refused when checked, naming its field', async () => {
  for (const [field, content] of [
    ['mjml', { subject: 'Hi', mjml: mjml(hundredMillion) }],
    ['subject', { subject: `Hi ${hundredMillion}`, mjml: mjml('x') }],
  ] as const) {
    const started = performance.now();
    await assert.rejects(
      checkEmailTemplate(content),
      (err: unknown) =>
        err instanceof TemplateError &&
        err.field === field &&
        err.overLimit &&
        /limit exceeded.*bound the loops/.test(err.message),
    );
    assert.ok(performance.now() - started < 2 * LIQUID_LIMITS.renderLimit);
  }
});

test('a loop bounded by customer data passes the check and fails its render within the limit', async () => {
  const content = { subject: 'Hi', mjml: mjml(`${runaway}done`) };
  await checkEmailTemplate(content);
  const t = await compileEmailTemplate(content);
  assert.match((await t.render({ customer: { firstName: 'Ann' } })).text, /\.{81}done/);
  const started = performance.now();
  await assert.rejects(
    t.render({ customer: { firstName: 'x'.repeat(300) } }), // 300⁴: 8 billion turns
    (err: unknown) => err instanceof TemplateError && err.field === 'mjml' && err.overLimit,
  );
  const took = performance.now() - started;
  assert.ok(took < 2 * LIQUID_LIMITS.renderLimit, `${took} ms`);
});

test('Liquid whose quotes an editor wrote as entities renders as written', async () => {
  const t = await compileEmailTemplate({
    subject: 'Hi',
    mjml: '<mjml><mj-body><mj-section><mj-column><mj-text>Hello {{ customer.firstName | default: &quot;friend&quot; }} &amp; {{ &#039;you&#039; }}, 1 &lt; 2</mj-text></mj-column></mj-section></mj-body></mjml>',
  });
  const r = await t.render({ customer: {} });
  assert.match(r.html, /Hello friend &amp; you, 1 &lt; 2/);
});
