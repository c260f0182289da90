// Attribution (core/attribution.ts): each purchase credited to the last message that reached
// its customer within the window before it, under the rules of that message's mailing (or its
// channel's default). One statement attributes any set of receipts; a mailing whose rules change
// has the receipts of its recipients attributed again, since the credit may move to or from it.
import { touchSql } from '../core/attribution.ts';
import type { Knex } from 'knex';
import type { Db } from './connection.ts';

/** Which receipts to attribute again: all, those of one mailing's recipients, or recent ones. */
export type Scope = { all: true } | { mailingId: string } | { createdSince: Date };

/** The longest window a rule may have (core/attribution.ts): no touch is older than this. */
const MAX_WINDOW = "interval '90 days'";

// Each mailing's rules: its own where set, its channel's default otherwise.
const RULES = `
  select mg.id mailing_id,
    coalesce(mg.attribution->>'touch', d.touch) touch,
    coalesce((mg.attribution->>'windowHours')::int, (mg.attribution->>'windowDays')::int * 24,
      d.window_hours) window_hours
  from mailings mg join attribution_defaults d on d.channel = mg.channel`;

function scopeSql(scope: Scope): { where: string; bindings: Knex.RawBinding[] } {
  if ('all' in scope) return { where: 'true', bindings: [] };
  if ('createdSince' in scope)
    return { where: 'r.created_at >= ?', bindings: [scope.createdSince] };
  // The mailing's recipients' purchases from its first message to the longest window after its last.
  return {
    where: `r.customer_id in (select customer_id from messages where mailing_id = ?)
      and r.occurred_at between (select min(created_at) from messages where mailing_id = ?)
        and (select max(created_at) from messages where mailing_id = ?) + ${MAX_WINDOW}`,
    bindings: [scope.mailingId, scope.mailingId, scope.mailingId],
  };
}

/** Attributes the receipts in scope again; returns how many are credited to a message now. */
export async function attribute(db: Db, scope: Scope): Promise<number> {
  const { where, bindings } = scopeSql(scope);
  return db.transaction(async (trx) => {
    await trx.raw(
      `delete from attributions a using receipts r where a.receipt_id = r.id and ${where}`,
      bindings,
    );
    const result = await trx.raw<{ rowCount: number }>(
      `with rules as (${RULES})
       insert into attributions (receipt_id, message_id, customer_id, mailing_id, campaign_id,
         node_id, channel, touch, touched_at, total, occurred_at)
       select r.id, t.id, r.customer_id, t.mailing_id, t.campaign_id, t.node_id, t.channel,
         t.touch, t.touched_at, r.total, r.occurred_at
       from receipts r
       cross join lateral (
         select m.id, m.mailing_id, m.campaign_id, m.node_id, m.channel, rule.touch, tt.touched_at
         from messages m
         join attribution_defaults d on d.channel = m.channel
         left join rules ru on ru.mailing_id = m.mailing_id
         cross join lateral (select coalesce(ru.touch, d.touch) touch,
           coalesce(ru.window_hours, d.window_hours) window_hours) rule
         cross join lateral (select ${touchSql('m', 'rule.touch')} touched_at) tt
         where m.customer_id = r.customer_id
           and m.created_at <= r.occurred_at and m.created_at > r.occurred_at - ${MAX_WINDOW}
           and tt.touched_at <= r.occurred_at
           and tt.touched_at > r.occurred_at - make_interval(hours => rule.window_hours)
         order by tt.touched_at desc, m.id
         limit 1) t
       where r.kind = 'purchase' and ${where}
       on conflict (receipt_id) do nothing`,
      bindings,
    );
    return result.rowCount;
  });
}

/** A channel's default rules, as the settings page shows and changes them. */
export async function attributionDefaults(db: Db) {
  return db('attribution_defaults')
    .orderBy('channel')
    .select<{ channel: string; touch: string; windowHours: number }[]>(
      'channel',
      'touch',
      'window_hours as windowHours',
    );
}

export async function setAttributionDefault(
  db: Db,
  channel: string,
  rules: { touch: string; windowHours: number },
): Promise<void> {
  await db('attribution_defaults')
    .insert({ channel, touch: rules.touch, window_hours: rules.windowHours })
    .onConflict('channel')
    .merge();
}
