// Receipt payloads: a purchase with its lines. A receipt names its customer exactly as an event
// does (customerId, or the caller's externalId with optional attributes); its own ID in the
// caller's system is receiptExternalId, on which a resend updates the stored receipt.
import { z } from 'zod';
import { CurrencyCode } from './currency.ts';
import { EventInput } from './event.ts';

/** Said wherever a negative amount is refused, by the api and the CSV import alike. */
export const NEGATIVE_AMOUNT =
  'amounts cannot be negative; send a return as its own receipt with kind "return" and the amounts refunded';

const Money = z
  .number('send an amount as a number, such as 19.99')
  .finite()
  .min(0, NEGATIVE_AMOUNT)
  .max(1e12);

/** A purchase, or a return (refund) of goods bought before: its amounts are what was refunded. */
export const ReceiptKind = z.enum(['purchase', 'return'], {
  message: 'use kind "purchase" or "return"',
});
export type ReceiptKind = z.infer<typeof ReceiptKind>;

/** Said when a purchase names an original receipt, by the api and the CSV import alike. */
export const ORIGINAL_NEEDS_RETURN =
  'only a return names an original receipt; send kind "return", or leave the original out';

export const ReceiptLineInput = z.object({
  productId: z.string().min(1).max(200).optional(),
  name: z.string().max(500).optional(),
  category: z.string().min(1).max(200).optional(),
  quantity: z.number().positive('quantity must be above 0').max(1e9).default(1),
  price: Money,
  /** What the line cost after discounts; price × quantity when left out. */
  amount: Money.optional(),
  custom: z.record(z.string(), z.unknown()).optional(),
});
export type ReceiptLineInput = z.infer<typeof ReceiptLineInput>;

export const ReceiptInput = z
  .object({
    // The customer is named exactly as an event names it.
    customerId: EventInput.shape.customerId,
    externalId: EventInput.shape.externalId,
    customer: EventInput.shape.customer,
    receiptExternalId: z.string().min(1).max(200).optional(),
    kind: ReceiptKind.default('purchase'),
    /** A return's purchase, by its receiptExternalId; left out, the return stands alone. */
    originalReceiptExternalId: z.string().min(1).max(200).optional(),
    idempotencyKey: EventInput.shape.idempotencyKey,
    occurredAt: EventInput.shape.occurredAt.unwrap(),
    /** The amount paid; the sum of the lines' amounts when left out. */
    total: Money.optional(),
    /** The currency the amounts are in; the account currency when left out (docs/metrics.md). */
    currency: CurrencyCode.optional(),
    store: z.string().max(200).optional(),
    source: z.string().min(1).max(100).default('api'),
    custom: z.record(z.string(), z.unknown()).optional(),
    lines: z.array(ReceiptLineInput).max(1000, 'send at most 1000 lines').default([]),
  })
  .refine((r) => r.customerId !== undefined || r.externalId !== undefined, {
    message: 'name the customer with customerId or externalId',
    path: ['customerId'],
  })
  .refine((r) => r.total !== undefined || r.lines.length > 0, {
    message: 'send the total, or lines to sum it from',
    path: ['total'],
  })
  .refine((r) => r.kind === 'return' || r.originalReceiptExternalId === undefined, {
    message: ORIGINAL_NEEDS_RETURN,
    path: ['originalReceiptExternalId'],
  });
export type ReceiptInput = z.infer<typeof ReceiptInput>;

export const MAX_RECEIPT_BATCH = 500;
export const ReceiptBatch = z.object({
  receipts: z
    .array(z.unknown())
    .min(1, 'send at least one receipt')
    .max(MAX_RECEIPT_BATCH, `send at most ${MAX_RECEIPT_BATCH} receipts per batch`),
});

export const ReceiptLine = z.object({
  productId: z.string().nullable(),
  name: z.string().nullable(),
  category: z.string().nullable(),
  quantity: z.number(),
  price: z.number(),
  amount: z.number(),
  /** price and amount as sent, in the receipt's originalCurrency. */
  originalPrice: z.number(),
  originalAmount: z.number(),
  custom: z.record(z.string(), z.unknown()),
});
export type ReceiptLine = z.infer<typeof ReceiptLine>;

export const Receipt = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  externalId: z.string().nullable(),
  kind: ReceiptKind,
  /** The purchase a return refunds (Herald's ID), or null. */
  originalReceiptId: z.uuid().nullable(),
  /** In the account currency (`currency`), as metrics and points count it. */
  total: z.number(),
  currency: z.string(),
  /** The total and currency as sent, and the rate they were converted at (null: not yet, for a
   * receipt stored before currencies existed, awaiting a rate for its date). */
  originalTotal: z.number(),
  originalCurrency: z.string(),
  exchangeRate: z.number().nullable(),
  store: z.string().nullable(),
  source: z.string().nullable(),
  custom: z.record(z.string(), z.unknown()),
  occurredAt: z.string(),
  lines: z.array(ReceiptLine),
});
export type Receipt = z.infer<typeof Receipt>;

/** Rounds to cents the way Postgres numeric(14,2) stores them. */
export const cents = (n: number) => Math.round(n * 100) / 100;

/** A line's amount (price × quantity unless given) and the receipt's total (sum unless given). */
export function receiptAmounts(r: Pick<ReceiptInput, 'total' | 'lines'>): {
  total: number;
  lineAmounts: number[];
} {
  const lineAmounts = r.lines.map((l) => cents(l.amount ?? l.price * l.quantity));
  const total = r.total ?? cents(lineAmounts.reduce((s, a) => s + a, 0));
  return { total: cents(total), lineAmounts };
}

/**
 * Why a return cannot refund the receipt it names (null when it can), said alike by the api and
 * the CSV import: the original must be a purchase of the same customer already in Herald.
 */
export function originalProblem(
  externalId: string,
  original: { customerId: string; kind: string } | undefined,
  customerId: string,
): string | null {
  if (!original)
    return `no receipt "${externalId}" is in Herald; send the purchase first, or leave the original out for a return that stands alone`;
  if (original.customerId !== customerId)
    return `receipt "${externalId}" belongs to another customer; a return refunds a purchase of its own customer`;
  if (original.kind !== 'purchase')
    return `receipt "${externalId}" is a return itself; name the purchase it refunded`;
  return null;
}

/**
 * The `purchase` event's properties: the contract the campaign engine's purchase and
 * first-purchase triggers filter on. Keep these names and types exactly.
 */
export interface PurchaseProperties {
  receiptId: string;
  externalId: string | null;
  amount: number;
  currency: string;
  store: string | null;
  source: string | null;
  products: string[];
  categories: string[];
  itemCount: number;
  firstPurchase: boolean;
}

export function purchaseProperties(r: Receipt, firstPurchase: boolean): PurchaseProperties {
  const distinct = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => !!x))];
  return {
    receiptId: r.id,
    externalId: r.externalId,
    amount: r.total,
    currency: r.currency,
    store: r.store,
    source: r.source,
    products: distinct(r.lines.map((l) => l.productId)),
    categories: distinct(r.lines.map((l) => l.category)),
    // Units bought: quantities summed (a line of 3 cups is 3 items).
    itemCount: r.lines.reduce((s, l) => s + l.quantity, 0),
    firstPurchase,
  };
}

/** The `return` event's properties: a purchase's, with the purchase it refunds. */
export interface ReturnProperties extends Omit<PurchaseProperties, 'firstPurchase'> {
  originalReceiptId: string | null;
}

export function returnProperties(r: Receipt): ReturnProperties {
  const { firstPurchase: _, ...rest } = purchaseProperties(r, false);
  return { ...rest, originalReceiptId: r.originalReceiptId };
}
