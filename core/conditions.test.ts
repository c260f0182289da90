import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluateAttributeRule, readAttribute } from './conditions.ts';
import type { AttributeOperator } from './graph.ts';

const profile = {
  city: 'Berlin',
  firstName: '',
  custom: { tier: 'gold', orders: 7, tags: ['vip', 'beta'] },
  isTester: false,
};
const check = (attribute: string, operator: AttributeOperator, value?: string | number | boolean) =>
  evaluateAttributeRule({ kind: 'attribute', attribute, operator, value }, profile);

test('reads standard and custom attributes by path', () => {
  assert.equal(readAttribute(profile, 'city'), 'Berlin');
  assert.equal(readAttribute(profile, 'custom.tier'), 'gold');
  assert.equal(readAttribute(profile, 'custom.nothing.deeper'), undefined);
});

test('equals ignores case; a blank attribute equals nothing', () => {
  assert.equal(check('city', 'equals', 'berlin'), true);
  assert.equal(check('city', 'equals', 'Paris'), false);
  assert.equal(check('firstName', 'equals', ''), false);
  assert.equal(check('city', 'notEquals', 'Paris'), true);
  assert.equal(check('isTester', 'equals', false), true);
  assert.equal(check('custom', 'equals', '[object Object]'), false);
});

test('exists treats empty strings as missing', () => {
  assert.equal(check('city', 'exists'), true);
  assert.equal(check('firstName', 'exists'), false);
  assert.equal(check('lastName', 'notExists'), true);
});

test('numeric comparisons compare numbers, not text', () => {
  assert.equal(check('custom.orders', 'gt', 5), true);
  assert.equal(check('custom.orders', 'gte', '7'), true);
  assert.equal(check('custom.orders', 'lt', 10), true);
  assert.equal(check('custom.orders', 'lte', 6), false);
  assert.equal(check('custom.missing', 'gt', 0), false);
});

test('contains works on text and on lists', () => {
  assert.equal(check('city', 'contains', 'erl'), true);
  assert.equal(check('custom.tags', 'contains', 'vip'), true);
  assert.equal(check('custom.tags', 'contains', 'vi'), false);
});
