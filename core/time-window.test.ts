import assert from 'node:assert/strict';
import { test } from 'node:test';
import { insideWindow, nextWindowStart } from './time-window.ts';

const weekdays = { days: [1, 2, 3, 4, 5], from: '09:00', to: '20:00' };
const at = (iso: string) => new Date(iso);

test("the window is the customer's local time, not the server's", () => {
  // 07:30 UTC on Tuesday 2026-11-24 is 08:30 in Berlin (closed) and 15:30 in Tokyo (open).
  assert.equal(insideWindow(weekdays, 'Europe/Berlin', at('2026-11-24T07:30:00Z')), false);
  assert.equal(insideWindow(weekdays, 'Asia/Tokyo', at('2026-11-24T07:30:00Z')), true);
  assert.deepEqual(
    nextWindowStart(weekdays, 'Europe/Berlin', at('2026-11-24T07:30:00Z')),
    at('2026-11-24T08:00:00Z'),
  );
});

test('after Friday evening the next window is Monday morning', () => {
  // Friday 2026-11-27 21:00 in New York (UTC-5) → Monday 2026-11-30 09:00 New York.
  assert.deepEqual(
    nextWindowStart(weekdays, 'America/New_York', at('2026-11-28T02:00:00Z')),
    at('2026-11-30T14:00:00Z'),
  );
});

test('inside the window, now is the time', () => {
  const now = at('2026-11-24T12:00:00Z');
  assert.equal(nextWindowStart(weekdays, 'Europe/London', now), now);
});

test('a window across midnight, and a daylight-saving change', () => {
  const night = { from: '22:00', to: '06:00' };
  assert.equal(insideWindow(night, 'UTC', at('2026-11-24T23:30:00Z')), true);
  assert.equal(insideWindow(night, 'UTC', at('2026-11-24T05:59:00Z')), true);
  assert.equal(insideWindow(night, 'UTC', at('2026-11-24T12:00:00Z')), false);
  // Berlin springs forward on 2027-03-28: 09:00 local is 07:00 UTC that day, 08:00 UTC the day before.
  const daily = { from: '09:00', to: '10:00' };
  assert.deepEqual(
    nextWindowStart(daily, 'Europe/Berlin', at('2027-03-27T12:00:00Z')),
    at('2027-03-28T07:00:00Z'),
  );
  assert.deepEqual(
    nextWindowStart(daily, 'Europe/Berlin', at('2027-03-26T12:00:00Z')),
    at('2027-03-27T08:00:00Z'),
  );
});
