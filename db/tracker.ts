// The JS tracker's sites and visitors. An anonymous visitor gets a profile of their own
// (source "tracker:anonymous") so that their events are stored like any other; identify() moves
// those events to the known customer and removes the anonymous profile.
import { randomBytes } from 'node:crypto';
import { open, seal } from '../core/secret-box.ts';
import type { Db } from './connection.ts';

export const ANONYMOUS_SOURCE = 'tracker:anonymous';

export interface TrackerSiteRow {
  id: string;
  name: string;
  public_key: string;
  allowed_origins: string[];
  identity_secret_encrypted: string | null;
  created_at: Date;
}

/** The purpose identity secrets are sealed under (core/secret-box.ts). */
const IDENTITY_SECRET_PURPOSE = 'tracker-identity-secret';

const newIdentitySecret = () => `tis_${randomBytes(32).toString('base64url')}`;

/** The site's identity secret, or undefined for a site created before sites had one. */
export function identitySecretOf(masterSecret: string, row: TrackerSiteRow): string | undefined {
  return row.identity_secret_encrypted === null
    ? undefined
    : open(masterSecret, IDENTITY_SECRET_PURPOSE, row.identity_secret_encrypted);
}

export function toTrackerSite(row: TrackerSiteRow) {
  return {
    id: row.id,
    name: row.name,
    publicKey: row.public_key,
    allowedOrigins: row.allowed_origins,
    identityVerification: row.identity_secret_encrypted !== null,
    createdAt: row.created_at.toISOString(),
  };
}

/** Creates a site; its identity secret is returned here once and never again. */
export async function createTrackerSite(
  db: Db,
  masterSecret: string,
  input: { name: string; allowedOrigins: string[] },
): Promise<{ row: TrackerSiteRow; identitySecret: string }> {
  const identitySecret = newIdentitySecret();
  const [row] = await db('tracker_sites')
    .insert({
      name: input.name,
      public_key: `pk_${randomBytes(18).toString('base64url')}`,
      allowed_origins: input.allowedOrigins,
      identity_secret_encrypted: seal(masterSecret, IDENTITY_SECRET_PURPOSE, identitySecret),
    })
    .returning<TrackerSiteRow[]>('*');
  return { row: row!, identitySecret };
}

/** Gives a site a new identity secret (returned once); user hashes of the old one stop working. */
export async function renewIdentitySecret(
  db: Db,
  masterSecret: string,
  id: string,
): Promise<{ row: TrackerSiteRow; identitySecret: string } | undefined> {
  const identitySecret = newIdentitySecret();
  const [row] = await db('tracker_sites')
    .where({ id })
    .update({
      identity_secret_encrypted: seal(masterSecret, IDENTITY_SECRET_PURPOSE, identitySecret),
    })
    .returning<TrackerSiteRow[]>('*');
  return row && { row, identitySecret };
}

export async function listTrackerSites(db: Db): Promise<TrackerSiteRow[]> {
  return db('tracker_sites').orderBy('created_at').select<TrackerSiteRow[]>('*');
}

export async function trackerSiteByKey(db: Db, key: string): Promise<TrackerSiteRow | undefined> {
  return db('tracker_sites').where({ public_key: key }).first<TrackerSiteRow | undefined>();
}

/** Whether any site allows this origin (answers CORS preflights, which carry no key). */
export async function originIsAllowed(db: Db, origin: string): Promise<boolean> {
  const row = await db('tracker_sites')
    .whereRaw('? = any(allowed_origins)', [origin])
    .first<{ id: string } | undefined>('id');
  return row !== undefined;
}

/** The customer a visitor's events belong to; a new visitor gets an anonymous profile. */
export async function customerOfVisitor(db: Db, visitorId: string): Promise<string> {
  const known = await db('tracker_visitors')
    .where({ visitor_id: visitorId })
    .update({ last_seen_at: db.fn.now() })
    .returning<{ customer_id: string }[]>('customer_id');
  if (known[0]) return known[0].customer_id;
  return db.transaction(async (trx) => {
    const [anon] = await trx('customers')
      .insert({ source: ANONYMOUS_SOURCE })
      .returning<{ id: string }[]>('id');
    const [mine] = await trx('tracker_visitors')
      .insert({ visitor_id: visitorId, customer_id: anon!.id })
      .onConflict('visitor_id')
      .ignore()
      .returning<{ customer_id: string }[]>('customer_id');
    if (mine) return mine.customer_id;
    // Two first events of one visitor raced: the other made the profile.
    await trx('customers').where({ id: anon!.id }).del();
    const winner = await trx('tracker_visitors')
      .where({ visitor_id: visitorId })
      .first<{ customer_id: string }>('customer_id');
    return winner.customer_id;
  });
}

/**
 * Joins a visitor to a known customer. An anonymous history moves with them (every visitor ID
 * that shared it, e.g. from the other domains, follows); a visitor who was someone else before
 * (a shared computer) only points to the new customer from now on.
 */
export async function identifyVisitor(
  db: Db,
  visitorId: string,
  customerId: string,
): Promise<{ eventsMerged: number }> {
  try {
    return await joinVisitor(db, visitorId, customerId);
  } catch (err) {
    if (!(err instanceof VisitorRace)) throw err;
    return joinVisitor(db, visitorId, customerId);
  }
}

class VisitorRace extends Error {}

async function joinVisitor(
  db: Db,
  visitorId: string,
  customerId: string,
): Promise<{ eventsMerged: number }> {
  return db.transaction(async (trx) => {
    const visitor = await trx('tracker_visitors')
      .where({ visitor_id: visitorId })
      .forUpdate()
      .first<{ customer_id: string; identified: boolean } | undefined>();
    if (!visitor) {
      // A first event of this visitor racing this call may insert the row first: then the
      // caller tries again and merges that event's anonymous profile.
      const inserted = await trx('tracker_visitors')
        .insert({ visitor_id: visitorId, customer_id: customerId, identified: true })
        .onConflict('visitor_id')
        .ignore()
        .returning('visitor_id');
      if (inserted.length === 0) throw new VisitorRace();
      return { eventsMerged: 0 };
    }
    if (visitor.customer_id === customerId) return { eventsMerged: 0 };
    if (visitor.identified) {
      await trx('tracker_visitors')
        .where({ visitor_id: visitorId })
        .update({ customer_id: customerId });
      return { eventsMerged: 0 };
    }
    const anonymous = visitor.customer_id;
    const eventsMerged = await trx('events')
      .where({ customer_id: anonymous })
      .update({ customer_id: customerId });
    await trx('tracker_visitors')
      .where({ customer_id: anonymous })
      .update({ customer_id: customerId, identified: true, last_seen_at: trx.fn.now() });
    await trx('customers').where({ id: anonymous, source: ANONYMOUS_SOURCE }).del();
    return { eventsMerged };
  });
}
