// A mailing's rules changed, its attribution recomputed incrementally (db/attribution-mailing.ts),
// must equal the full recomputation of every purchase: on a fixture of 80 customers, four
// mailings over email, SMS and push, messages with no mailing, touches at the same instant (the
// tie the full lookup breaks by message ID), and the rules changed both ways: wider and narrower
// windows, the touch type made stricter and looser, on one mailing then another.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { DAY, HOUR, mailing } from '../scripts/testing/analytics-data.ts';
import { createHarness, type Harness } from '../scripts/testing/harness.ts';
import { attribute } from './attribution.ts';
import { reattributeMailing } from './attribution-mailing.ts';

let h: Harness;
before(async () => {
  h = await createHarness();
});
after(() => h.close());

/** A seeded generator (mulberry32): the same fixture on every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Every purchase's credit: receipt → message and the instant it touched. */
async function credits(): Promise<Map<string, string>> {
  const rows = await h.db('attributions').select('receipt_id', 'message_id', 'touched_at', 'touch');
  return new Map(
    rows.map((r) => [
      r.receipt_id as string,
      `${r.message_id} ${(r.touched_at as Date).toISOString()} ${r.touch}`,
    ]),
  );
}

const changed = (a: Map<string, string>, b: Map<string, string>) =>
  [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k)).length;

test('the incremental recompute equals the full one, for rules changed both ways', async () => {
  const next = random(16);
  const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)]!;
  const now = Date.now();
  // An hour-aligned base, so touches fall on the same instant where the fixture asks.
  const base = Math.floor(now / HOUR) * HOUR - 40 * DAY;
  const mailings = [
    { id: await mailing(h.db, 'email'), channel: 'email' },
    { id: await mailing(h.db, 'email', { windowDays: 2 }), channel: 'email' },
    { id: await mailing(h.db, 'sms'), channel: 'sms' },
    { id: await mailing(h.db, 'push', { touch: 'opened', windowHours: 48 }), channel: 'push' },
  ];
  const customers = Array.from({ length: 80 }, () => randomUUID());
  await h
    .db('customers')
    .insert(
      customers.map((id) => ({ id, email: `${id.slice(0, 8)}@example.org`, time_zone: 'UTC' })),
    );
  const messages: object[] = [];
  const receipts: object[] = [];
  const hours = (n: number) => new Date(base + n * HOUR);
  for (const c of customers) {
    // Each customer gets 2 to 6 messages over 30 days; a third of the touches share an hour.
    const shared = Math.floor(next() * 30 * 24);
    const sends: number[] = [];
    for (let i = 2 + Math.floor(next() * 5); i > 0; i--) {
      const m = next() < 0.85 ? pick(mailings) : { id: null, channel: pick(['email', 'sms']) };
      // A message at the shared hour is delivered, opened and clicked at fixed offsets from it:
      // two of them touch at the same instant, and the lower message ID earns the purchase.
      const tie = next() < 0.33;
      const sent = tie ? shared : Math.floor(next() * 30 * 24);
      sends.push(sent);
      const status = pick(['delivered', 'delivered', 'sent', 'failed']);
      const after = (spread: number, fixed: number) => (tie ? fixed : Math.floor(next() * spread));
      const delivered = status === 'delivered' ? sent + after(3, 0) : null;
      const opened = status !== 'failed' && next() < 0.6 ? sent + after(48, 2) : null;
      const clicked = opened !== null && next() < 0.5 ? opened + after(24, 1) : null;
      const id = randomUUID();
      messages.push({
        id,
        idempotency_key: `test:${id}`,
        customer_id: c,
        mailing_id: m.id,
        channel: m.channel,
        messaging_type: 'promo',
        status,
        created_at: hours(sent),
        delivered_at: delivered === null ? null : hours(delivered),
        opened_at: opened === null ? null : hours(opened),
        clicked_at: clicked === null ? null : hours(clicked),
      });
    }
    // Most purchases within a week after one of the customer's messages, some anywhere.
    for (let i = 2 + Math.floor(next() * 4); i > 0; i--)
      receipts.push({
        id: randomUUID(),
        customer_id: c,
        total: 10 + Math.floor(next() * 200),
        occurred_at: hours(
          next() < 0.8 ? pick(sends) + Math.floor(next() * 7 * 24) : Math.floor(next() * 40 * 24),
        ),
        source: next() < 0.3 ? 'pos' : 'web',
        store: null,
      });
  }
  await h.db.batchInsert('messages', messages, 500);
  await h.db.batchInsert('receipts', receipts, 500);
  await attribute(h.db, { all: true });
  const first = await credits();
  assert.ok(first.size > 40, `only ${first.size} purchases credited: the fixture tests little`);

  const changes: [number, object][] = [
    [0, { windowDays: 10 }], // wider
    [0, { windowDays: 10, touch: 'clicked' }], // stricter touch
    [0, { windowHours: 6, touch: 'received' }], // looser touch, narrower window
    [1, { windowDays: 30 }], // wider
    [2, { windowHours: 2 }], // narrower
    [2, { touch: 'opened', windowDays: 3 }], // stricter touch, wider window
    [3, {}], // back to the channel's default
    [1, { windowHours: 1, touch: 'clicked' }], // narrowest
  ];
  let moved = 0;
  for (const [index, rules] of changes) {
    const before = await credits();
    await h
      .db('mailings')
      .where({ id: mailings[index]!.id })
      .update({ attribution: JSON.stringify(rules) });
    await reattributeMailing(h.db, mailings[index]!.id);
    const incremental = await credits();
    await attribute(h.db, { all: true });
    const full = await credits();
    assert.deepEqual(
      incremental,
      full,
      `mailing ${index} with ${JSON.stringify(rules)}: ${changed(incremental, full)} differ`,
    );
    moved += changed(before, full);
  }
  // The changes moved credit: a recompute that did nothing would not pass unnoticed.
  assert.ok(moved >= 20, `only ${moved} credits moved over eight changes`);
});
