// A/B tests of mailings (migration 0181): the split of the frozen audience by a stable hash of
// mailing and customer, each variant's copy, and the winner picked by opens, clicks or
// conversions, released to the recipients held back for it.
import type { MailingAbResult, MailingAbTest } from '../core/contract/mailings.ts';
import type { Db } from './connection.ts';
import type { MailingRow } from './mailings.ts';
import { templateForSend } from './template-revisions.ts';
import { CHANNEL_DEFAULTS, resolveRules } from '../core/attribution.ts';

/**
 * Splits the pending recipients: a bucket 0..9999 from md5(mailing:customer); the first
 * controlPercent of buckets are the A/B control; of the rest, the first testPercent (all without
 * one) are spread evenly over the variants, and the others held for the winner.
 */
export async function splitAbTest(db: Db, mailingId: string, ab: MailingAbTest): Promise<void> {
  const control = Math.round(ab.controlPercent * 100);
  const test = (ab.testPercent ?? 100) / 100;
  await db.raw(
    `with b as (
       select customer_id, ((('x' || substr(md5(:id || ':' || customer_id::text), 1, 8))::bit(32)::bigint
         % 10000) - :control)::float8 / (10000 - :control) as u
       from mailing_recipients where mailing_id = :id and state = 'pending'
     )
     update mailing_recipients r set
       state = case when b.u < 0 then 'excluded' when b.u < :test then 'pending' else 'held' end,
       reason = case when b.u < 0 then 'ab_control' end,
       -- Kept for the uplift against those sent (db/effectiveness.ts reads it).
       control = b.u < 0,
       variant = case when b.u >= 0 and b.u < :test then floor(b.u / :test * :n)::smallint end
     from b where r.mailing_id = :id and r.customer_id = b.customer_id`,
    { id: mailingId, control, test, n: ab.variants.length },
  );
}

/** Each variant's subject and body, from its pinned (or published) revision. */
export async function abCopies(db: Db, ab: MailingAbTest) {
  return Promise.all(
    ab.variants.map(async (v) => {
      const t = await templateForSend(db, v.templateId, v.templateRevision ?? undefined);
      return { subject: v.subject ?? t?.subject ?? '', body: t?.body ?? '' };
    }),
  );
}

export async function heldCount(db: Db, mailingId: string): Promise<number> {
  const row = await db('mailing_recipients')
    .where({ mailing_id: mailingId, state: 'held' })
    .count<{ n: string }>('* as n')
    .first();
  return Number(row?.n ?? 0);
}

/** Each variant's sent messages, and how many were opened, clicked, followed by a purchase. */
export async function abResults(db: Db, m: MailingRow): Promise<MailingAbResult[]> {
  const { rows } = await db.raw<{ rows: Record<string, string | number>[] }>(
    `select r.variant,
       count(distinct m.id) as sent,
       count(distinct h.message_id) filter (where h.status = 'opened') as opened,
       count(distinct h.message_id) filter (where h.status = 'clicked') as clicked,
       count(distinct m.id) filter (where exists (select 1 from receipts p
         where p.customer_id = m.customer_id and p.occurred_at >= m.created_at
           and p.occurred_at < m.created_at + :hours::int * interval '1 hour')) as converted
     from mailing_recipients r
     join messages m on m.mailing_id = r.mailing_id and m.customer_id = r.customer_id
       and m.status in ('sent', 'delivered')
     left join message_status_history h on h.message_id = m.id and h.status in ('opened', 'clicked')
     where r.mailing_id = :id and r.variant is not null
     group by r.variant order by r.variant`,
    {
      id: m.id,
      // The mailing's attribution window, else its channel's (core/attribution.ts).
      hours: resolveRules(m.attribution, CHANNEL_DEFAULTS[m.channel] ?? CHANNEL_DEFAULTS.email!)
        .windowHours,
    },
  );
  return rows.map((r) => ({
    variant: Number(r.variant),
    sent: Number(r.sent),
    opened: Number(r.opened),
    clicked: Number(r.clicked),
    converted: Number(r.converted),
  }));
}

const metric = { opens: 'opened', clicks: 'clicked', conversions: 'converted' } as const;

/** Picks the variant with the best rate (the first on a tie) and releases the held to it. */
export async function pickWinner(db: Db, m: MailingRow, now: Date): Promise<number> {
  const ab = m.ab_test!;
  const results = await abResults(db, m);
  const rate = (r: MailingAbResult) => (r.sent === 0 ? 0 : r[metric[ab.winnerBy]] / r.sent);
  const best = results.reduce<MailingAbResult | undefined>(
    (a, r) => (a === undefined || rate(r) > rate(a) ? r : a),
    undefined,
  );
  const winner = m.ab_winner ?? best?.variant ?? 0;
  await db.transaction(async (trx) => {
    await trx('mailings')
      .where({ id: m.id })
      .update({ ab_winner: winner, ab_results: JSON.stringify(results) });
    await trx('mailing_recipients')
      .where({ mailing_id: m.id, state: 'held' })
      .update({
        state: 'pending',
        variant: winner,
        send_at: trx.raw('greatest(send_at, ?::timestamptz)', [now.toISOString()]),
      });
  });
  return winner;
}
