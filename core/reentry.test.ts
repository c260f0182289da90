import assert from 'node:assert/strict';
import { test } from 'node:test';
import { campaignAdmits, reentryDecision } from './reentry.ts';

const now = new Date('2026-11-24T12:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
const allowed = (r: ReturnType<typeof reentryDecision>) => r.allowed;

test('a first entry is always allowed', () => {
  for (const rule of [
    { kind: 'once' },
    { kind: 'oncePerPeriod', days: 7 },
    { kind: 'maxTimes', times: 1 },
    { kind: 'notWhileRunning' },
  ] as const) {
    assert.equal(allowed(reentryDecision(rule, { count: 0 }, now)), true, rule.kind);
  }
});

test('once: never again', () => {
  assert.equal(
    allowed(
      reentryDecision(
        { kind: 'once' },
        { count: 1, last: { enteredAt: daysAgo(400), open: false } },
        now,
      ),
    ),
    false,
  );
});

test('once per period: again only when the period has passed', () => {
  const rule = { kind: 'oncePerPeriod', days: 7 } as const;
  assert.equal(
    allowed(
      reentryDecision(rule, { count: 1, last: { enteredAt: daysAgo(6.9), open: false } }, now),
    ),
    false,
  );
  assert.equal(
    allowed(reentryDecision(rule, { count: 1, last: { enteredAt: daysAgo(7), open: false } }, now)),
    true,
  );
});

test('at most N times counts every entry', () => {
  const rule = { kind: 'maxTimes', times: 3 } as const;
  assert.equal(
    allowed(reentryDecision(rule, { count: 2, last: { enteredAt: now, open: true } }, now)),
    true,
  );
  const third = reentryDecision(
    rule,
    { count: 3, last: { enteredAt: daysAgo(1), open: false } },
    now,
  );
  assert.deepEqual(third, {
    allowed: false,
    reason: 'the customer entered 3 time(s), the most allowed',
  });
});

test('not while running: again as soon as the last journey ended', () => {
  const rule = { kind: 'notWhileRunning' } as const;
  assert.equal(
    allowed(reentryDecision(rule, { count: 5, last: { enteredAt: now, open: true } }, now)),
    false,
  );
  assert.equal(
    allowed(reentryDecision(rule, { count: 5, last: { enteredAt: now, open: false } }, now)),
    true,
  );
});

test('start and end dates bound the entries; test mode admits testers only', () => {
  const dated = { startsAt: '2026-11-27T00:00:00Z', endsAt: '2026-12-01T00:00:00Z' };
  const anyone = { isTester: false };
  assert.equal(allowed(campaignAdmits(dated, anyone, new Date('2026-11-26T23:59:59Z'))), false);
  assert.equal(allowed(campaignAdmits(dated, anyone, new Date('2026-11-27T00:00:00Z'))), true);
  assert.deepEqual(campaignAdmits(dated, anyone, new Date('2026-12-01T00:00:00Z')), {
    allowed: false,
    reason: 'the campaign ended at 2026-12-01T00:00:00Z',
  });
  assert.equal(allowed(campaignAdmits({ testMode: true }, anyone, now)), false);
  assert.equal(allowed(campaignAdmits({ testMode: true }, { isTester: true }, now)), true);
});
