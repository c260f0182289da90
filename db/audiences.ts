// Static audiences: named lists of customers that never change by themselves. Frozen from a
// segment's rules at creation, uploaded as external IDs, or edited by hand.
import type { Knex } from 'knex';
import type { Audience } from '../core/contract/segments.ts';
import type { SegmentRules } from '../core/segment-rules.ts';
import type { Db } from './connection.ts';
import { SEGMENT_FROM, segmentPredicate, type CompileOptions } from './segment-sql.ts';

interface AudienceRow {
  id: string;
  name: string;
  description: string | null;
  origin: Audience['origin'];
  segment_id: string | null;
  members: number;
  created_at: Date;
  updated_at: Date;
}

const toAudience = (r: AudienceRow): Audience => ({
  id: r.id,
  name: r.name,
  description: r.description,
  origin: r.origin,
  segmentId: r.segment_id,
  members: r.members,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

const withCount = (db: Db | Knex.Transaction) =>
  db('audiences as a').select(
    'a.*',
    db.raw(
      '(select count(*)::int from audience_members am where am.audience_id = a.id) as members',
    ),
  );

export async function getAudience(db: Db | Knex.Transaction, id: string) {
  const row = await withCount(db).where('a.id', id).first<AudienceRow | undefined>();
  return row && toAudience(row);
}

export async function listAudiences(db: Db) {
  return ((await withCount(db).orderBy('a.name')) as AudienceRow[]).map(toAudience);
}

/** Creates an audience, filled with the customers `frozen` matches now when given. */
export async function createAudience(
  db: Db,
  a: { name: string; description?: string | null },
  frozen?: { segmentId: string; rules: SegmentRules; options: CompileOptions },
): Promise<Audience> {
  return db.transaction(async (trx) => {
    const [row] = await trx('audiences')
      .insert({
        name: a.name,
        description: a.description ?? null,
        origin: frozen ? 'segment' : 'manual',
        segment_id: frozen?.segmentId ?? null,
      })
      .returning<{ id: string }[]>('id');
    if (frozen) {
      const where = segmentPredicate(frozen.rules, frozen.options);
      await trx.raw(
        `insert into audience_members (audience_id, customer_id, source)
         select ?, c.id, 'segment' from ${SEGMENT_FROM} where ${where.text}`,
        [row!.id, ...(where.values as Knex.RawBinding[])],
      );
    }
    return (await getAudience(trx, row!.id))!;
  });
}

export async function deleteAudience(db: Db, id: string): Promise<boolean> {
  return (await db('audiences').where({ id }).delete()) > 0;
}

/** Customer IDs of the given Herald IDs and external IDs, and the external IDs no one has. */
async function resolve(db: Db | Knex.Transaction, customerIds: string[], externalIds: string[]) {
  const byId = await db('customers').whereIn('id', customerIds).pluck<string[]>('id');
  const byExternal = await db('customers')
    .whereIn('external_id', externalIds)
    .select<{ id: string; external_id: string }[]>('id', 'external_id');
  const known = new Set(byExternal.map((r) => r.external_id));
  return {
    ids: [...new Set([...byId, ...byExternal.map((r) => r.id)])],
    unknown: externalIds.filter((e) => !known.has(e)),
  };
}

/**
 * Adds customers (`replace`: the list becomes exactly them), or removes them; answers how many
 * were added and removed and which external IDs named nobody.
 */
export async function changeMembers(
  db: Db,
  audienceId: string,
  change: 'append' | 'replace' | 'remove',
  who: { customerIds: string[]; externalIds: string[] },
  origin?: 'csv',
) {
  return db.transaction(async (trx) => {
    const { ids, unknown } = await resolve(trx, who.customerIds, who.externalIds);
    let added = 0;
    let removed = 0;
    if (change === 'remove') {
      removed = await trx('audience_members')
        .where({ audience_id: audienceId })
        .whereIn('customer_id', ids)
        .delete();
    } else {
      if (change === 'replace')
        removed = await trx('audience_members')
          .where({ audience_id: audienceId })
          .whereNotIn('customer_id', ids)
          .delete();
      for (let i = 0; i < ids.length; i += 5000) {
        const inserted = await trx('audience_members')
          .insert(
            ids.slice(i, i + 5000).map((id) => ({
              audience_id: audienceId,
              customer_id: id,
              source: origin ?? 'manual',
            })),
          )
          .onConflict(['audience_id', 'customer_id'])
          .ignore()
          .returning('customer_id');
        added += inserted.length;
      }
    }
    await trx('audiences')
      .where({ id: audienceId })
      .update({ updated_at: trx.fn.now(), ...(origin && change === 'replace' && { origin }) });
    return { audience: (await getAudience(trx, audienceId))!, added, removed, unknown };
  });
}
