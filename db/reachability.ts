// Whether a customer can be sent a message on a channel: a valid address (for push, an active
// device: db/devices.ts), and no unsubscribe from that channel for the messaging type.
// Transactional messaging types (messaging_types) ignore unsubscribes.
import type { Channel } from '../core/channels.ts';
import type { Db } from './connection.ts';
import { transactionalType } from './messaging-types.ts';

export type Reachability = { ok: true; address: string } | { ok: false; reason: string };

/** SMS and Viber go to the phone; webhooks to addresses stored as contacts; push to devices. */
const contactChannel: Record<Channel, string> = {
  email: 'email',
  sms: 'sms',
  viber: 'sms',
  push: 'push',
  webhook: 'webhook',
};

export async function reachability(
  db: Db,
  customerId: string,
  channel: Channel,
  messagingType = 'promo',
  /** The profile's email and phone, when the caller reads the profile anyway. */
  profile?: Promise<{ email: string | null; phone: string | null } | undefined>,
): Promise<Reachability> {
  const [customer, contacts, unsubscribed, device] = await Promise.all([
    profile ??
      db('customers')
        .where({ id: customerId })
        .first<{ email: string | null; phone: string | null }>('email', 'phone'),
    db('contacts')
      .where({ customer_id: customerId, channel: contactChannel[channel] })
      .orderBy('id', 'desc')
      .select<Contact[]>('address', 'is_valid'),
    // One query, as before types could be transactional: an unsubscribe that a transactional
    // type does not ignore.
    db('subscriptions')
      .where({ customer_id: customerId, channel, subscribed: false })
      .whereIn('messaging_type', [messagingType, 'all'])
      .whereNotExists(transactionalType(db, messagingType))
      .first<{ messaging_type: string } | undefined>('messaging_type'),
    channel === 'push' ? lastDevice(db, customerId) : undefined,
  ]);
  return decideReachability(channel, messagingType, {
    customer,
    contacts,
    unsubscribed: unsubscribed !== undefined,
    device,
  });
}

export interface Device {
  token: string;
  active: boolean;
  deactivated_reason: string | null;
}

export interface Contact {
  address: string;
  is_valid: boolean;
}

/** The contacts of a channel's kind, newest first; `contactChannel` names the kind. */
export const contactKind = (channel: Channel) => contactChannel[channel];

/**
 * The decision from what was read: the profile's address (email and phone live there; the
 * contacts table says whether they passed their check), else the newest valid contact.
 */
export function decideReachability(
  channel: Channel,
  messagingType: string,
  read: {
    customer: { email: string | null; phone: string | null } | undefined;
    /** Newest first. */
    contacts: Contact[];
    /** An unsubscribe from this type (or from all) that a transactional type does not ignore. */
    unsubscribed: boolean;
    /** push: the active device seen last, else the one deactivated last. */
    device?: Device;
  },
): Reachability {
  const kind = contactChannel[channel];
  const { customer, contacts, device } = read;
  if (channel === 'push') {
    if (!device) return { ok: false, reason: 'the customer has no push address' };
    if (!device.active)
      return {
        ok: false,
        reason: `the customer's push devices are deactivated (${device.deactivated_reason ?? 'deleted'})`,
      };
  }
  const profileAddress =
    kind === 'email' ? customer?.email : kind === 'sms' ? customer?.phone : undefined;
  const address = device?.token ?? profileAddress ?? contacts.find((c) => c.is_valid)?.address;
  if (!address) return { ok: false, reason: `the customer has no ${channel} address` };
  if (contacts.some((c) => c.address === address && !c.is_valid))
    return { ok: false, reason: `the customer's ${channel} address ${address} is invalid` };
  if (read.unsubscribed)
    return { ok: false, reason: `the customer unsubscribed from ${messagingType} ${channel}` };
  return { ok: true, address };
}

/** The active device seen last, else the one deactivated last (whose reason explains the skip). */
const lastDevice = (db: Db, customerId: string) =>
  db('devices')
    .where({ customer_id: customerId })
    .orderBy([
      { column: 'active', order: 'desc' },
      { column: 'last_seen_at', order: 'desc' },
    ])
    .first<Device | undefined>('token', 'active', 'deactivated_reason');
