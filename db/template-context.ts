// What a template renders with (issue 14): the profile and the triggering event, and, when the
// template reads them, the customer's metrics and points, the last receipt with its lines, the
// products they viewed and their cart. Each is read only for a template that uses it
// (variableUses in core/template-variables.ts), so that a plain welcome email costs no more queries.
import type { Db } from './connection.ts';
import { type CustomerRow, profileVariables } from './customers.ts';

export type TemplateEvent = {
  type: string;
  properties: Record<string, unknown>;
  occurredAt?: string;
};

/** How many viewed products a template can loop over: the newest, one per product. */
const VIEWED_PRODUCTS = 20;

interface MetricsRow {
  receipts_count: number;
  total_spent: string;
  average_check: string | null;
  first_purchase_at: Date | null;
  last_purchase_at: Date | null;
  cltv: string | null;
  rfm_segment: string | null;
}
interface ReceiptRow {
  id: string;
  external_id: string | null;
  total: string;
  currency: string;
  store: string | null;
  occurred_at: Date;
  custom: Record<string, unknown>;
}
interface LineRow {
  product_id: string | null;
  name: string | null;
  category: string | null;
  quantity: string;
  price: string;
  amount: string;
  custom: Record<string, unknown>;
}
interface EventRow {
  properties: Record<string, unknown>;
  occurred_at: Date;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : (v ?? null));

async function metricsOf(db: Db, customerId: string) {
  const m = await db('customer_metrics')
    .where({ customer_id: customerId })
    .first<MetricsRow | undefined>();
  return {
    receiptsCount: m?.receipts_count ?? 0,
    totalSpent: num(m?.total_spent) ?? 0,
    averageCheck: num(m?.average_check),
    firstPurchaseAt: iso(m?.first_purchase_at),
    lastPurchaseAt: iso(m?.last_purchase_at),
    cltv: num(m?.cltv),
    rfmSegment: m?.rfm_segment ?? null,
  };
}

async function pointsOf(db: Db, customerId: string): Promise<number> {
  const row = await db('points_balances')
    .where({ customer_id: customerId })
    .first<{ balance: string } | undefined>('balance');
  return num(row?.balance) ?? 0;
}

async function lastReceiptOf(db: Db, customerId: string) {
  const r = await db('receipts')
    .where({ customer_id: customerId })
    .orderBy('occurred_at', 'desc')
    .first<ReceiptRow | undefined>();
  if (!r) return null;
  const lines = await db('receipt_lines')
    .where({ receipt_id: r.id })
    .orderBy('id')
    .select<LineRow[]>('*');
  return {
    id: r.id,
    externalId: r.external_id,
    total: num(r.total),
    currency: r.currency,
    store: r.store,
    occurredAt: iso(r.occurred_at),
    custom: r.custom,
    lines: lines.map((l) => ({
      productId: l.product_id,
      name: l.name,
      category: l.category,
      quantity: num(l.quantity),
      price: num(l.price),
      amount: num(l.amount),
      custom: l.custom,
    })),
  };
}

async function viewedProductsOf(db: Db, customerId: string) {
  // The newest view of each product, newest first.
  const { rows } = await db.raw<{
    rows: { properties: Record<string, unknown>; occurred_at: Date }[];
  }>(
    `select properties, occurred_at from (
       select distinct on (properties->>'productId') properties, occurred_at
       from events where customer_id = ? and type = 'product_view'
       order by properties->>'productId', occurred_at desc
     ) latest order by occurred_at desc limit ?`,
    [customerId, VIEWED_PRODUCTS],
  );
  return rows.map((r) => ({ ...r.properties, viewedAt: iso(r.occurred_at) }));
}

/** The cart as the customer's last cart update left it (the event an abandonment trigger waits on). */
async function cartOf(db: Db, customerId: string) {
  const e = await db('events')
    .where({ customer_id: customerId, type: 'cart_updated' })
    .orderBy('occurred_at', 'desc')
    .first<EventRow | undefined>('properties', 'occurred_at');
  if (!e) return { items: [] };
  const props = e.properties;
  return {
    ...props,
    items: Array.isArray(props.items) ? props.items : [],
    updatedAt: iso(e.occurred_at),
  };
}

/**
 * The variables a template renders with, for this customer (an empty profile
 * when there is none: previews without a customer show the fallbacks).
 */
export async function templateContext(
  db: Db,
  customer: CustomerRow | undefined,
  event: TemplateEvent | Record<string, never>,
  /** What the template reads: variableUses(its sources), computed once per template. */
  uses: Set<string>,
  extra: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const profile = customer ? profileVariables(customer) : {};
  if (!customer) return { customer: profile, event, ...extra };
  const id = customer.id;
  const [metrics, points, lastReceipt, viewedProducts, cart] = await Promise.all([
    uses.has('customer.metrics') ? metricsOf(db, id) : undefined,
    uses.has('customer.points') ? pointsOf(db, id) : undefined,
    uses.has('lastReceipt') ? lastReceiptOf(db, id) : undefined,
    uses.has('viewedProducts') ? viewedProductsOf(db, id) : undefined,
    uses.has('cart') ? cartOf(db, id) : undefined,
  ]);
  return {
    customer: {
      ...profile,
      ...(metrics && { metrics }),
      ...(points !== undefined && { points }),
    },
    event,
    ...(lastReceipt !== undefined && { lastReceipt }),
    ...(viewedProducts && { viewedProducts }),
    ...(cart && { cart }),
    ...extra,
  };
}
