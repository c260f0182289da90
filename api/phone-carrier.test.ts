// The mobile operator found on phone normalisation, through the real api, an event and the CSV
// import: stored on the customer and on the sms contact, shown on the customer, counted by
// operator in the data-quality report. Numbers are in ranges the operators were assigned.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { importCsv } from '../scripts/testing/csv-import.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
  await h.startWorker();
});
after(() => h.close());

const put = async (externalId: string, body: object) => {
  const res = await h.api(`/v1/customers/external/${externalId}`, { method: 'PUT', body });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.customer;
};

const sms = (customer: { contacts: { channel: string; carrier?: string }[] }) =>
  customer.contacts.filter((c) => c.channel === 'sms');

test('the operator is on the customer and on each sms contact', async () => {
  const ann = await put('op-ann', { phone: '0151 12345678', locale: 'de-DE' });
  assert.equal(ann.phone, '+4915112345678');
  assert.equal(ann.phoneCarrier, 'T-Mobile');
  assert.deepEqual(sms(ann), [
    { channel: 'sms', address: '+4915112345678', valid: true, carrier: 'T-Mobile' },
  ]);
  // A new number: a new operator; the old contact keeps its own.
  const moved = await put('op-ann', { phone: '+49 172 1234567' });
  assert.equal(moved.phoneCarrier, 'Vodafone');
  assert.deepEqual(
    sms(moved).map((c: { carrier?: string }) => c.carrier),
    ['T-Mobile', 'Vodafone'],
  );
  // A fixed line, and a mobile of a country the data has no table for: no operator.
  assert.equal((await put('op-bea', { phone: '+49 30 1234567' })).phoneCarrier, undefined);
  assert.equal((await put('op-cy', { phone: '+7 916 123-45-67' })).phoneCarrier, undefined);
});

test('an event and the CSV import detect it too, and the report counts by operator', async () => {
  const event = await h.api('/v1/events', {
    body: { type: 'signed_up', externalId: 'op-dan', customer: { phone: '+380 50 123 4567' } },
  });
  assert.equal(event.status, 202, JSON.stringify(event.body));
  const report = await importCsv(
    h,
    'customers',
    'externalId,phone\nop-eve,+33 6 12 34 56 78\nop-fay,+49 176 1234567\nop-gus,12345',
  );
  assert.equal(report.import.rowsImported, 3);
  const stored = await h
    .db('customers')
    .whereIn('external_id', ['op-dan', 'op-eve', 'op-fay'])
    .orderBy('external_id')
    .select('external_id', 'phone_carrier');
  assert.deepEqual(
    stored.map((c) => [c.external_id, c.phone_carrier]),
    [
      ['op-dan', 'Vodafone'],
      ['op-eve', 'SFR'],
      ['op-fay', 'O2'],
    ],
  );
  const contact = await h.db('contacts').where({ address: '+33612345678' }).first();
  assert.equal(contact.carrier, 'SFR');

  const res = await h.api('/v1/reports/data-quality');
  assert.equal(res.status, 200, JSON.stringify(res.body));
  // ann's current Vodafone number and dan's; not ann's old T-Mobile one, not gus's "12345".
  assert.deepEqual(res.body.phoneCarriers, [
    { carrier: 'Vodafone', customers: 2 },
    { carrier: 'O2', customers: 1 },
    { carrier: 'SFR', customers: 1 },
  ]);
});

test('a contact stored before operators were detected learns its operator', async () => {
  const id = (await h.db('customers').where({ external_id: 'op-eve' }).first()).id;
  await h.db('customers').where({ id }).update({ phone_carrier: null });
  await h.db('contacts').where({ customer_id: id }).update({ carrier: null });
  const eve = await put('op-eve', { phone: '+33612345678' });
  assert.equal(eve.phoneCarrier, 'SFR');
  assert.deepEqual(sms(eve), [
    { channel: 'sms', address: '+33612345678', valid: true, carrier: 'SFR' },
  ]);
});
