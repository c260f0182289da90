// Attribution (core/attribution.ts): each purchase credited to the last message that reached
// its customer within the window before it, under the rules of that message's mailing (or its
// channel's default). One statement attributes any set of receipts; a mailing whose rules change
// moves only the credit it gains or loses (db/attribution-mailing.ts).
import { touchSql } from '../core/attribution.ts';
import type { Knex } from 'knex';
import type { Db } from './connection.ts';

/** Which receipts to attribute again: all, or recent ones (a mailing's: db/attribution-mailing.ts). */
export type Scope = { all: true } | { createdSince: Date };

/** The longest window a rule may have (core/attribution.ts): no touch is older than this. */
export const MAX_WINDOW = "interval '90 days'";

// Each mailing's rules: its own where set, its channel's default otherwise.
export const RULES = `
  select mg.id mailing_id, mg.channel,
    coalesce(mg.attribution->>'touch', d.touch) touch,
    coalesce((mg.attribution->>'windowHours')::int, (mg.attribution->>'windowDays')::int * 24,
      d.window_hours) window_hours
  from mailings mg join attribution_defaults d on d.channel = mg.channel`;

/**
 * The messages `m` with the rule each is judged by, as `rule.touch` and `rule.window_hours`, and
 * the instant it counted as a touch under it, `tt.touched_at` (null: never); `rules` is RULES.
 */
const MESSAGE_TOUCHES = `messages m
  join attribution_defaults d on d.channel = m.channel
  left join rules ru on ru.mailing_id = m.mailing_id
  cross join lateral (select coalesce(ru.touch, d.touch) touch,
    coalesce(ru.window_hours, d.window_hours) window_hours) rule
  cross join lateral (select ${touchSql('m', 'rule.touch')} touched_at) tt`;

/** A message sent at `created`, a touch at `touched` under a window of `hours`, counts for `r`. */
export const countsFor = (created: string, touched: string, hours: string) =>
  `${created} <= r.occurred_at and ${created} > r.occurred_at - ${MAX_WINDOW}
   and ${touched} <= r.occurred_at and ${touched} > r.occurred_at - make_interval(hours => ${hours})`;

/** The columns an attribution is written with, from a receipt `r` and its touch `t`. */
export const ATTRIBUTION_COLUMNS = `(receipt_id, message_id, customer_id, mailing_id, campaign_id,
  node_id, channel, touch, touched_at, total, occurred_at)`;
export const attributionValues = (t: string) =>
  `r.id, ${t}.id, r.customer_id, ${t}.mailing_id, ${t}.campaign_id, ${t}.node_id, ${t}.channel,
   ${t}.touch, ${t}.touched_at, r.total, r.occurred_at`;

/**
 * Credits each purchase `r` matching `where` (and not credited yet) to its last touch: the full
 * lookup of the customer's messages of the last 90 days. Returns how many were credited.
 */
export async function insertAttributions(
  db: Db | Knex.Transaction,
  where: string,
  bindings: Knex.RawBinding[],
): Promise<number> {
  const result = await db.raw<{ rowCount: number }>(
    `with rules as (${RULES})
     insert into attributions ${ATTRIBUTION_COLUMNS}
     select ${attributionValues('t')}
     from receipts r
     cross join lateral (
       select m.id, m.mailing_id, m.campaign_id, m.node_id, m.channel, rule.touch, tt.touched_at
       from ${MESSAGE_TOUCHES}
       where m.customer_id = r.customer_id
         and ${countsFor('m.created_at', 'tt.touched_at', 'rule.window_hours')}
       order by tt.touched_at desc, m.id
       limit 1) t
     where r.kind = 'purchase' and ${where}
     on conflict (receipt_id) do nothing`,
    bindings,
  );
  return result.rowCount;
}

/** Attributes the receipts in scope again; returns how many are credited to a message now. */
export async function attribute(db: Db, scope: Scope): Promise<number> {
  const { where, bindings } =
    'all' in scope
      ? { where: 'true', bindings: [] }
      : { where: 'r.created_at >= ?', bindings: [scope.createdSince] };
  return db.transaction(async (trx) => {
    await trx.raw(
      `delete from attributions a using receipts r where a.receipt_id = r.id and ${where}`,
      bindings,
    );
    return insertAttributions(trx, where, bindings);
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
