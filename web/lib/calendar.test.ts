// Unit tests of the campaign calendar's grid and of which campaigns run on which day.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type CalendarCampaign,
  campaignsOn,
  monthWeeks,
  splitPeriod,
  mailingDay,
  mailingsOn,
  weekDays,
} from './calendar.ts';

const local = (y: number, m: number, d: number, h = 0) => new Date(y, m - 1, d, h);
const ymd = (d: Date) => `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;

test('a month grid is whole weeks from Monday to Sunday around the month', () => {
  const weeks = monthWeeks(local(2026, 11, 24));
  assert.equal(weeks.length, 6); // 1 November 2026 is a Sunday: its week starts in October
  assert.equal(ymd(weeks[0]![0]!), '2026-10-26');
  assert.equal(ymd(weeks.at(-1)!.at(-1)!), '2026-12-6');
  assert.ok(weeks.every((w) => w.length === 7 && w[0]!.getDay() === 1));
  assert.deepEqual(weekDays(local(2026, 11, 29)).map(ymd), [
    '2026-11-23',
    '2026-11-24',
    '2026-11-25',
    '2026-11-26',
    '2026-11-27',
    '2026-11-28',
    '2026-11-29',
  ]);
});

test('campaigns run from their start (or publication) to their end (or on)', () => {
  const base = { updatedAt: local(2026, 11, 20).toISOString(), publishedAt: null, endsAt: null };
  const sale: CalendarCampaign = {
    ...base,
    id: 'sale',
    name: 'Black Friday',
    status: 'active',
    startsAt: local(2026, 11, 27, 9).toISOString(),
    endsAt: local(2026, 11, 30, 18).toISOString(),
  };
  const always: CalendarCampaign = {
    ...base,
    id: 'welcome',
    name: 'Welcome',
    status: 'active',
    startsAt: null,
    publishedAt: local(2026, 11, 1, 12).toISOString(),
  };
  const stopped: CalendarCampaign = { ...always, id: 'old', status: 'stopped' };
  const draft: CalendarCampaign = { ...always, id: 'draft', status: 'draft', publishedAt: null };
  const all = [sale, always, stopped, draft];
  const on = (d: Date) =>
    campaignsOn(d, all).map((e) => `${e.campaign.id}${e.starts ? '+' : ''}${e.ends ? '-' : ''}`);
  assert.deepEqual(on(local(2026, 10, 31)), []);
  assert.deepEqual(on(local(2026, 11, 1)), ['welcome+', 'old+']);
  assert.deepEqual(on(local(2026, 11, 20)), ['welcome', 'old-']);
  assert.deepEqual(on(local(2026, 11, 27)), ['sale+', 'welcome']);
  assert.deepEqual(on(local(2026, 11, 30)), ['sale-', 'welcome']);
  assert.deepEqual(on(local(2026, 12, 25)), ['welcome']);
});

test('campaigns that run through the whole period are one band; the rest go on their days', () => {
  const days = monthWeeks(local(2026, 11, 15)).flat();
  const base = { status: 'active', publishedAt: null, updatedAt: '2026-01-01T00:00:00Z' };
  const campaigns: CalendarCampaign[] = [
    {
      ...base,
      id: 'always',
      name: 'Welcome',
      startsAt: local(2026, 1, 1).toISOString(),
      endsAt: null,
    },
    {
      ...base,
      id: 'sale',
      name: 'Black Friday',
      startsAt: local(2026, 11, 27).toISOString(),
      endsAt: local(2026, 11, 30, 23).toISOString(),
    },
    { ...base, id: 'draft', name: 'Draft', status: 'draft', startsAt: null, endsAt: null },
  ];
  const { band, dated } = splitPeriod(days, campaigns);
  assert.deepEqual(
    band.map((c) => c.id),
    ['always'],
  );
  assert.deepEqual(
    dated.map((c) => c.id),
    ['sale', 'draft'],
  );
  assert.deepEqual(
    campaignsOn(local(2026, 11, 28), dated).map((e) => e.campaign.id),
    ['sale'],
  );
  assert.deepEqual(campaignsOn(local(2026, 11, 10), dated), []);
});

test('mailings show on the day they started, else on their scheduled day; drafts do not', () => {
  const base = { id: 'm', name: 'Sale', startedAt: null };
  const soon = new Date(Date.now() + 3 * 86_400_000);
  const localTime = `${soon.getFullYear()}-${String(soon.getMonth() + 1).padStart(2, '0')}-${String(soon.getDate()).padStart(2, '0')}T10:00`;
  const scheduled = {
    ...base,
    status: 'scheduled',
    delivery: { mode: 'localTime' as const, localTime },
  };
  assert.equal(mailingsOn(soon, [scheduled]).length, 1);
  assert.equal(mailingsOn(new Date(), [scheduled]).length, 0);
  const sent = {
    ...base,
    status: 'sent',
    delivery: { mode: 'now' as const },
    startedAt: new Date().toISOString(),
  };
  assert.equal(mailingsOn(new Date(), [sent]).length, 1);
  assert.equal(mailingDay({ ...scheduled, status: 'draft' }), undefined);
});
