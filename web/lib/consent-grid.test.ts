// Unit tests of the profile's consent grid: the contact policy's reading of stored consents.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Consent } from '../../core/contract/privacy.ts';
import { consentGrid } from './consent-grid.ts';

const at = new Date(Date.now() - 3_600_000).toISOString();
const consent = (channel: string, messagingType: string, subscribed: boolean): Consent => ({
  channel,
  messagingType,
  subscribed,
  source: 'preference-page',
  at,
});
const types = [
  { key: 'promo', name: 'Offers', transactional: false },
  { key: 'receipts', name: 'Receipts', transactional: true },
  { key: 'news', name: 'News', transactional: false },
];

test('with no consent stored, every marketing type is subscribed and none was chosen', () => {
  const grid = consentGrid([], types);
  assert.deepEqual(
    grid.map((r) => r.key),
    ['promo', 'news', 'receipts'],
  );
  assert.equal(grid[0]!.cells.email.state, 'subscribed');
  assert.equal('chosen' in grid[0]!.cells.email && grid[0]!.cells.email.chosen, undefined);
  assert.equal(grid[2]!.cells.sms.state, 'always');
});

test('leaving a type leaves it on that channel only; leaving "all" leaves every marketing type', () => {
  const grid = consentGrid(
    [consent('email', 'promo', false), consent('sms', 'all', false), consent('sms', 'news', true)],
    types,
  );
  const row = (key: string) => grid.find((r) => r.key === key)!;
  assert.equal(row('promo').cells.email.state, 'unsubscribed');
  assert.equal(row('promo').cells.push.state, 'subscribed');
  assert.equal(row('news').cells.email.state, 'subscribed');
  // A subscription to one type does not outweigh leaving every type on the channel.
  assert.equal(row('news').cells.sms.state, 'unsubscribed');
  const cell = row('news').cells.sms;
  assert.ok(cell.state !== 'always' && cell.leftAll?.messagingType === 'all');
  assert.equal(row('receipts').cells.sms.state, 'always');
});

test('a type the consents name that is not defined gets a row of its own, read as marketing', () => {
  const grid = consentGrid([consent('push', 'flash-sales', false)], types);
  const row = grid.find((r) => r.key === 'flash-sales');
  assert.ok(row);
  assert.equal(row.transactional, false);
  assert.equal(row.cells.push.state, 'unsubscribed');
  assert.equal(row.cells.email.state, 'subscribed');
});
