// Demo analytics for the demo customers (scripts/demo-data.ts), so every report page has
// something to draw: signups over the last 60 days, subscriptions, an email mailing with two A/B
// variants and a control share, an SMS mailing, sends of the Welcome campaign with the global
// control group held back, opens (some by machines), clicks, failures with the servers' words,
// purchases after the sends and before them, browsing by category, and the daily snapshots.
// Each customer's fate is a hash of its ID, so the same data comes out every time. Runs once:
// the demo mailing's presence says it has.
import { attribute } from '../db/attribution.ts';
import type { Db } from '../db/connection.ts';
import { recomputeAllMetrics } from '../db/metrics.ts';
import { takeSnapshots } from '../db/report-snapshots.ts';
import { CONTROL_RULE } from '../db/uplift.ts';

export const DEMO_MAILING = 'Spring sale (demo)';
export const DEMO_SMS_MAILING = 'Flash sale SMS (demo)';

/** 0 to 99 from the customer and a salt: the same customer always draws the same number. */
const draw = (salt: string) => `(abs(hashtext(c.id::text || '${salt}')) % 100)`;

export async function loadDemoAnalytics(db: Db): Promise<void> {
  if (await db('mailings').where({ name: DEMO_MAILING }).first()) return;
  const demo = "c.source = 'demo'";
  await db.raw(`update customers c set created_at = now() - make_interval(days => ${draw('signup')} % 60,
    mins => ${draw('minute')} * 14) where ${demo}`);
  await db.raw(`insert into subscriptions (customer_id, channel, messaging_type, subscribed, source)
    select c.id, ch, 'promo', ${draw('sub')} < 80, 'demo' from customers c, unnest(array['email', 'sms']) ch
    where ${demo} on conflict do nothing`);
  await db.raw(`update customers c set phone = '+4915' || lpad((abs(hashtext(c.id::text)) % 1000000000)::text, 9, '0')
    where ${demo} and ${draw('phone')} < 60 and c.phone is null`);

  const [email, sms] = await db('mailings')
    .insert(
      [DEMO_MAILING, DEMO_SMS_MAILING].map((name, i) => ({
        name,
        status: 'sent',
        channel: i === 0 ? 'email' : 'sms',
        audience: JSON.stringify({}),
        delivery: JSON.stringify({ mode: 'now' }),
        attribution: JSON.stringify({}),
        started_at: db.raw(`now() - interval '${i === 0 ? 20 : 9} days'`),
        finished_at: db.raw(`now() - interval '${i === 0 ? 19 : 8} days'`),
      })),
    )
    .returning<{ id: string }[]>('id');
  // The email: one in ten held back as the A/B control, the rest split between variants A and B.
  await db.raw(
    `insert into mailing_recipients (mailing_id, customer_id, address, time_zone, state, reason,
       send_at, control, variant)
     select ?, c.id, c.email, c.time_zone, case when ${draw('ab')} < 10 then 'excluded' else 'done' end,
       case when ${draw('ab')} < 10 then 'ab_control' end, now() - interval '20 days',
       ${draw('ab')} < 10, case when ${draw('ab')} >= 10 then ${draw('ab')} % 2 end
     from customers c where ${demo}`,
    [email!.id],
  );
  await db.raw(
    `insert into messages (idempotency_key, customer_id, mailing_id, channel, messaging_type,
       to_address, status, error, created_at, delivered_at, opened_at, clicked_at,
       machine_opened_at, unsubscribed_at)
     select 'demo:' || mr.mailing_id || ':' || c.id, c.id, mr.mailing_id, 'email', 'promo', c.email,
       case when f.r < 5 then 'failed' else 'delivered' end,
       case when f.r < 3 then '550 5.1.1 <' || c.email || '>: mailbox unavailable'
            when f.r < 5 then '421 4.7.0 try again later' end,
       f.sent_at, case when f.r >= 5 then f.sent_at + interval '20 seconds' end,
       case when f.r >= 5 and f.r < 35 + mr.variant * 10 then f.sent_at + make_interval(hours => f.r % 30, mins => f.r) end,
       case when f.r >= 5 and f.r < 15 + mr.variant * 5 then f.sent_at + make_interval(hours => f.r % 30 + 1) end,
       case when f.r >= 45 and f.r < 55 then f.sent_at + interval '40 seconds' end,
       case when f.r = 99 then f.sent_at + interval '1 day' end
     from mailing_recipients mr join customers c on c.id = mr.customer_id,
       lateral (select ${draw('fate')} r,
         mr.send_at + make_interval(mins => ${draw('send')}) as sent_at) f
     where mr.mailing_id = ? and not mr.control`,
    [email!.id],
  );
  // The SMS: to customers with a phone; delivered, or refused by the operator.
  await db.raw(
    `insert into messages (idempotency_key, customer_id, mailing_id, channel, messaging_type,
       to_address, status, error, created_at, delivered_at)
     select 'demo:' || ? || ':' || c.id, c.id, ?, 'sms', 'promo', c.phone,
       case when ${draw('sms')} < 6 then 'failed' else 'delivered' end,
       case when ${draw('sms')} < 6 then 'ESME_RINVDSTADR: invalid destination address' end,
       now() - interval '9 days' + make_interval(mins => ${draw('sms')}),
       case when ${draw('sms')} >= 6 then now() - interval '9 days' + make_interval(mins => ${draw('sms')} + 1) end
     from customers c where ${demo} and c.phone is not null`,
    [sms!.id, sms!.id],
  );
  // The Welcome campaign's email, a day after signup; the global control group held back.
  await db.raw(
    `insert into messages (idempotency_key, customer_id, campaign_id, node_id, channel,
       messaging_type, to_address, status, error, created_at, delivered_at, opened_at, clicked_at)
     select 'demo:welcome:' || c.id, c.id, k.id, 'welcome-email', 'email', 'promo', c.email,
       case when ${draw('welcome')} < 12 then 'skipped' else 'delivered' end,
       case when ${draw('welcome')} < 12 then ? end, c.created_at + interval '1 hour',
       case when ${draw('welcome')} >= 12 then c.created_at + interval '1 hour 10 seconds' end,
       case when ${draw('welcome')} >= 12 and ${draw('welcome')} < 60 then c.created_at + make_interval(hours => 2 + ${draw('welcome')} % 20) end,
       case when ${draw('welcome')} >= 12 and ${draw('welcome')} < 30 then c.created_at + make_interval(hours => 3 + ${draw('welcome')} % 20) end
     from customers c, campaigns k where ${demo} and k.name = 'Welcome'
       and c.created_at < now() - interval '1 day'`,
    [CONTROL_RULE],
  );
  // Purchases: earlier ones (the RFM grid's history), and some within days of a send.
  await db.raw(
    `insert into receipts (customer_id, total, store, source, occurred_at)
     select c.id, 10 + (abs(hashtext(c.id::text || n)) % 190), case when n % 3 = 0 then 'Store 7' end,
       case when n % 3 = 0 then 'pos' else 'web' end,
       now() - make_interval(days => 25 + abs(hashtext(c.id::text || n || 'day')) % 300)
     from customers c, generate_series(1, 5) n where ${demo} and n <= ${draw('orders')} % 6`,
  );
  await db.raw(
    `insert into receipts (customer_id, total, store, source, occurred_at)
     select m.customer_id, 20 + ${draw('spend')} * 2, case when ${draw('spend')} % 4 = 0 then 'Store 7' end,
       case when ${draw('spend')} % 4 = 0 then 'pos' else 'web' end,
       coalesce(m.opened_at, m.delivered_at, m.created_at) + make_interval(hours => 1 + ${draw('spend')} % 40)
     from messages m join customers c on c.id = m.customer_id
     where m.idempotency_key like 'demo:%' and (abs(hashtext(c.id::text || m.channel || 'buys')) % 100) < case
       when m.clicked_at is not null then 70 when m.opened_at is not null then 35 else 12 end`,
  );
  // The held-back buy too, less often: the uplift has a baseline.
  await db.raw(
    `insert into receipts (customer_id, total, source, occurred_at)
     select c.id, 25 + ${draw('held')}, 'web', mr.send_at + make_interval(hours => 2 + ${draw('held')} % 30)
     from mailing_recipients mr join customers c on c.id = mr.customer_id
     where mr.mailing_id = ? and mr.control and ${draw('held')} < 15`,
    [email!.id],
  );
  await db.raw(
    `insert into events (customer_id, type, properties, occurred_at)
     select c.id, 'product_view', jsonb_build_object('category',
         (array['shoes','dresses','bags','jackets','hats','watches'])[1 + abs(hashtext(c.id::text || n)) % 6]),
       now() - make_interval(days => abs(hashtext(c.id::text || n || 'v')) % 30, mins => n * 7)
     from customers c, generate_series(1, 8) n where ${demo} and n <= 1 + ${draw('views')} % 8`,
  );
  await recomputeAllMetrics(db);
  await attribute(db, { all: true });
  await takeSnapshots(db);
  // The quality trend's past days, as the base stood then (by signup date): a fresh demo has
  // had no schedule running to take them.
  await db.raw(`insert into report_daily_quality (day, customers, valid_emails, valid_phones,
      with_time_zone, subscribed_email, subscribed_sms)
    select d::date, count(c.id), count(c.email), count(c.phone),
      count(c.id) filter (where c.time_zone_source <> 'default'),
      count(c.id) filter (where ${draw('sub')} < 80), count(c.id) filter (where ${draw('sub')} < 80 and c.phone is not null)
    from generate_series(current_date - 30, current_date - 1, interval '1 day') d
    left join customers c on c.created_at < d + interval '1 day'
    group by d on conflict (day) do nothing`);
}
