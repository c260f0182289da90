// The segments benchmark's rules: one typical rule per family (bench/segments.ts times their
// counts and recalculates them and ten variations as saved segments).
import { parseSegmentRules, type SegmentRules } from '../core/segment-rules.ts';

export const all = (...children: object[]) => ({ kind: 'group', match: 'all', children });
export const rules = (tree: object): SegmentRules => {
  const parsed = parseSegmentRules(tree);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.rules;
};

/** One typical rule per family; the first is the reference's example. */
export const TYPICAL: [string, object][] = [
  [
    'over 30, ≥1 receipt, SMS subscribed',
    all(
      { kind: 'attribute', field: 'age', test: { op: 'gt', value: 30 } },
      { kind: 'receipts' },
      { kind: 'subscription', channel: 'sms', messagingType: 'promo' },
    ),
  ],
  [
    'lives in city-7',
    all({ kind: 'attribute', field: 'city', test: { op: 'equals', value: 'city-7' } }),
  ],
  [
    'custom tier gold',
    all({ kind: 'customField', key: 'tier', test: { op: 'equals', value: 'gold' } }),
  ],
  [
    '≥3 receipts in the last year',
    all({ kind: 'receipts', test: { op: 'gte', value: 3 }, period: { op: 'inLast', days: 365 } }),
  ],
  [
    'toothpaste twice in 2 years',
    all({
      kind: 'receiptLines',
      name: { op: 'contains', value: 'toothpaste' },
      test: { op: 'gte', value: 2 },
      period: { op: 'inLast', days: 730 },
    }),
  ],
  [
    'average check > 150, lapsed 90 days',
    all(
      { kind: 'metric', metric: 'averageCheck', test: { op: 'gt', value: 150 } },
      { kind: 'metric', metric: 'daysSinceLastPurchase', test: { op: 'gt', value: 90 } },
    ),
  ],
  ['≥100 points', all({ kind: 'points', test: { op: 'gte', value: 100 } })],
  [
    'viewed products 5× in 30 days',
    all({
      kind: 'website',
      action: 'viewedProduct',
      test: { op: 'gte', value: 5 },
      period: { op: 'inLast', days: 30 },
    }),
  ],
  [
    'purchase event > 150 in 90 days',
    all({
      kind: 'event',
      eventType: 'purchase',
      filters: [{ property: 'amount', test: { op: 'gt', value: 150 } }],
      period: { op: 'inLast', days: 90 },
    }),
  ],
  [
    'no SMS in 30 days',
    all({
      kind: 'messages',
      channel: 'sms',
      period: { op: 'inLast', days: 30 },
      test: { op: 'equals', value: 0 },
    }),
  ],
];
