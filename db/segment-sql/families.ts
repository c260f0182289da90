// Each condition family as one SQL predicate over the customer `c` (with `m`, their precomputed
// metrics, and `pb`, their points balance, joined beside it). Counts and sums over many rows
// become a semi-join on the customers whose aggregate passes (or, when a customer with no rows
// passes too, e.g. "fewer than 2 orders", an anti-join on those whose aggregate fails), so
// Postgres scans each table once instead of once per customer.
import type {
  AnyTest,
  AttributeField,
  CustomFilter,
  MetricField,
  NumberTest,
  Period,
  SegmentCondition,
  TextTest,
} from '../../core/segment-rules.ts';
import { ageRange, type Clock } from './dates.ts';
import { purchasesSql } from './purchases.ts';
import type { Sql } from './sql.ts';
import { linesFrom } from './lines.ts';
import { nullFree, raw, sql, where } from './sql.ts';
import {
  arrayOf,
  jsonAs,
  jsonNumberTest,
  kindForOp,
  numberHolds,
  orNone,
  testSql,
  type ValueKind,
} from './tests.ts';

export type CustomEntity = 'customer' | 'receipt' | 'receipt_line';

export interface FamilyContext {
  clock: Clock;
  /** The declared type of each custom field, per entity (the api has checked the keys exist). */
  customFieldKind(entity: CustomEntity, key: string): ValueKind | undefined;
}

const ATTRIBUTE_SQL: Record<AttributeField, [string, ValueKind]> = {
  externalId: ['c.external_id', 'text'],
  email: ['c.email', 'text'],
  phone: ['c.phone', 'text'],
  firstName: ['c.first_name', 'text'],
  lastName: ['c.last_name', 'text'],
  gender: ['c.gender', 'text'],
  birthDate: ['c.birth_date', 'date'],
  age: ['', 'number'], // computed from the birth date in the account's zone, below
  city: ['c.city', 'text'],
  timeZone: ['c.time_zone', 'text'],
  locale: ['c.locale', 'text'],
  source: ['c.source', 'text'],
  tags: ['c.tags', 'list'],
  isTester: ['c.is_tester', 'boolean'],
  createdAt: ['c.created_at', 'timestamp'],
  emailProvider: ['c.email_provider', 'text'],
  phoneCountry: ['c.phone_country', 'text'],
  phoneType: ['c.phone_type', 'text'],
  phoneCarrier: ['c.phone_carrier', 'text'],
};

const METRIC_SQL: Record<MetricField, [string, ValueKind]> = {
  receiptsCount: ['coalesce(m.receipts_count, 0)', 'number'],
  totalSpent: ['coalesce(m.total_spent, 0)', 'number'],
  averageCheck: ['m.average_check', 'number'],
  cltv: ['m.cltv', 'number'],
  returnsCount: ['coalesce(m.returns_count, 0)', 'number'],
  returnedAmount: ['coalesce(m.returned_amount, 0)', 'number'],
  firstPurchaseAt: ['m.first_purchase_at', 'timestamp'],
  lastPurchaseAt: ['m.last_purchase_at', 'timestamp'],
  daysSinceLastPurchase: ['', 'number'], // local days, below
  rScore: ['m.r_score', 'number'],
  fScore: ['m.f_score', 'number'],
  mScore: ['m.m_score', 'number'],
  rfmSegment: ['m.rfm_segment', 'text'],
};

const customTable: Record<CustomEntity, string> = {
  customer: 'c',
  receipt: 'r',
  receipt_line: 'l',
};

function customFilters(ctx: FamilyContext, entity: CustomEntity, filters: CustomFilter[]): Sql[] {
  return filters.map((f) => {
    const kind = kindForOp(f.test.op, ctx.customFieldKind(entity, f.key));
    const json = sql`${raw(customTable[entity])}.custom -> ${f.key}::text`;
    return testSql(jsonAs(json, kind), kind, f.test, ctx.clock);
  });
}

const text = (ctx: FamilyContext, e: string | Sql, t: TextTest | undefined) =>
  t ? [testSql(typeof e === 'string' ? raw(e) : e, 'text', t, ctx.clock)] : [];

const during = (ctx: FamilyContext, column: string, period: Period) =>
  period.op === 'ever' ? [] : [testSql(raw(column), 'timestamp', period, ctx.clock)];

/**
 * Customers whose aggregate over `from` (rows with `customer` as their customer) passes `test`.
 * `none` is what a customer without rows has: 0 for counts and sums, null for the rest.
 */
function aggregate(
  from: Sql,
  customer: string,
  value: Sql,
  test: (v: Sql) => Sql,
  holdsWithoutRows: boolean,
): Sql {
  const grouped = (having: Sql) =>
    sql`select ${raw(customer)} as customer_id from ${from} group by ${raw(customer)} having ${having}`;
  return nullFree(
    holdsWithoutRows
      ? sql`not exists (select 1 from (${grouped(sql`not coalesce(${test(value)}, false)`)}) g where g.customer_id = c.id)`
      : // Materialized: run once, by the leader (a parallel plan built the same aggregate of
        // 660,000 events in each of its three processes), and read as a few rows (Postgres
        // cannot estimate a HAVING), so the customers are probed by key, not all scanned.
        sql`c.id in (with g as materialized (${grouped(sql`coalesce(${test(value)}, false)`)}) select g.customer_id from g)`,
  );
}

/**
 * "At least once" and "never" need no counting: a semi-join (or anti-join) that stops at the
 * first row, which Postgres runs from an index per customer or as one hashed scan.
 */
function existence(t: NumberTest): 'some' | 'none' | undefined {
  if (t.op === 'gte' && t.value === 1) return 'some';
  if (t.op === 'gt' && t.value >= 0 && t.value < 1) return 'some';
  if (t.op === 'equals' && t.value === 0) return 'none';
  if (t.op === 'lt' && t.value > 0 && t.value <= 1) return 'none';
  if (t.op === 'lte' && t.value >= 0 && t.value < 1) return 'none';
  return undefined;
}

const counted = (
  ctx: FamilyContext,
  from: Sql,
  customer: string,
  value: Sql,
  t: NumberTest,
  none: number | null,
) => {
  const exists = value.text.startsWith('count(') ? existence(t) : undefined;
  if (exists) {
    const any = sql`exists (select 1 from ${from} and ${raw(customer)} = c.id)`;
    return nullFree(exists === 'some' ? any : sql`not ${any}`);
  }
  return aggregate(
    from,
    customer,
    value,
    (v) => testSql(v, 'number', t, ctx.clock),
    numberHolds(t, none),
  );
};

const eventFilters = (ctx: FamilyContext, filters: { property: string; test: AnyTest }[]) =>
  filters.map((f) => {
    const path = f.property.split('.');
    const compared = jsonNumberTest(raw('e.properties'), path, f.test);
    if (compared) return compared;
    const kind = kindForOp(f.test.op);
    const json = sql`e.properties #> ${arrayOf(path, 'text')}`;
    return testSql(jsonAs(json, kind), kind, f.test, ctx.clock);
  });

const RECEIVED = `msg.status in ('sent', 'delivered', 'opened', 'clicked')`;

/** One condition; segment membership is compiled by the caller, which knows the other segments. */
export function familySql(
  ctx: FamilyContext,
  c: Exclude<SegmentCondition, { kind: 'segment' }>,
): Sql {
  const { clock } = ctx;
  switch (c.kind) {
    case 'attribute': {
      const [column, kind] = ATTRIBUTE_SQL[c.field];
      const years = c.field === 'age' ? ageRange(clock, c.test as NumberTest) : undefined;
      if (years) return years;
      const e =
        c.field === 'age' ? sql`extract(year from age(${clock.today}, c.birth_date))` : raw(column);
      return testSql(e, kind, c.test, clock);
    }
    case 'customField':
      return customFilters(ctx, 'customer', [c])[0]!;
    case 'contact': {
      const base = [
        raw('ct.customer_id = c.id'),
        ...(c.channel === 'any' ? [] : [sql`ct.channel = ${c.channel}::text`]),
        ...text(ctx, 'ct.carrier', c.carrier),
      ];
      if (c.valid.op === 'isNotSet')
        return nullFree(sql`not exists (select 1 from ${where('contacts ct', base)})`);
      if (c.valid.op !== 'isSet') base.push(testSql(raw('ct.is_valid'), 'boolean', c.valid, clock));
      return nullFree(sql`exists (select 1 from ${where('contacts ct', base)})`);
    }
    case 'subscription': {
      const base = [
        raw('s.customer_id = c.id'),
        ...(c.channel === 'any' ? [] : [sql`s.channel = ${c.channel}::text`]),
        ...(c.messagingType === 'any'
          ? []
          : [sql`s.messaging_type in (${c.messagingType}::text, 'all')`]),
      ];
      if (c.status === 'unknown')
        return nullFree(sql`not exists (select 1 from ${where('subscriptions s', base)})`);
      base.push(raw(c.status === 'subscribed' ? 's.subscribed' : 'not s.subscribed'));
      return nullFree(sql`exists (select 1 from ${where('subscriptions s', base)})`);
    }
    case 'receipts': {
      // Orders of all time with no filter are precomputed (customer_metrics.receipts_count:
      // purchases not refunded in full), which spares a scan of every receipt.
      // Without a store, source or custom filter, purchases in a period are read from each
      // customer's purchase times and running sums (customer_purchases), not the receipts.
      const plain = !c.store && !c.source && c.custom.length === 0;
      if (plain && c.measure === 'count' && c.period.op === 'ever')
        return testSql(
          raw(orNone('coalesce(m.receipts_count, 0)', c.test)),
          'number',
          c.test,
          clock,
        );
      if (plain) return purchasesSql(clock, c.measure, c.period, c.test);
      const from = where('receipts r', [
        raw(`r.kind = 'purchase'`),
        ...during(ctx, 'r.occurred_at', c.period),
        ...text(ctx, 'r.store', c.store),
        ...text(ctx, 'r.source', c.source),
        ...customFilters(ctx, 'receipt', c.custom),
      ]);
      const value = { count: 'count(*)', sum: 'sum(r.total)', average: 'avg(r.total)' }[c.measure];
      return counted(
        ctx,
        from,
        'r.customer_id',
        raw(value),
        c.test,
        c.measure === 'average' ? null : 0,
      );
    }
    case 'receiptLines': {
      // Each line carries its receipt's customer, time and kind (db/segment-sql/lines.ts).
      const from = linesFrom(clock, c, during(ctx, 'l.occurred_at', c.period), [
        ...text(ctx, 'l.product_id', c.productId),
        ...text(ctx, 'l.category', c.category),
        ...(c.price ? [testSql(raw('l.price'), 'number', c.price, clock)] : []),
        ...(c.quantity ? [testSql(raw('l.quantity'), 'number', c.quantity, clock)] : []),
        ...customFilters(ctx, 'receipt_line', c.custom),
      ]);
      const value = {
        receipts: 'count(distinct l.receipt_id)',
        lines: 'count(*)',
        quantity: 'sum(l.quantity)',
        amount: 'sum(l.amount)',
      }[c.measure];
      return counted(ctx, from, 'l.customer_id', raw(value), c.test, 0);
    }
    case 'metric': {
      const [column, kind] = METRIC_SQL[c.metric];
      const e =
        c.metric === 'daysSinceLastPurchase'
          ? sql`(${clock.today} - (m.last_purchase_at at time zone ${clock.zone})::date)`
          : raw(orNone(column, c.test));
      return testSql(e, kind, c.test, clock);
    }
    case 'points': {
      if (c.measure === 'balance')
        return testSql(raw(orNone('coalesce(pb.balance, 0)', c.test)), 'number', c.test, clock);
      const filter = {
        accrued: [raw('pl.delta > 0'), ...during(ctx, 'pl.created_at', c.period)],
        spent: [
          raw(`pl.delta < 0 and pl.reason not like 'expired:%'`),
          ...during(ctx, 'pl.created_at', c.period),
        ],
        expiring: [raw('pl.remaining > 0'), ...during(ctx, 'pl.expires_at', c.period)],
      }[c.measure];
      const value = {
        accrued: 'sum(pl.delta)',
        spent: 'sum(-pl.delta)',
        expiring: 'sum(pl.remaining)',
      }[c.measure];
      return counted(
        ctx,
        where('points_ledger pl', filter),
        'pl.customer_id',
        raw(value),
        c.test,
        0,
      );
    }
    case 'event': {
      const from = where('events e', [
        sql`e.type = ${c.eventType}::text`,
        ...during(ctx, 'e.occurred_at', c.period),
        ...eventFilters(ctx, c.filters),
      ]);
      return counted(ctx, from, 'e.customer_id', raw('count(*)'), c.test, 0);
    }
    case 'eventOccurrence': {
      const from = where('events e', [
        sql`e.type = ${c.eventType}::text`,
        ...eventFilters(ctx, c.filters),
      ]);
      const value = raw(c.which === 'first' ? 'min(e.occurred_at)' : 'max(e.occurred_at)');
      const holds = c.test.op === 'isNotSet';
      return aggregate(
        from,
        'e.customer_id',
        value,
        (v) => testSql(v, 'timestamp', c.test, clock),
        holds,
      );
    }
    case 'website': {
      const [type, target] = {
        viewedPage: ['page_view', `e.properties ->> 'url'`],
        viewedProduct: [
          'product_view',
          `coalesce(e.properties ->> 'productId', e.properties ->> 'product_id')`,
        ],
        viewedCategory: [
          'category_view',
          `coalesce(e.properties ->> 'category', e.properties ->> 'categoryId')`,
        ],
      }[c.action] as [string, string];
      const from = where('events e', [
        sql`e.type = ${type}::text`,
        ...during(ctx, 'e.occurred_at', c.period),
        ...text(ctx, target, c.target),
      ]);
      return counted(ctx, from, 'e.customer_id', raw('count(*)'), c.test, 0);
    }
    case 'interest':
      return sql`exists (select 1 from jsonb_array_elements(m.interests) i
        where i ->> 'category' = ${c.category}::text and (i ->> 'score')::numeric >= ${c.minScore}::numeric)`;
    case 'survey': {
      const from = where('events e', [
        raw(`e.type = 'survey_answered'`),
        raw('e.customer_id = c.id'),
        ...during(ctx, 'e.occurred_at', c.period),
        ...text(ctx, `e.properties ->> 'survey'`, c.survey),
        ...text(ctx, `e.properties ->> 'question'`, c.question),
        ...text(ctx, `e.properties ->> 'answer'`, c.answer),
      ]);
      return nullFree(sql`exists (select 1 from ${from})`);
    }
    case 'messages': {
      const reached =
        c.outcome === 'received'
          ? raw(RECEIVED)
          : sql`(msg.status = ${c.outcome}::text or exists (select 1 from message_status_history h
              where h.message_id = msg.id and h.status = ${c.outcome}::text))`;
      const from = where('messages msg', [
        raw('msg.customer_id is not null'),
        ...(c.channel === 'any' ? [] : [sql`msg.channel = ${c.channel}::text`]),
        ...(c.campaignId ? [sql`msg.campaign_id = ${c.campaignId}::uuid`] : []),
        ...(c.mailingId
          ? [sql`starts_with(msg.idempotency_key, ${`mailing:${c.mailingId}:`}::text)`]
          : []),
        ...during(ctx, 'msg.created_at', c.period),
        reached,
      ]);
      return counted(ctx, from, 'msg.customer_id', raw('count(*)'), c.test, 0);
    }
    case 'lastMessage': {
      const from = where('messages msg', [
        raw('msg.customer_id is not null'),
        raw(RECEIVED),
        ...(c.channel === 'any' ? [] : [sql`msg.channel = ${c.channel}::text`]),
      ]);
      const daysSince = sql`(${clock.today} - (max(msg.created_at) at time zone ${clock.zone})::date)`;
      return aggregate(
        from,
        'msg.customer_id',
        daysSince,
        (v) => testSql(v, 'number', c.days, clock),
        numberHolds(c.days, null),
      );
    }
    case 'campaignEntries': {
      const from = where('campaign_entries ce', [
        ...(c.campaignId ? [sql`ce.campaign_id = ${c.campaignId}::uuid`] : []),
        ...during(ctx, 'ce.entered_at', c.period),
      ]);
      return counted(ctx, from, 'ce.customer_id', raw('count(*)'), c.test, 0);
    }
    case 'audience': {
      const member = sql`exists (select 1 from audience_members am
        where am.audience_id = ${c.audienceId}::uuid and am.customer_id = c.id)`;
      return nullFree(c.member ? member : sql`not ${member}`);
    }
    case 'randomBucket':
      // The first 32 bits of md5(salt:id), stable across runs and Postgres versions.
      return sql`(('x' || substr(md5(${c.salt}::text || ':' || c.id::text), 1, 8))::bit(32)::bigint % ${c.buckets}::int) between ${c.from}::int and ${c.to}::int`;
  }
}
