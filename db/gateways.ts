// Gateways (migration 0100): provider accounts per channel. Credentials and the token that
// authenticates a provider's delivery reports are sealed under HERALD_SECRET; the api answers
// only which credential fields are set. One gateway per channel is the default, and the
// environment's SMTP settings are the email gateway Herald starts with.
import { randomBytes } from 'node:crypto';
import type { Gateway } from '../core/contract/gateways.ts';
import type { Channel } from '../core/channels.ts';
import {
  type CreateGateway,
  type GatewayConfig,
  type GatewayProvider,
  statusCallbackUrl,
} from '../core/gateways.ts';
import { open, seal } from '../core/secret-box.ts';
import type { Db } from './connection.ts';

export interface GatewayRow {
  id: string;
  name: string;
  channel: Channel;
  provider: GatewayProvider;
  settings: Record<string, unknown>;
  credentials_sealed: string | null;
  credential_fields: string[];
  callback_token_sealed: string;
  senders: string[];
  rate_per_second: number | null;
  is_default: boolean;
  managed_by: 'api' | 'environment';
  created_at: Date;
  updated_at: Date;
}

const CREDENTIALS = 'gateway-credentials';
const CALLBACK_TOKEN = 'gateway-callback-token';

/** Providers that post delivery reports to Herald (SMPP's arrive on its own session). */
const POSTS_REPORTS = new Set<GatewayProvider>(['twilio', 'http', 'infobip', 'huawei']);

export function toGateway(row: GatewayRow, baseUrl: string, masterSecret: string): Gateway {
  return {
    id: row.id,
    name: row.name,
    channel: row.channel,
    provider: row.provider,
    settings: row.settings,
    credentialFields: row.credential_fields,
    senders: row.senders,
    ratePerSecond: row.rate_per_second,
    isDefault: row.is_default,
    managedBy: row.managed_by,
    statusCallbackUrl: POSTS_REPORTS.has(row.provider)
      ? statusCallbackUrl(baseUrl, row.id, callbackTokenOf(row, masterSecret))
      : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The gateway with its credentials opened, for the worker that sends through it. */
export function gatewayConfig(row: GatewayRow, masterSecret: string): GatewayConfig {
  const credentials = row.credentials_sealed
    ? (JSON.parse(open(masterSecret, CREDENTIALS, row.credentials_sealed)) as unknown)
    : undefined;
  return {
    id: row.id,
    name: row.name,
    provider: row.provider,
    channel: row.channel,
    settings: row.settings,
    credentials,
    senders: row.senders,
    ratePerSecond: row.rate_per_second,
    callbackToken: open(masterSecret, CALLBACK_TOKEN, row.callback_token_sealed),
  } as GatewayConfig;
}

export function callbackTokenOf(row: GatewayRow, masterSecret: string): string {
  return open(masterSecret, CALLBACK_TOKEN, row.callback_token_sealed);
}

const sealCredentials = (masterSecret: string, credentials: unknown) =>
  credentials === undefined
    ? { credentials_sealed: null, credential_fields: [] }
    : {
        credentials_sealed: seal(masterSecret, CREDENTIALS, JSON.stringify(credentials)),
        credential_fields: Object.keys(credentials as object).sort(),
      };

/** Makes `id` its channel's only default; the unique index allows one per channel. */
async function takeDefault(db: Db, channel: Channel, id: string): Promise<void> {
  await db('gateways')
    .where({ channel, is_default: true })
    .whereNot({ id })
    .update({ is_default: false });
  await db('gateways').where({ id }).update({ is_default: true });
}

/** Adds a gateway; the first of its channel is the default. Undefined when the name is taken. */
export async function createGateway(
  db: Db,
  masterSecret: string,
  input: CreateGateway,
): Promise<GatewayRow | undefined> {
  return db.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`gateways:${input.channel}`]);
    const [row] = await trx('gateways')
      .insert({
        name: input.name,
        channel: input.channel,
        provider: input.provider,
        settings: JSON.stringify(input.settings),
        ...sealCredentials(masterSecret, input.credentials),
        callback_token_sealed: seal(
          masterSecret,
          CALLBACK_TOKEN,
          randomBytes(24).toString('base64url'),
        ),
        senders: input.senders,
        rate_per_second: input.ratePerSecond ?? null,
      })
      .onConflict('name')
      .ignore()
      .returning<GatewayRow[]>('*');
    if (!row) return undefined;
    const hasDefault = await trx('gateways')
      .where({ channel: input.channel, is_default: true })
      .first<{ id: string } | undefined>('id');
    if (input.isDefault || !hasDefault) await takeDefault(trx, input.channel, row.id);
    return getGateway(trx, row.id);
  });
}

export interface GatewayChange {
  name?: string;
  senders?: string[];
  ratePerSecond?: number | null;
  isDefault?: boolean;
  settings?: unknown;
  credentials?: unknown;
}

/** Applies a parsed change; undefined when no such gateway, 'name taken' on a clash. */
export async function updateGateway(
  db: Db,
  masterSecret: string,
  id: string,
  change: GatewayChange,
): Promise<GatewayRow | 'name taken' | undefined> {
  return db.transaction(async (trx) => {
    const current = await getGateway(trx, id);
    if (!current) return undefined;
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`gateways:${current.channel}`]);
    if (change.name !== undefined && change.name !== current.name) {
      const clash = await trx('gateways')
        .where({ name: change.name })
        .first<{ id: string } | undefined>('id');
      if (clash) return 'name taken';
    }
    await trx('gateways')
      .where({ id })
      .update({
        ...(change.name !== undefined && { name: change.name }),
        ...(change.senders !== undefined && { senders: change.senders }),
        ...(change.ratePerSecond !== undefined && { rate_per_second: change.ratePerSecond }),
        ...(change.settings !== undefined && { settings: JSON.stringify(change.settings) }),
        ...(change.credentials !== undefined && sealCredentials(masterSecret, change.credentials)),
        updated_at: trx.fn.now(),
      });
    if (change.isDefault === true) await takeDefault(trx, current.channel, id);
    if (change.isDefault === false)
      await trx('gateways').where({ id }).update({ is_default: false });
    return getGateway(trx, id);
  });
}

export async function deleteGateway(db: Db, id: string): Promise<GatewayRow | undefined> {
  const [row] = await db('gateways').where({ id }).del().returning<GatewayRow[]>('*');
  return row;
}

export async function getGateway(db: Db, id: string): Promise<GatewayRow | undefined> {
  return db('gateways').where({ id }).first<GatewayRow | undefined>();
}

export async function listGateways(db: Db): Promise<GatewayRow[]> {
  return db('gateways').orderBy(['channel', 'name']).select<GatewayRow[]>('*');
}

/** The gateway a channel's messages go through: the one named, else the channel's default. */
export async function gatewayFor(
  db: Db,
  channel: Channel,
  id?: string,
): Promise<GatewayRow | undefined> {
  const q = db('gateways').where({ channel });
  return (id ? q.where({ id }) : q.where({ is_default: true })).first<GatewayRow | undefined>();
}

/**
 * The push gateway for a device: one of the providers that reach its platform (FCM for Android
 * and web, APNs, Huawei), the push default first.
 */
export async function pushGatewayFor(
  db: Db,
  providers: readonly GatewayProvider[],
): Promise<GatewayRow | undefined> {
  return db('gateways')
    .where({ channel: 'push' })
    .whereIn('provider', providers)
    .orderBy([
      { column: 'is_default', order: 'desc' },
      { column: 'created_at', order: 'asc' },
    ])
    .first<GatewayRow | undefined>();
}

export interface EnvironmentSmtp {
  host: string;
  port: number;
  secure: boolean;
  from: string;
}

/**
 * The SMTP_* settings as the email gateway "Environment SMTP" (read-only through the api; its
 * password stays in the environment). Created on first start, the default unless another email
 * gateway is; kept in step with the environment on every start after.
 */
export async function ensureEnvironmentGateway(
  db: Db,
  masterSecret: string,
  smtp: EnvironmentSmtp,
): Promise<GatewayRow> {
  return db.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', ['gateways:email']);
    const settings = JSON.stringify({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      from: smtp.from,
    });
    const existing = await trx('gateways')
      .where({ managed_by: 'environment' })
      .first<GatewayRow | undefined>();
    if (existing) {
      await trx('gateways')
        .where({ id: existing.id })
        .update({ settings, senders: [smtp.from], updated_at: trx.fn.now() });
      return (await getGateway(trx, existing.id))!;
    }
    const hasDefault = await trx('gateways')
      .where({ channel: 'email', is_default: true })
      .first<{ id: string } | undefined>('id');
    // A gateway someone named "Environment SMTP" keeps its name; this one takes another.
    const taken = await trx('gateways')
      .where({ name: 'Environment SMTP' })
      .first<{ id: string } | undefined>('id');
    const [row] = await trx('gateways')
      .insert({
        name: taken ? `Environment SMTP ${randomBytes(3).toString('hex')}` : 'Environment SMTP',
        channel: 'email',
        provider: 'smtp',
        settings,
        callback_token_sealed: seal(
          masterSecret,
          CALLBACK_TOKEN,
          randomBytes(24).toString('base64url'),
        ),
        senders: [smtp.from],
        is_default: !hasDefault,
        managed_by: 'environment',
      })
      .returning<GatewayRow[]>('*');
    return row!;
  });
}
