// Messy phones and emails through the real api: what is stored, what a customer answer shows,
// and what the data-quality report counts.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
});
after(() => h.close());

const ids: Record<string, string> = {};

async function getCustomer(name: string) {
  const res = await h.api(`/v1/customers/${ids[name]}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.customer;
}

test('the report of an empty base is all zeros', async () => {
  const res = await h.api('/v1/reports/data-quality');
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.deepEqual(res.body, {
    customers: 0,
    withEmail: 0,
    validEmails: 0,
    withPhone: 0,
    validPhones: 0,
    withTimeZone: 0,
    subscribed: { email: 0, sms: 0 },
    phoneCarriers: [],
    shares: { validEmail: 0, validPhone: 0, timeZone: 0 },
  });
});

test('a national number is read in the locale country and gives the time zone', async () => {
  const res = await h.api('/v1/customers', {
    body: {
      externalId: 'ann',
      email: '  Ann.Lee@GMail.COM ',
      phone: '030 1234567',
      locale: 'de-DE',
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  ids.ann = res.body.customer.id;
  const ann = await getCustomer('ann');
  assert.equal(ann.email, 'ann.lee@gmail.com');
  assert.equal(ann.emailProvider, 'Gmail');
  assert.equal(ann.phone, '+49301234567');
  assert.equal(ann.phoneCountry, 'DE');
  assert.equal(ann.phoneType, 'fixed-line');
  assert.equal(ann.timeZone, 'Europe/Berlin');
  assert.equal(ann.timeZoneSource, 'phone');
  assert.deepEqual(ann.contacts, [
    { channel: 'email', address: 'ann.lee@gmail.com', valid: true },
    { channel: 'sms', address: '+49301234567', valid: true },
  ]);

  // The same number written another way is the same contact.
  const again = await h.api('/v1/customers/external/ann', {
    method: 'PUT',
    body: { phone: '+49 (0)30 123 45 67' },
  });
  assert.equal(again.status, 200, JSON.stringify(again.body));
  assert.equal(again.body.customer.phone, '+49301234567');
  assert.equal(again.body.customer.contacts.length, 2);
});

test('an unreadable number is kept as sent and flagged, until a locale makes it readable', async () => {
  const first = await h.api('/v1/customers/external/boris', {
    method: 'PUT',
    body: { email: 'Boris@Yandex.RU', phone: '8 (916) 123-45-67', city: 'г. Новосибирск' },
  });
  assert.equal(first.status, 200, JSON.stringify(first.body));
  ids.boris = first.body.customer.id;
  let boris = await getCustomer('boris');
  assert.equal(boris.phone, '8 (916) 123-45-67');
  assert.equal(boris.phoneCountry, undefined);
  assert.equal(boris.emailProvider, 'Yandex');
  assert.equal(boris.timeZone, 'UTC');
  assert.equal(boris.timeZoneSource, 'default');
  assert.deepEqual(boris.contacts, [
    { channel: 'email', address: 'boris@yandex.ru', valid: true },
    { channel: 'sms', address: '8 (916) 123-45-67', valid: false },
  ]);

  // Only the locale is sent; the stored number and city are read again with it.
  const second = await h.api('/v1/customers/external/boris', {
    method: 'PUT',
    body: { locale: 'ru-RU' },
  });
  assert.equal(second.status, 200, JSON.stringify(second.body));
  boris = await getCustomer('boris');
  assert.equal(boris.phone, '+79161234567');
  assert.equal(boris.phoneCountry, 'RU');
  assert.equal(boris.phoneType, 'mobile');
  assert.equal(boris.timeZone, 'Asia/Novosibirsk');
  assert.equal(boris.timeZoneSource, 'city');
  assert.deepEqual(boris.contacts.at(-1), {
    channel: 'sms',
    address: '+79161234567',
    valid: true,
  });
  const byExternalId = await h.api('/v1/customers?externalId=boris');
  assert.equal(byExternalId.body.customer.contacts.length, 3);
});

test('a time zone the caller sent is never replaced by a detected one', async () => {
  const res = await h.api('/v1/customers/external/carl', {
    method: 'PUT',
    body: {
      email: 'carl@example.com',
      phone: '+1 (213) 555-0147',
      city: 'Los Angeles',
      timeZone: 'Asia/Tokyo',
    },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  ids.carl = res.body.customer.id;
  await h.api('/v1/customers/external/carl', { method: 'PUT', body: { city: 'Chicago' } });
  const carl = await getCustomer('carl');
  assert.equal(carl.phone, '+12135550147');
  assert.equal(carl.phoneCountry, 'US');
  assert.equal(carl.emailProvider, 'example.com');
  assert.equal(carl.timeZone, 'Asia/Tokyo');
  assert.equal(carl.timeZoneSource, 'given');
});

test('events carry customer attributes through the same checks', async () => {
  const res = await h.api('/v1/events', {
    body: {
      type: 'signed_up',
      externalId: 'gil',
      customer: { phone: '+55 (92) 98123-4567', city: 'Manaus' },
    },
  });
  assert.equal(res.status, 202, JSON.stringify(res.body));
  ids.gil = res.body.customerId;
  const gil = await getCustomer('gil');
  assert.equal(gil.phone, '+5592981234567');
  assert.equal(gil.timeZone, 'America/Manaus');
  assert.equal(gil.timeZoneSource, 'city');
});

test('a syntactically bad email is still refused, naming the field', async () => {
  const res = await h.api('/v1/customers', { body: { email: ' not an email ' } });
  assert.equal(res.status, 400);
  assert.deepEqual(
    res.body.error.problems.map((p: { field: string }) => p.field),
    ['email'],
  );
});

test('the report counts the base exactly', async () => {
  for (const body of [
    { email: 'dora@web.de', phone: '12345' }, // invalid phone, no zone
    { phone: '+44 7400 123456' }, // no email; London from the phone
    { firstName: 'Fay' }, // nothing to reach
  ]) {
    const res = await h.api('/v1/customers', { body });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    if (body.email) ids.dora = res.body.customer.id;
  }
  // Dora's address bounced: the report believes the contact's verdict over the syntax check.
  await h
    .db('contacts')
    .where({ customer_id: ids.dora, channel: 'email' })
    .update({ is_valid: false });
  // There is no subscription api yet; consent rows are written as an import would.
  await h.db('subscriptions').insert([
    { customer_id: ids.ann, channel: 'email', messaging_type: 'promo', subscribed: true },
    { customer_id: ids.carl, channel: 'email', messaging_type: 'promo', subscribed: true },
    { customer_id: ids.carl, channel: 'email', messaging_type: 'service', subscribed: true },
    { customer_id: ids.boris, channel: 'email', messaging_type: 'promo', subscribed: false },
    { customer_id: ids.boris, channel: 'sms', messaging_type: 'promo', subscribed: true },
  ]);

  const res = await h.api('/v1/reports/data-quality');
  assert.equal(res.status, 200, JSON.stringify(res.body));
  // ann, boris, carl, gil, dora, the Londoner, fay
  assert.deepEqual(res.body, {
    customers: 7,
    withEmail: 4, // ann, boris, carl, dora
    validEmails: 3, // not dora's bounced address
    withPhone: 6, // all but fay
    validPhones: 5, // not dora's "12345"; boris's old spelling is not his current phone
    withTimeZone: 5, // ann and the Londoner by phone, boris and gil by city, carl given
    subscribed: { email: 2, sms: 1 }, // carl's two email consents count once
    // Operators the carrier data knows: gil's Manaus mobile, the Londoner's 07400 (Three UK);
    // not boris's Moscow mobile (no Russian table), nor ann's and carl's lines.
    phoneCarriers: [
      { carrier: 'TIM', customers: 1 },
      { carrier: 'Three', customers: 1 },
    ],
    shares: { validEmail: 0.4286, validPhone: 0.7143, timeZone: 0.7143 },
  });
});

test('the report is in the OpenAPI document', async () => {
  const res = await h.api('/v1/openapi.json');
  assert.ok(res.body.paths['/v1/reports/data-quality']?.get);
  assert.ok(res.body.components.schemas.Customer.properties.timeZoneSource);
});
