// Rows for analytics tests and the demo: customers, mailings, messages with the times they were
// delivered, opened and clicked, and receipts, all at times relative to now.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/connection.ts';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const ago = (ms: number) => new Date(Date.now() - ms);

export async function customer(
  db: Db,
  fields: { timeZone?: string; city?: string; source?: string } = {},
): Promise<string> {
  const id = randomUUID();
  await db('customers').insert({
    id,
    email: `${id.slice(0, 8)}@example.org`,
    time_zone: fields.timeZone ?? 'UTC',
    city: fields.city ?? null,
    source: fields.source ?? null,
  });
  return id;
}

export async function mailing(
  db: Db,
  channel: string,
  attribution: object = {},
  name = `Mailing ${channel}`,
): Promise<string> {
  const id = randomUUID();
  await db('mailings').insert({
    id,
    name,
    status: 'sent',
    channel,
    audience: JSON.stringify({}),
    delivery: JSON.stringify({ mode: 'now' }),
    attribution: JSON.stringify(attribution),
  });
  return id;
}

export interface SentMessage {
  customerId: string;
  mailingId?: string;
  campaignId?: string;
  nodeId?: string;
  channel?: string;
  status?: string;
  sentAt: Date;
  deliveredAt?: Date;
  openedAt?: Date;
  clickedAt?: Date;
  machineOpenedAt?: Date;
  error?: string;
  toAddress?: string;
  /** The A/B variant's index (0 is A). */
  variant?: number;
}

/** A sent message, and its recipient's row in the mailing (with its variant) when it has one. */
export async function message(db: Db, m: SentMessage): Promise<string> {
  const id = randomUUID();
  await db('messages').insert({
    id,
    idempotency_key: `test:${id}`,
    customer_id: m.customerId,
    mailing_id: m.mailingId ?? null,
    campaign_id: m.campaignId ?? null,
    node_id: m.nodeId ?? null,
    channel: m.channel ?? 'email',
    messaging_type: 'promo',
    status: m.status ?? (m.deliveredAt ? 'delivered' : 'sent'),
    error: m.error ?? null,
    to_address: m.toAddress ?? null,
    created_at: m.sentAt,
    delivered_at: m.deliveredAt ?? null,
    opened_at: m.openedAt ?? null,
    clicked_at: m.clickedAt ?? null,
    machine_opened_at: m.machineOpenedAt ?? null,
  });
  if (m.mailingId) await recipient(db, m.mailingId, m.customerId, m.sentAt, { variant: m.variant });
  return id;
}

export async function recipient(
  db: Db,
  mailingId: string,
  customerId: string,
  sendAt: Date,
  /** A control row's reason: the global control group's by default; null for the flag alone. */
  opts: { control?: boolean; variant?: number; reason?: string | null } = {},
): Promise<void> {
  await db('mailing_recipients')
    .insert({
      mailing_id: mailingId,
      customer_id: customerId,
      time_zone: 'UTC',
      state: opts.control ? 'excluded' : 'done',
      reason: opts.control ? (opts.reason === undefined ? 'control_group' : opts.reason) : null,
      control: opts.control ?? false,
      variant: opts.variant ?? null,
      send_at: sendAt,
    })
    .onConflict(['mailing_id', 'customer_id'])
    .ignore();
}

export async function receipt(
  db: Db,
  customerId: string,
  at: Date,
  total: number,
  offline = false,
): Promise<string> {
  const id = randomUUID();
  await db('receipts').insert({
    id,
    customer_id: customerId,
    total,
    occurred_at: at,
    store: offline ? 'Store 7' : null,
    source: offline ? 'pos' : 'web',
  });
  return id;
}
