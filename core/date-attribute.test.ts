import assert from 'node:assert/strict';
import { test } from 'node:test';
import { calendarDate, dateAttributeInstant } from './date-attribute.ts';

const now = new Date('2026-11-24T12:00:00Z');

test('a date three days before a renewal, at 10:00 in the customer zone', () => {
  const at = dateAttributeInstant('2026-12-10', {
    offsetDays: -3,
    time: '10:00',
    timeZone: 'Europe/Moscow',
    now,
  });
  assert.equal(at?.toISOString(), '2026-12-07T07:00:00.000Z');
});

test('a yearly date takes the next anniversary that is not yet past', () => {
  const opts = { offsetDays: 0, time: '09:00', timeZone: 'UTC', yearly: true, now };
  assert.equal(dateAttributeInstant('1990-12-01', opts)?.toISOString(), '2026-12-01T09:00:00.000Z');
  assert.equal(dateAttributeInstant('1990-03-05', opts)?.toISOString(), '2027-03-05T09:00:00.000Z');
  // Today at 09:00 has passed (it is 12:00): next year.
  assert.equal(dateAttributeInstant('1990-11-24', opts)?.toISOString(), '2027-11-24T09:00:00.000Z');
});

test('29 February falls on 28 February in a common year', () => {
  const at = dateAttributeInstant('1992-02-29', {
    offsetDays: 0,
    time: '10:00',
    timeZone: 'UTC',
    yearly: true,
    now,
  });
  assert.equal(at?.toISOString(), '2027-02-28T10:00:00.000Z');
});

test('anything but a date gives no instant', () => {
  assert.equal(calendarDate('soon'), undefined);
  assert.equal(calendarDate(42), undefined);
  assert.equal(calendarDate('2026-02-30'), undefined);
  assert.deepEqual(calendarDate('2026-02-03T10:00:00Z'), { year: 2026, month: 2, day: 3 });
});
