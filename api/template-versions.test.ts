// Template versions, previews and test sends (issue 14), against the real api, Temporal, Postgres
// and an SMTP server: a campaign version sends the template revision it pinned when published,
// however the template is edited and republished; a draft is never sent; previews render for a
// real customer; a test send is marked and stays out of the messages; bad templates are 400s
// naming the line and the fix.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { welcomeGraph, welcomeTemplate } from '../scripts/demo-campaigns.ts';
import { createTemplate, publishCampaign } from '../scripts/testing/fixtures.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
  await h.startWorker();
});
after(() => h.close());

const mjml = (body: string) =>
  `<mjml><mj-head><mj-preview>{{ customer.firstName }}, this week only</mj-preview></mj-head><mj-body><mj-section><mj-column>${body}</mj-column></mj-section></mj-body></mjml>`;

const signUp = (externalId: string, email: string) =>
  h.api('/v1/events', {
    body: { type: 'signed_up', externalId, customer: { email, firstName: 'Ola' } },
  });

test('a campaign version sends the revision it pinned; a draft is never sent', async () => {
  const templateId = await createTemplate(h, welcomeTemplate);
  const campaignId = await publishCampaign(h, 'Pinned welcome', welcomeGraph(templateId));
  const v1 = await h.api(`/v1/campaigns/${campaignId}/versions/1`);
  assert.equal(
    v1.body.version.graph.nodes.find((n: { kind: string }) => n.kind === 'sendEmail')
      .templateRevision,
    1,
  );

  // A new draft, then published: revision 2. Version 1 of the campaign still sends revision 1.
  const draft = await h.api(`/v1/templates/${templateId}`, {
    method: 'PUT',
    body: { subject: 'Second subject for {{ customer.firstName }}', mjml: welcomeTemplate.mjml },
  });
  assert.equal(draft.status, 200, JSON.stringify(draft.body));
  assert.deepEqual([draft.body.template.revision, draft.body.template.publishedRevision], [2, 1]);
  await signUp('pin-1', 'pin-1@example.com');
  await h.smtp.waitFor(
    (m) =>
      m.subject === 'Welcome to Herald Shop, Ola!' && h.smtp.to('pin-1@example.com').includes(m),
  );

  const published = await h.api(`/v1/templates/${templateId}/publish`, {
    body: { note: 'new subject' },
  });
  assert.equal(published.status, 201, JSON.stringify(published.body));
  assert.equal(published.body.revision.revision, 2);
  await signUp('pin-2', 'pin-2@example.com');
  const [second] = await h.smtp.waitFor((m) => h.smtp.to('pin-2@example.com').includes(m));
  assert.equal(
    second!.subject,
    'Welcome to Herald Shop, Ola!',
    'the running version keeps revision 1',
  );

  // Publishing the campaign again pins revision 2 for the journeys of the new version.
  assert.equal((await h.api(`/v1/campaigns/${campaignId}/publish`, { body: {} })).status, 201);
  await signUp('pin-3', 'pin-3@example.com');
  const [third] = await h.smtp.waitFor((m) => h.smtp.to('pin-3@example.com').includes(m));
  assert.equal(third!.subject, 'Second subject for Ola');

  const revisions = await h.api(`/v1/templates/${templateId}/revisions`);
  assert.deepEqual(
    revisions.body.revisions.map((r: { revision: number }) => r.revision),
    [2, 1],
  );
});

test('a preview renders subject, preheader and HTML for a real customer', async () => {
  const templateId = await createTemplate(h, {
    name: 'Preview',
    channel: 'email',
    subject: 'Hello {{ customer.firstName | default: "friend" }}',
    mjml: mjml('<mj-text>Dear {{ customer.firstName }} from {{ customer.city }}</mj-text>'),
  });
  const customer = await h.api('/v1/customers', {
    body: { email: 'preview@example.com', firstName: 'Maja', city: 'Lund' },
  });
  const res = await h.api(`/v1/templates/${templateId}/preview`, {
    body: { customerId: customer.body.customer.id },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.subject, 'Hello Maja');
  assert.equal(res.body.preheader, 'Maja, this week only');
  assert.match(res.body.html, /Dear Maja from Lund/);
  assert.equal(res.body.to, 'preview@example.com');
  assert.match(res.body.headers['List-Unsubscribe'], /\/u\/preview>/);
  const anonymous = await h.api(`/v1/templates/${templateId}/preview`, { body: {} });
  assert.equal(anonymous.body.subject, 'Hello friend');
  const missing = await h.api(`/v1/templates/${templateId}/preview`, { body: { revision: 9 } });
  assert.equal(missing.status, 404);
});

test('a test send is marked as a test, rendered for the customer, and kept out of messages', async () => {
  const templateId = await createTemplate(h, welcomeTemplate);
  const customer = await h.api('/v1/customers', {
    body: { email: 'model@example.com', firstName: 'Kari' },
  });
  const res = await h.api(`/v1/templates/${templateId}/test-send`, {
    body: { to: ['qa1@example.com', 'qa2@example.com'], customerId: customer.body.customer.id },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.subject, '[Test] Welcome to Herald Shop, Kari!');
  const mails = await h.smtp.waitFor((m) => m.subject === '[Test] Welcome to Herald Shop, Kari!');
  const mail = mails[0]!;
  const header = (name: string) => mail.headerLines.find((l) => l.key === name)?.line;
  assert.match(header('x-herald-test') ?? '', /true/);
  assert.match(header('list-unsubscribe-post') ?? '', /List-Unsubscribe=One-Click/);
  assert.deepEqual(h.smtp.to('qa1@example.com').length, 1);
  assert.deepEqual(h.smtp.to('qa2@example.com').length, 1);
  assert.equal((await h.db('messages').where({ template_id: templateId })).length, 0);
  const [kept] = await h.db('template_test_sends').where({ template_id: templateId });
  assert.deepEqual(kept.to_addresses, ['qa1@example.com', 'qa2@example.com']);
  const tooMany = await h.api(`/v1/templates/${templateId}/test-send`, {
    body: { to: Array.from({ length: 11 }, (_, i) => `q${i}@example.com`) },
  });
  assert.equal(tooMany.status, 400);
  assert.equal(tooMany.body.error.problems[0].field, 'to');
});

test('a template that does not compile or names an unknown variable is a 400 naming the line and the fix', async () => {
  const save = (subject: string, body: string) =>
    h.api('/v1/templates', { body: { name: 'Bad', subject, mjml: mjml(body) } });
  const unclosed = await save(
    'Hi',
    '<mj-text>\n{% for p in event.properties.items %}\n{{ p.name }}\n</mj-text>',
  );
  assert.equal(unclosed.status, 400);
  assert.equal(unclosed.body.error.problems[0].field, 'mjml');
  assert.match(unclosed.body.error.message, /line:2.*close it with \{% endfor %\}/);

  const typo = await save('Hi', '<mj-text>Hello\n{{ custmer.firstName }}</mj-text>');
  assert.equal(typo.status, 400);
  assert.match(
    typo.body.error.message,
    /line 2: unknown variable "custmer.firstName": did you mean "customer"\?/,
  );

  const attribute = await save('Hi {{ customer.frstName }}', '<mj-text>x</mj-text>');
  assert.equal(attribute.status, 400);
  assert.equal(attribute.body.error.problems[0].field, 'subject');
  assert.match(attribute.body.error.message, /did you mean "customer.firstName"/);

  const filter = await save('Hi', '<mj-text>{{ customer.firstName | shout }}</mj-text>');
  assert.equal(filter.status, 400);
  assert.match(filter.body.error.message, /undefined filter: shout.*default/);

  // Loop variables, assignments, custom fields and event properties are known.
  const fine = await save(
    'Hi {{ customer.custom.tier }}',
    '<mj-text>{% assign n = customer.firstName | size %}{% for p in event.properties.items limit: 3 %}{{ p.name }} {{ forloop.index }} {{ n }}{% endfor %}<a href="{{ unsubscribeUrl }}">x</a></mj-text>',
  );
  assert.equal(fine.status, 201, JSON.stringify(fine.body));
});

test('an uploaded image is served by Herald to anyone; other types are refused', async () => {
  // A 1×1 PNG.
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  );
  const upload = (body: Buffer, type: string) =>
    fetch(`${h.apiUrl}/v1/images?name=dot.png`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.apiKey}`, 'content-type': type },
      body,
    });
  const res = await upload(png, 'image/png');
  assert.equal(res.status, 201);
  const { image } = (await res.json()) as { image: { url: string; size: number } };
  assert.equal(image.size, png.length);
  const served = await fetch(image.url.replace(/^https?:\/\/[^/]+/, h.apiUrl));
  assert.equal(served.headers.get('content-type'), 'image/png');
  assert.deepEqual(Buffer.from(await served.arrayBuffer()), png);
  const fake = await upload(Buffer.from('<script>alert(1)</script>'), 'image/png');
  assert.equal(fake.status, 400);
  const svg = await upload(Buffer.from('<svg onload="alert(1)"/>'), 'image/svg+xml');
  assert.equal(svg.status, 400);
  assert.equal(((await svg.json()) as any).error.problems[0].field, 'Content-Type');
  assert.equal((await fetch(`${h.apiUrl}/i/00000000-0000-4000-8000-000000000000`)).status, 404);
  const anonymous = await fetch(`${h.apiUrl}/v1/images`, { method: 'POST', body: png });
  assert.equal(anonymous.status, 401);
});
