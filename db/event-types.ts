// The event types recorded so far, with their property names and counts: what the canvas's
// event pickers offer. A large events table is sampled (TABLESAMPLE SYSTEM reads whole pages
// at random) so the answer stays fast at millions of events; counts are then scaled estimates.
import type { Knex } from 'knex';
import type { EventTypes } from '../core/contract/event-types.ts';

/** Below this many rows every event is read; above it, about this many are sampled. */
const SAMPLE_ROWS = 200_000;
/** Property names kept per type: the common ones, not every key a stray event carried. */
const MAX_PROPERTIES = 30;

export async function eventTypeSummaries(db: Knex): Promise<EventTypes> {
  const stats = await db.raw<{ rows: { rows: number }[] }>(
    `select reltuples::bigint as rows from pg_class where oid = 'events'::regclass`,
  );
  // reltuples is -1 before the first analyze: a new table, read whole.
  const rows = Number(stats.rows[0]?.rows ?? 0);
  const estimated = rows > SAMPLE_ROWS;
  const percent = estimated ? Math.max(0.01, (SAMPLE_ROWS / rows) * 100) : 100;
  const scale = 100 / percent;
  const from = estimated ? `events tablesample system (${percent.toFixed(4)})` : 'events';
  const result = await db.raw<{
    rows: { type: string; count: string; last_seen_at: Date; properties: [string, number][] }[];
  }>(
    `with seen as (select type, properties, occurred_at from ${from}),
       types as (select type, count(*) as count, max(occurred_at) as last_seen_at
                   from seen group by type),
       keys as (select type, key, count(*) as n,
                       row_number() over (partition by type order by count(*) desc, key) as rank
                  from seen, jsonb_object_keys(
                    case when jsonb_typeof(properties) = 'object' then properties else '{}' end
                  ) as key
                 group by type, key)
     select t.type, t.count, t.last_seen_at,
            coalesce((select json_agg(json_build_array(k.key, k.n) order by k.rank)
                        from keys k where k.type = t.type and k.rank <= ?), '[]') as properties
       from types t
      order by t.count desc, t.type`,
    [MAX_PROPERTIES],
  );
  return {
    estimated,
    eventTypes: result.rows.map((r) => ({
      type: r.type,
      count: Math.round(Number(r.count) * scale),
      lastSeenAt: new Date(r.last_seen_at).toISOString(),
      properties: r.properties.map(([name, n]) => ({ name, count: Math.round(n * scale) })),
    })),
  };
}
