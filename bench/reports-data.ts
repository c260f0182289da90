// The reports benchmark's data, made by Postgres itself with generate_series: customers,
// receipts and messages spread over the last year, so a 90-day report reads about a quarter of
// them. Customer IDs are md5 of their number, so a receipt or a message picks a random customer
// without a join. Secondary indexes are dropped while a table fills and rebuilt after: that is
// how a bulk load is done, and it makes the load several times faster.
import type { Db } from '../db/connection.ts';

export interface Scale {
  customers: number;
  receipts: number;
  messages: number;
}

const CITIES = `(array['Berlin','Paris','Madrid','Rome','Vienna','Prague','Warsaw','Lisbon','Dublin','Oslo'])`;
const SOURCES = `(array['import','website','pos','api','tracker'])`;
const ZONES = `(array['Europe/Berlin','Europe/London','America/New_York','Asia/Tokyo','UTC','Europe/Madrid'])`;
const CATEGORIES = `(array['shoes','dresses','bags','jackets','hats','watches','toys','books'])`;
const customerOf = (n: string) => `md5((1 + (random() * (${n} - 1))::int)::text)::uuid`;

/** Runs a fill with the table's secondary indexes dropped, then rebuilds them. */
async function bulk(db: Db, table: string, fill: () => Promise<unknown>) {
  const { rows } = await db.raw<{ rows: { indexname: string; indexdef: string }[] }>(
    `select indexname, indexdef from pg_indexes i
     where tablename = ? and not exists (
       select 1 from pg_constraint c where c.conname = i.indexname)`,
    [table],
  );
  for (const r of rows) await db.raw(`drop index ${r.indexname}`);
  await fill();
  for (const r of rows) await db.raw(r.indexdef);
  await db.raw(`analyze ${table}`);
}

const step = async (name: string, work: () => Promise<unknown>) => {
  const started = Date.now();
  await work();
  console.log(`${name}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
};

export async function generate(db: Db, scale: Scale): Promise<void> {
  const c = String(scale.customers);
  await db.raw('set synchronous_commit = off');
  await step('customers', () =>
    bulk(db, 'customers', () =>
      db.raw(`insert into customers (id, email, phone, city, source, time_zone, time_zone_source,
                email_provider, created_at)
              select md5(i::text)::uuid, 'c' || i || '@mail' || (i % 40) || '.example',
                case when i % 3 > 0 then '+4915' || lpad(i::text, 9, '0') end,
                ${CITIES}[1 + i % 10], ${SOURCES}[1 + i % 5], ${ZONES}[1 + i % 6],
                case when i % 6 = 4 then 'default' else 'given' end, 'mail' || (i % 40),
                now() - make_interval(days => i % 730)
              from generate_series(1, ${c}) i`),
    ),
  );
  await step('contacts and subscriptions', async () => {
    await bulk(db, 'contacts', () =>
      db.raw(`insert into contacts (customer_id, channel, address, is_valid)
              select id, 'email', email, random() > 0.05 from customers`),
    );
    await bulk(db, 'subscriptions', () =>
      db.raw(`insert into subscriptions (customer_id, channel, messaging_type, subscribed)
              select id, ch, 'promo', random() > 0.2 from customers, unnest(array['email','sms']) ch`),
    );
  });
  await step('customer metrics', () =>
    bulk(db, 'customer_metrics', () =>
      db.raw(`insert into customer_metrics (customer_id, receipts_count, total_spent, r_score,
                f_score, m_score)
              select id, 1 + (random() * 20)::int, round((random() * 2000)::numeric, 2),
                1 + (random() * 4)::int, 1 + (random() * 4)::int, 1 + (random() * 4)::int
              from customers`),
    ),
  );
  await step('mailings', () =>
    db.raw(`insert into mailings (id, name, status, channel, audience, delivery, attribution,
              started_at, finished_at)
            select md5('mailing' || i)::uuid, 'Mailing ' || i, 'sent',
              (array['email','email','sms','push'])[1 + i % 4], '{}', '{"mode":"now"}', '{}',
              now() - make_interval(days => 365 - i), now() - make_interval(days => 365 - i)
            from generate_series(1, 365) i`),
  );
  await step('control groups', () =>
    db.raw(`insert into mailing_recipients (mailing_id, customer_id, time_zone, state, reason,
              send_at, control)
            select md5('mailing' || d)::uuid, md5((1 + (d * 2000 + k) % ${c})::text)::uuid, 'UTC',
              'excluded', 'control_group', now() - make_interval(days => 365 - d), true
            from generate_series(1, 365) d, generate_series(1, least(2000, ${c} / 2)) k`),
  );
  await step('receipts', () =>
    bulk(db, 'receipts', () =>
      db.raw(`insert into receipts (customer_id, total, store, source, occurred_at)
              select ${customerOf(c)}, round((5 + random() * 200)::numeric, 2),
                case when i % 3 = 0 then 'Store ' || (i % 50) end,
                case when i % 3 = 0 then 'pos' else 'web' end,
                now() - make_interval(secs => random() * 365 * 86400)
              from generate_series(1, ${scale.receipts}) i`),
    ),
  );
  await step('messages', () =>
    bulk(db, 'messages', () =>
      db.raw(`insert into messages (idempotency_key, customer_id, mailing_id, channel,
                messaging_type, to_address, status, error, created_at, delivered_at, opened_at,
                clicked_at, unsubscribed_at, machine_opened_at)
              select 'b' || i, ${customerOf(c)}, md5('mailing' || d)::uuid,
                (array['email','email','sms','push'])[1 + d % 4], 'promo', 'x@mail' || (i % 40) || '.example',
                case when r < 0.04 then 'failed' when r < 0.9 then 'delivered' else 'sent' end,
                case when r < 0.02 then '550 5.1.1 mailbox unavailable'
                     when r < 0.04 then '421 4.7.0 try again later' end,
                t, case when r >= 0.04 and r < 0.9 then t + interval '20 seconds' end,
                case when r >= 0.04 and r < 0.3 then t + make_interval(secs => r * 200000) end,
                case when r >= 0.04 and r < 0.08 then t + make_interval(secs => r * 300000) end,
                case when r >= 0.04 and r < 0.045 then t + interval '1 day' end,
                case when r >= 0.3 and r < 0.4 then t + interval '30 seconds' end
              from (select i, d, random() r,
                      now() - make_interval(days => 365 - d, secs => random() * 86400) t
                    from (select i, 1 + (i % 365) d from generate_series(1, ${scale.messages}) i) g) s`),
    ),
  );
  await step('browsing events', () =>
    bulk(db, 'events', () =>
      db.raw(`insert into events (customer_id, type, properties, occurred_at)
              select ${customerOf(c)}, 'product_view',
                jsonb_build_object('category', ${CATEGORIES}[1 + i % 8]),
                now() - make_interval(secs => random() * 365 * 86400)
              from generate_series(1, ${Math.round(scale.messages / 10)}) i`),
    ),
  );
}
