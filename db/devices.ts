// Push devices (migration 0160): the tokens a customer's apps and browsers registered. A token
// names one install, so registering it again (from the same customer or another who signed in on
// that phone) moves it, reactivates it and marks it seen. A token the provider calls unregistered
// is deactivated with the provider's words.
import type { Device, RegisterDevice } from '../core/contract/devices.ts';
import type { DevicePlatform } from '../core/push-gateways.ts';
import type { Db } from './connection.ts';

export interface DeviceRow {
  id: string;
  customer_id: string;
  platform: DevicePlatform;
  token: string;
  app_id: string;
  active: boolean;
  last_seen_at: Date;
  deactivated_reason: string | null;
  deactivated_at: Date | null;
  created_at: Date;
}

export const toDevice = (row: DeviceRow): Device => ({
  id: row.id,
  platform: row.platform,
  token: row.token,
  appId: row.app_id,
  active: row.active,
  lastSeenAt: row.last_seen_at.toISOString(),
  deactivatedReason: row.deactivated_reason,
  deactivatedAt: row.deactivated_at?.toISOString() ?? null,
  createdAt: row.created_at.toISOString(),
});

/** Registers a token for a customer; `created` is false when the token was known already. */
export async function registerDevice(
  db: Db,
  customerId: string,
  input: RegisterDevice,
): Promise<{ row: DeviceRow; created: boolean }> {
  const [row] = await db('devices')
    .insert({
      customer_id: customerId,
      platform: input.platform,
      token: input.token,
      app_id: input.appId ?? '',
    })
    .onConflict(['platform', 'token'])
    .merge({
      customer_id: customerId,
      ...(input.appId !== undefined && { app_id: input.appId }),
      active: true,
      last_seen_at: db.fn.now(),
      deactivated_reason: null,
      deactivated_at: null,
    })
    // xmax is 0 for a row this statement inserted, set for one it updated.
    .returning<(DeviceRow & { inserted: boolean })[]>(['*', db.raw('(xmax = 0) as inserted')]);
  const { inserted, ...device } = row!;
  return { row: device, created: inserted };
}

export async function listDevices(db: Db, customerId: string): Promise<DeviceRow[]> {
  return db('devices')
    .where({ customer_id: customerId })
    .orderBy([
      { column: 'active', order: 'desc' },
      { column: 'last_seen_at', order: 'desc' },
    ])
    .select<DeviceRow[]>('*');
}

export async function deleteDevice(db: Db, customerId: string, deviceId: string): Promise<boolean> {
  return (await db('devices').where({ id: deviceId, customer_id: customerId }).del()) > 0;
}

/** The device a push goes to: the active one of those platforms seen last. */
export async function pushTarget(
  db: Db,
  customerId: string,
  platforms?: readonly DevicePlatform[],
): Promise<DeviceRow | undefined> {
  const q = db('devices').where({ customer_id: customerId, active: true });
  if (platforms) q.whereIn('platform', platforms);
  return q.orderBy('last_seen_at', 'desc').first<DeviceRow | undefined>('*');
}

/** The provider said this token reaches no install: no push goes to it again until re-registered. */
export async function deactivateDevice(db: Db, deviceId: string, reason: string): Promise<void> {
  await db('devices')
    .where({ id: deviceId, active: true })
    .update({
      active: false,
      deactivated_reason: reason.slice(0, 500),
      deactivated_at: db.fn.now(),
    });
}

/** The customer a tracker visitor proved to be (a verified identify), if any. */
export async function identifiedCustomerOf(db: Db, visitorId: string): Promise<string | undefined> {
  const row = await db('tracker_visitors')
    .where({ visitor_id: visitorId, identified: true })
    .first<{ customer_id: string } | undefined>('customer_id');
  return row?.customer_id;
}
