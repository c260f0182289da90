// The segment compiler's fixtures with known answers (db/segment-sql*.test.ts): customers,
// receipts with lines, events, consents, segments and audiences, all dated from now, never a
// calendar date; and `match`, which compiles a rule tree and answers the names it selects.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { DateTime } from 'luxon';
import { parseSegmentRules } from '../../core/segment-rules.ts';
import { createHarness, type Harness } from './harness.ts';
import { type CompileOptions, segmentQuery } from '../../db/segment-sql.ts';

export let h: Harness;
export const DAY = 86_400_000;
export const ago = (days: number) => new Date(Date.now() - days * DAY);
export const ids: Record<string, string> = {};
export const names = () => Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
export const HOSTILE = "O'Brien'); drop table customers; --";
/** A birth date `years` ago, moved by `shift` days (a birthday in `-shift` days when negative). */
export const born = (years: number, shift = 0) =>
  DateTime.utc().minus({ years }).minus({ days: shift }).toISODate();

export async function customer(name: string, row: Record<string, unknown>) {
  const [c] = await h
    .db('customers')
    .insert({ external_id: name, ...row })
    .returning<{ id: string }[]>('id');
  ids[name] = c!.id;
  return c!.id;
}

export async function receipt(
  name: string,
  daysAgo: number,
  total: number,
  lines: object[] = [],
  extra = {},
) {
  const [r] = await h
    .db('receipts')
    .insert({ customer_id: ids[name], total, occurred_at: ago(daysAgo), currency: 'USD', ...extra })
    .returning<{ id: string }[]>('id');
  for (const l of lines) await h.db('receipt_lines').insert({ receipt_id: r!.id, ...l });
}

export const event = (name: string, type: string, occurredAt: Date, properties: object = {}) =>
  h.db('events').insert({ customer_id: ids[name], type, occurred_at: occurredAt, properties });

/** Registers the file's hooks: one database with every fixture customer, closed after. */
export function useSegmentFixture(): void {
  before(async () => {
    h = await createHarness();
    await h.db('custom_fields').insert([
      { entity: 'customer', key: 'tier', type: 'text' },
      { entity: 'customer', key: 'score', type: 'number' },
      { entity: 'receipt_line', key: 'size', type: 'text' },
    ]);
    await customer('ann', {
      city: 'Novosibirsk',
      birth_date: born(35),
      email: 'ann@example.com',
      tags: ['vip', 'early'],
      custom: { tier: 'gold', score: 7 },
      gender: 'f',
    });
    await customer('bob', { city: HOSTILE, birth_date: born(25), source: 'import' });
    await customer('cid', { birth_date: born(40, -3), email: 'cid@100%_off.com' });
    await customer('dan', {
      city: 'Omsk',
      birth_date: born(31),
      custom: { tier: 'silver', score: 2 },
    });
    await receipt(
      'ann',
      10,
      100,
      [
        {
          name: 'Toothpaste Mint',
          category: 'care',
          price: 5,
          quantity: 2,
          amount: 10,
          custom: { size: 'L' },
        },
      ],
      { store: 'Main St' },
    );
    await receipt('ann', 400, 300, [{ name: 'Brush', category: 'care', price: 3, amount: 3 }]);
    await receipt('bob', 5, 50, [
      { name: 'toothpaste kids', category: 'care', price: 4, amount: 4 },
    ]);
    await receipt('dan', 40, 20);
    await h.db('contacts').insert([
      { customer_id: ids.ann, channel: 'sms', address: '+1', is_valid: true },
      { customer_id: ids.bob, channel: 'email', address: 'b@x', is_valid: false },
    ]);
    await h.db('subscriptions').insert([
      { customer_id: ids.ann, channel: 'sms', messaging_type: 'promo', subscribed: true },
      { customer_id: ids.dan, channel: 'sms', messaging_type: 'all', subscribed: true },
      { customer_id: ids.bob, channel: 'sms', messaging_type: 'promo', subscribed: false },
    ]);
    for (const d of [1, 2, 3])
      await event('ann', 'product_view', ago(d), { productId: 'p1', category: 'care' });
    await event('bob', 'product_view', ago(20), { productId: 'p1' });
    await event('ann', 'survey_answered', ago(2), { question: 'NPS', answer: '9' });
    await event('bob', 'purchase', ago(3), { amount: 150, store: 'Main St' });
    await event('dan', 'purchase', ago(100), { amount: 15 });
    await h.db('customer_metrics').insert([
      {
        customer_id: ids.ann,
        receipts_count: 2,
        total_spent: 400,
        average_check: 200,
        r_score: 5,
        rfm_segment: 'champions',
        last_purchase_at: ago(10),
        interests: JSON.stringify([{ category: 'care', score: 0.8 }]),
      },
      {
        customer_id: ids.bob,
        receipts_count: 1,
        total_spent: 50,
        average_check: 50,
        r_score: 3,
        last_purchase_at: ago(5),
      },
      {
        customer_id: ids.dan,
        receipts_count: 1,
        total_spent: 20,
        average_check: 20,
        last_purchase_at: ago(40),
      },
    ]);
    await h.db('points_balances').insert({ customer_id: ids.ann, balance: 50 });
    await h.db('points_ledger').insert([
      {
        customer_id: ids.ann,
        delta: 60,
        reason: 'r',
        created_at: ago(5),
        remaining: 50,
        expires_at: ago(-10),
      },
      { customer_id: ids.ann, delta: -10, reason: 'spent', created_at: ago(4) },
    ]);
    const [campaign] = await h
      .db('campaigns')
      .insert({ name: 'c', draft: '{}' })
      .returning<{ id: string }[]>('id');
    ids.campaign = campaign!.id;
    for (const [n, status, daysAgo] of [
      ['ann', 'sent', 1],
      ['ann', 'sent', 2],
      ['bob', 'failed', 1],
      ['dan', 'sent', 30],
    ] as const) {
      const [m] = await h
        .db('messages')
        .insert({
          idempotency_key: `${n}-${daysAgo}`,
          customer_id: ids[n],
          channel: 'sms',
          status,
          created_at: ago(daysAgo),
          campaign_id: n === 'dan' ? ids.campaign : null,
        })
        .returning<{ id: string }[]>('id');
      if (n === 'ann' && daysAgo === 1)
        await h.db('message_status_history').insert({ message_id: m!.id, status: 'opened' });
    }
    await h.db('campaign_entries').insert(
      [1, 2].map((n) => ({
        campaign_id: ids.campaign,
        customer_id: ids.dan,
        entry_number: n,
        version: 1,
        workflow_id: `w${n}`,
      })),
    );
    const [aud] = await h.db('audiences').insert({ name: 'a' }).returning<{ id: string }[]>('id');
    ids.audience = aud!.id;
    await h.db('audience_members').insert({ audience_id: ids.audience, customer_id: ids.cid });
    delete ids.campaign;
    delete ids.audience;
    ids.audienceId = aud!.id; // kept out of the customer names below
  });
  after(() => h?.close());
}

export const options = (timeZone = 'UTC'): CompileOptions => ({
  timeZone,
  customFields: { customer: { tier: 'text', score: 'number' }, receipt_line: { size: 'text' } },
});

export async function match(tree: object, timeZone = 'UTC'): Promise<string[]> {
  const parsed = parseSegmentRules(tree);
  assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.problems));
  const { rows } = await segmentQuery(h.db, parsed.rules, options(timeZone));
  const byId = names();
  return (rows as { id: string }[])
    .map((r) => byId[r.id]!)
    .filter(Boolean)
    .sort();
}
export const all = (...children: object[]) => ({ kind: 'group', match: 'all', children });
export const one = async (condition: object, timeZone?: string) => match(all(condition), timeZone);
