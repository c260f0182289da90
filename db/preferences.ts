// What the preference page reads: the message an unsubscribe link names, with its customer, and
// that customer's choices per messaging type and channel.
import type { Db } from './connection.ts';
import { listMessagingTypes } from './messaging-types.ts';

export interface LinkedMessage {
  id: string;
  customer_id: string;
  channel: string;
  /** Null on messages sent before messaging types were recorded: those were "promo". */
  messaging_type: string | null;
  locale: string | null;
  email: string | null;
  phone: string | null;
}

/** The message and its customer, or undefined when either is gone (an erased customer). */
export async function linkedMessage(db: Db, id: string): Promise<LinkedMessage | undefined> {
  return db('messages as m')
    .join('customers as c', 'c.id', 'm.customer_id')
    .where('m.id', id)
    .first<LinkedMessage | undefined>(
      'm.id',
      'm.customer_id',
      'm.channel',
      'm.messaging_type',
      'c.locale',
      'c.email',
      'c.phone',
    );
}

export interface StoredChoice {
  channel: string;
  messagingType: string;
  name: string;
  subscribed: boolean;
}

/**
 * One choice per marketing messaging type and channel the customer can be reached on (the
 * message's own channel always): subscribed unless they left that type, or everything, there.
 */
export async function preferenceChoices(db: Db, m: LinkedMessage): Promise<StoredChoice[]> {
  const [types, contacts, unsubscribed] = await Promise.all([
    listMessagingTypes(db),
    db('contacts')
      .where({ customer_id: m.customer_id, is_valid: true })
      .distinct<{ channel: string }[]>('channel'),
    db('subscriptions')
      .where({ customer_id: m.customer_id, subscribed: false })
      .select<{ channel: string; messaging_type: string }[]>('channel', 'messaging_type'),
  ]);
  const channels = new Set([m.channel]);
  if (m.email) channels.add('email');
  if (m.phone) channels.add('sms');
  for (const c of contacts) if (c.channel !== 'sms' || m.phone) channels.add(c.channel);
  const ownType = m.messaging_type ?? 'promo';
  const marketing = types.filter((t) => !t.transactional);
  if (!types.some((t) => t.key === ownType))
    marketing.push({
      key: ownType,
      name: ownType,
      description: null,
      transactional: false,
      created_at: new Date(),
    });
  const left = new Set(unsubscribed.map((u) => `${u.channel}:${u.messaging_type}`));
  return [...channels].sort().flatMap((channel) =>
    marketing.map((t) => ({
      channel,
      messagingType: t.key,
      name: t.name,
      subscribed: !left.has(`${channel}:${t.key}`) && !left.has(`${channel}:all`),
    })),
  );
}

/** The channels on which the customer left everything ("all"), which a new choice reopens. */
export async function channelsLeftEntirely(db: Db, customerId: string): Promise<Set<string>> {
  const rows = await db('subscriptions')
    .where({ customer_id: customerId, messaging_type: 'all', subscribed: false })
    .select<{ channel: string }[]>('channel');
  return new Set(rows.map((r) => r.channel));
}

/** Whether the customer's stored choice for a type on a channel is already `subscribed`. */
export async function consentIs(
  db: Db,
  customerId: string,
  c: { channel: string; messagingType: string; subscribed: boolean },
): Promise<boolean> {
  const row = await db('subscriptions')
    .where({ customer_id: customerId, channel: c.channel, messaging_type: c.messagingType })
    .first<{ subscribed: boolean } | undefined>('subscribed');
  return row?.subscribed === c.subscribed;
}
