import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileEmailTemplate, TemplateError } from './templates.ts';

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
