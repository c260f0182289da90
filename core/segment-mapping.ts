// What a Segment message becomes in Herald (docs/segment.md has the table):
//   identify → the profile's attributes and custom fields; alias → a join of two IDs;
//   Order Completed → a receipt with its lines, which records the `purchase`;
//   Product Viewed → product_view, Product List Viewed → category_view, Cart Viewed and
//   Product Added → cart_updated: the JS tracker's kinds, with its property names, so the
//   abandonment triggers and interests built on them work unchanged;
//   any other track → an event of its own name; page → page_view; screen → screen_view;
//   group → group.
// Each event keeps the message's properties, its context (device, page, campaign, ip…) and
// where it came from. Names of fields at fault are the message's own (properties.products.2.price).
import { deviceOf } from './device.ts';
import { EventType } from './event.ts';
import { badRequest } from './errors.ts';
import type { SegmentMessage } from './segment-message.ts';

type Dict = Record<string, unknown>;

/** A receipt as POST /v1/receipts takes it, less the customer, which the caller names. */
export interface SegmentReceipt {
  receiptExternalId?: string;
  total?: unknown;
  currency: unknown;
  store?: unknown;
  occurredAt?: string;
  custom: Dict;
  lines: Dict[];
}

export type SegmentAction =
  | { kind: 'identify' }
  | { kind: 'alias' }
  | { kind: 'event'; type: string; properties: Dict }
  | { kind: 'receipt'; receipt: SegmentReceipt };

const isRecord = (v: unknown): v is Dict =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Leaves out what was not sent, so stored properties hold only what the message said. */
const compact = (d: Dict): Dict =>
  Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined && v !== null));

const text = (v: unknown) =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;

/** "12.50" as 12.5: some sources send prices as text. Anything else is left for the check. */
const amount = (v: unknown) =>
  typeof v === 'string' && /^\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : v;

/** The key a name is matched on: "Order Completed", "order_completed", "order completed". */
const matchKey = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '_');

/**
 * The Herald event type of a custom track, in Herald's own style: lower-cased, each run of
 * characters an event type cannot hold made one "_" ("Signed Up" → "signed_up"), so that
 * campaigns trigger on the name marketers see everywhere else.
 */
export function heraldEventType(name: string): string | undefined {
  const type = name
    .toLowerCase()
    .replace(/[^a-z0-9_.:-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 100);
  return EventType.safeParse(type).success ? type : undefined;
}

/** A product as the tracker's cart items name it. */
const productIdOf = (p: Dict) => text(p.product_id ?? p.productId ?? p.sku ?? p.id);
const item = (p: Dict): Dict =>
  compact({
    productId: productIdOf(p),
    name: p.name,
    category: p.category,
    quantity: amount(p.quantity),
    price: amount(p.price),
  });
const productsOf = (props: Dict) =>
  Array.isArray(props.products) ? props.products.filter(isRecord) : [];

/**
 * What every stored event keeps of the message besides its properties: `defaults` under the
 * tracker's names (the message's own properties of those names win), and `kept`, always kept.
 */
function origin(m: SegmentMessage, ip: string | undefined): { defaults: Dict; kept: Dict } {
  const { traits: _traits, ...context } = m.context ?? {};
  if (ip && context.ip === undefined) context.ip = ip;
  const page = isRecord(context.page) ? context.page : {};
  const device = isRecord(context.device) ? context.device : undefined;
  const os = isRecord(context.os) ? context.os : undefined;
  const defaults = compact({
    // The tracker's names, so a campaign's property filter reads both alike.
    url: text(page.url),
    referrer: text(page.referrer),
    device:
      typeof context.userAgent === 'string'
        ? deviceOf(context.userAgent)
        : device || os
          ? compact({
              type: text(device?.type),
              os: [text(os?.name), text(os?.version)].filter(Boolean).join(' ') || undefined,
            })
          : undefined,
    anonymousId: m.anonymousId,
  });
  const kept = {
    context,
    segment: compact({ type: m.type, event: m.event, messageId: m.messageId }),
  };
  return { defaults, kept };
}

/** The receipt an Order Completed describes: its lines are the products. */
function receiptOf(props: Dict): SegmentReceipt {
  const {
    products: _products,
    order_id,
    orderId,
    total,
    revenue,
    currency,
    affiliation,
    ...custom
  } = props;
  return {
    receiptExternalId: text(order_id ?? orderId),
    total: amount(total ?? revenue),
    currency: typeof currency === 'string' ? currency.toUpperCase() : (currency ?? 'USD'),
    store: affiliation,
    custom,
    lines: productsOf(props).map((p) => {
      const { product_id, productId, sku, id, name, category, quantity, price, ...rest } = p;
      return compact({
        productId: productIdOf({ product_id, productId, sku, id }),
        name,
        category,
        quantity: amount(quantity),
        price: amount(price),
        custom: { ...rest, ...(sku !== undefined && { sku }) },
      });
    }),
  };
}

/** Where a receipt's problem is in the message: lines.2.price → properties.products.2.price. */
export function receiptField(field: string): string {
  const line = /^lines\.(\d+)(?:\.(.*))?$/.exec(field);
  if (line) {
    const rest = (line[2] ?? '').replace(/^custom\./, '').replace(/^productId$/, 'product_id');
    return `properties.products.${line[1]}${rest ? `.${rest}` : ''}`;
  }
  const names: Dict = {
    receiptExternalId: 'properties.order_id',
    total: 'properties.total',
    currency: 'properties.currency',
    store: 'properties.affiliation',
    occurredAt: 'timestamp',
    lines: 'properties.products',
  };
  return text(names[field]) ?? field.replace(/^custom\./, 'properties.');
}

export function mapSegmentMessage(m: SegmentMessage, ip?: string): SegmentAction {
  const props = m.properties ?? {};
  const { defaults, kept } = origin(m, ip);
  const event = (type: string, own: Dict): SegmentAction => ({
    kind: 'event',
    type,
    properties: { ...defaults, ...own, ...kept },
  });
  switch (m.type) {
    case 'identify':
      return { kind: 'identify' };
    case 'alias':
      return { kind: 'alias' };
    case 'page':
      return event('page_view', { ...compact({ name: m.name, category: m.category }), ...props });
    case 'screen':
      return event('screen_view', { ...compact({ name: m.name }), ...props });
    case 'group':
      return event('group', { groupId: m.groupId, traits: m.traits ?? {} });
    case 'track':
      return trackAction(m.event!, props, event);
  }
}

function trackAction(
  name: string,
  props: Dict,
  event: (type: string, own: Dict) => SegmentAction,
): SegmentAction {
  switch (matchKey(name)) {
    case 'order_completed':
      return { kind: 'receipt', receipt: receiptOf(props) };
    case 'product_viewed':
      return event('product_view', {
        ...compact({ productId: productIdOf(props), category: props.category }),
        ...props,
      });
    case 'product_list_viewed':
      return event('category_view', {
        ...compact({ categoryId: text(props.category ?? props.list_id) }),
        items: productsOf(props).map(item),
        ...props,
      });
    case 'cart_viewed':
      return event('cart_updated', {
        ...compact({ cartId: text(props.cart_id) }),
        items: productsOf(props).map(item),
        ...props,
      });
    case 'product_added':
      return event('cart_updated', {
        ...compact({ cartId: text(props.cart_id) }),
        items: [item(props)],
        ...props,
      });
  }
  const type = heraldEventType(name);
  if (!type)
    throw badRequest(`The event name "${name}" has no letter or digit Herald can name it by`, [
      { field: 'event', message: 'name the event with letters or digits, e.g. "Signed Up"' },
    ]);
  return event(type, props);
}
