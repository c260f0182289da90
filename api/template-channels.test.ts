// SMS, push and Viber templates through the real api and Postgres (issue 14): each channel takes
// its own fields (content validated by core/channel-content.ts), a missing or foreign field is a
// 400 naming it, previews render the message for a real customer with the SMS encoding and part
// count, and publishing copies the content into the revision.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
});
after(() => h.close());

const field = (res: { body: { error: { problems: { field: string }[] } } }) =>
  res.body.error.problems.map((p) => p.field);

test('an SMS template previews with its encoding and parts for a customer', async () => {
  const created = await h.api('/v1/templates', {
    body: {
      name: 'Code SMS',
      channel: 'sms',
      body: 'Hi {{ customer.firstName | default: "there" }}, your code is 1234',
    },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal(created.body.template.channel, 'sms');
  assert.equal(created.body.template.mjml, undefined);
  const id = created.body.template.id;
  const customer = await h.api('/v1/customers', {
    body: { phone: '+4791234567', firstName: 'Åse', email: 'ase@example.com' },
  });
  const preview = await h.api(`/v1/templates/${id}/preview`, {
    body: { customerId: customer.body.customer.id },
  });
  assert.equal(preview.status, 200, JSON.stringify(preview.body));
  assert.equal(preview.body.message.text, 'Hi Åse, your code is 1234');
  // Å is in the GSM 03.38 alphabet: one GSM-7 part.
  assert.deepEqual(
    [preview.body.message.sms.encoding, preview.body.message.sms.parts],
    ['GSM-7', 1],
  );

  const long = await h.api(`/v1/templates/${id}`, {
    method: 'PUT',
    body: { body: `Привет, {{ customer.firstName }}! ${'Скидка для вас. '.repeat(5)}` },
  });
  assert.equal(long.status, 200, JSON.stringify(long.body));
  const cyrillic = await h.api(`/v1/templates/${id}/preview`, {
    body: { customerId: customer.body.customer.id },
  });
  // 13 + 3 + 80 characters of Cyrillic: UCS-2, past 70, so parts of 67.
  assert.equal(cyrillic.body.message.sms.encoding, 'UCS-2');
  assert.equal(cyrillic.body.message.sms.parts, 2);

  const test = await h.api(`/v1/templates/${id}/test-send`, { body: { to: ['a@example.com'] } });
  assert.equal(test.status, 400);
  const check = await h.api(`/v1/templates/${id}/check`, { body: {} });
  assert.equal(check.status, 400);
});

test('a push template carries its title, image and deep link into the revision it publishes', async () => {
  const created = await h.api('/v1/templates', {
    body: {
      name: 'Back in stock',
      channel: 'push',
      subject: '{{ customer.firstName | default: "Hi" }}, it is back',
      body: 'The {{ event.properties.product | default: "scarf" }} you liked is in stock again',
      content: { imageUrl: 'https://shop.example.com/scarf.png', deepLink: 'shop://product/1' },
    },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.template.id;
  const saved = await h.api(`/v1/templates/${id}`, {
    method: 'PUT',
    body: {
      subject: '{{ customer.firstName | default: "Hi" }}, it is back!',
      body: 'In stock again',
      content: { imageUrl: 'https://shop.example.com/scarf-2.png', deepLink: 'shop://product/1' },
    },
  });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  const published = await h.api(`/v1/templates/${id}/publish`, { body: {} });
  assert.equal(published.status, 201);
  assert.equal(published.body.revision.content.imageUrl, 'https://shop.example.com/scarf-2.png');
  const preview = await h.api(`/v1/templates/${id}/preview`, { body: { revision: 1 } });
  assert.deepEqual(
    [preview.body.message.title, preview.body.message.text, preview.body.message.imageUrl],
    [
      'Hi, it is back',
      'The scarf you liked is in stock again',
      'https://shop.example.com/scarf.png',
    ],
  );
});

test('a Viber template renders its button; each channel refuses the fields it does not have', async () => {
  const viber = await h.api('/v1/templates', {
    body: {
      name: 'Viber offer',
      channel: 'viber',
      body: '{{ customer.firstName | default: "Friend" }}, 20% off today',
      content: {
        buttonText: 'Shop now',
        buttonUrl: 'https://shop.example.com/?c={{ customer.id }}',
      },
    },
  });
  assert.equal(viber.status, 201, JSON.stringify(viber.body));
  const preview = await h.api(`/v1/templates/${viber.body.template.id}/preview`, { body: {} });
  assert.equal(preview.body.message.buttonText, 'Shop now');
  assert.equal(preview.body.message.buttonUrl, 'https://shop.example.com/?c=');

  const bad = (body: Record<string, unknown>) =>
    h.api('/v1/templates', { body: { name: 'Bad', ...body } });
  assert.deepEqual(field(await bad({ channel: 'sms' })), ['body']);
  assert.deepEqual(field(await bad({ channel: 'sms', body: 'x', subject: 'y' })), ['subject']);
  assert.deepEqual(field(await bad({ channel: 'push', body: 'x' })), ['subject']);
  assert.deepEqual(
    field(
      await bad({ channel: 'sms', body: 'x', content: { imageUrl: 'https://a.example/i.png' } }),
    ),
    ['content.imageUrl'],
  );
  assert.deepEqual(
    field(await bad({ channel: 'viber', body: 'x', content: { buttonText: 'Go' } })),
    ['content.buttonUrl'],
  );
  assert.deepEqual(
    field(
      await bad({
        channel: 'push',
        subject: 'T',
        body: 'x',
        content: { deepLink: 'a', buttonText: 'Go', buttonUrl: 'https://a.example' },
      }),
    ),
    ['content.buttonText', 'content.buttonUrl'],
  );
  assert.deepEqual(
    field(await bad({ channel: 'email', body: 'x', subject: 's', mjml: '<mjml></mjml>' })),
    ['body'],
  );
  const liquid = await bad({ channel: 'sms', body: 'Hi {{ custmer.firstName }}' });
  assert.equal(liquid.status, 400);
  assert.deepEqual(field(liquid), ['body']);
  assert.match(liquid.body.error.message, /did you mean "customer"/);
  const image = await bad({
    channel: 'push',
    subject: 'T',
    body: 'x',
    content: { imageUrl: '{% if %}' },
  });
  assert.equal(image.status, 400);
  assert.deepEqual(field(image), ['content.imageUrl']);
  // PUT knows the channel from the template.
  const put = await h.api(`/v1/templates/${viber.body.template.id}`, {
    method: 'PUT',
    body: { mjml: '<mjml></mjml>' },
  });
  assert.equal(put.status, 400);
  assert.deepEqual(field(put).sort(), ['body', 'mjml']);
});
