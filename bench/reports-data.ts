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

/**
 * Runs a fill with the table's secondary indexes dropped; their definitions wait in
 * bench_index_defs until restoreIndexes, so a fill stopped part way can still be measured.
 */
async function bulk(db: Db, table: string, fill: () => Promise<unknown>) {
  await db.raw('create table if not exists bench_index_defs (name text primary key, def text)');
  await db.raw(
    `insert into bench_index_defs select indexname, indexdef from pg_indexes i
     where tablename = ? and not exists (select 1 from pg_constraint c where c.conname = i.indexname)
     on conflict do nothing`,
    [table],
  );
  const { rows } = await db.raw<{ rows: { name: string }[] }>(
    'select name from bench_index_defs where def like ?',
    [`% ON public.${table} %`],
  );
  for (const r of rows) await db.raw(`drop index if exists ${r.name}`);
  await fill();
}

/** Rebuilds the indexes the fills dropped, and brings the planner's statistics up to date. */
export async function restoreIndexes(db: Db): Promise<void> {
  const { rows } = await db
    .raw<{ rows: { name: string; def: string }[] }>(
      'select name, def from bench_index_defs where to_regclass(name) is null',
    )
    .catch(() => ({ rows: [] as { name: string; def: string }[] }));
  for (const r of rows) await db.raw(r.def);
  // Forgotten once restored: an index a later migration drops (0263 replaced two) stays dropped.
  if (rows.length > 0 || (await db.schema.hasTable('bench_index_defs')))
    await db.raw('delete from bench_index_defs where to_regclass(name) is not null');
  await db.raw('analyze');
}

/** A step runs once: a table that has rows was filled by an earlier run. */
const step = async (name: string, work: () => Promise<unknown>, table?: string, db?: Db) => {
  if (table && db && (await db(table).first())) return console.log(`${name}: there already`);
  const started = Date.now();
  await work();
  console.log(`${name}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
};

/**
 * One fill statement, in a transaction of its own (or the caller's) with foreign-key checks and
 * triggers off: the pool's connections do not share session settings.
 */
const load = (db: Db, sql: string) =>
  db.transaction(async (trx) => {
    await trx.raw('set local synchronous_commit = off');
    await trx.raw('set local session_replication_role = replica');
    return trx.raw(sql);
  });

const CHUNK = 2_500_000;
/** Chunks filled side by side: the load is CPU-bound (random(), md5), one core each. */
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);

/**
 * Run as the superuser: foreign keys are not checked during the fill (every ID is made valid).
 * Triggers do not fire either, so columns a trigger would fill (receipts' originals) are given.
 */
export async function generate(db: Db, scale: Scale): Promise<void> {
  const c = String(scale.customers);
  await step(
    'customers',
    () =>
      bulk(db, 'customers', () =>
        load(
          db,
          `insert into customers (id, email, phone, city, source, time_zone, time_zone_source,
                email_provider, created_at)
              select md5(i::text)::uuid, 'c' || i || '@mail' || (i % 40) || '.example',
                case when i % 3 > 0 then '+4915' || lpad(i::text, 9, '0') end,
                ${CITIES}[1 + i % 10], ${SOURCES}[1 + i % 5], ${ZONES}[1 + i % 6],
                case when i % 6 = 4 then 'default' else 'given' end, 'mail' || (i % 40),
                now() - make_interval(days => i % 730)
              from generate_series(1, ${c}) i`,
        ),
      ),
    'customers',
    db,
  );
  await step(
    'contacts and subscriptions',
    async () => {
      await bulk(db, 'contacts', () =>
        load(
          db,
          `insert into contacts (customer_id, channel, address, is_valid)
              select id, 'email', email, random() > 0.05 from customers`,
        ),
      );
      await bulk(db, 'subscriptions', () =>
        load(
          db,
          `insert into subscriptions (customer_id, channel, messaging_type, subscribed)
              select id, ch, 'promo', random() > 0.2 from customers, unnest(array['email','sms']) ch`,
        ),
      );
    },
    'subscriptions',
    db,
  );
  await step(
    'customer metrics',
    () =>
      bulk(db, 'customer_metrics', () =>
        load(
          db,
          `insert into customer_metrics (customer_id, receipts_count, total_spent, r_score,
                f_score, m_score)
              select id, 1 + (random() * 20)::int, round((random() * 2000)::numeric, 2),
                1 + (random() * 4)::int, 1 + (random() * 4)::int, 1 + (random() * 4)::int
              from customers`,
        ),
      ),
    'customer_metrics',
    db,
  );
  await step(
    'mailings',
    () =>
      load(
        db,
        `insert into mailings (id, name, status, channel, audience, delivery, attribution,
              started_at, finished_at)
            select md5('mailing' || i)::uuid, 'Mailing ' || i, 'sent',
              (array['email','email','sms','push'])[1 + i % 4], '{}', '{"mode":"now"}', '{}',
              now() - make_interval(days => 365 - i), now() - make_interval(days => 365 - i)
            from generate_series(1, 365) i`,
      ),
    'mailings',
    db,
  );
  await step(
    'control groups',
    () =>
      load(
        db,
        `insert into mailing_recipients (mailing_id, customer_id, time_zone, state, reason,
              send_at, control)
            select md5('mailing' || d)::uuid, md5((1 + (d * 2000 + k) % ${c})::text)::uuid, 'UTC',
              'excluded', 'control_group', now() - make_interval(days => 365 - d), true
            from generate_series(1, 365) d, generate_series(1, least(2000, ${c} / 2)) k`,
      ),
    'mailing_recipients',
    db,
  );
  await step(
    'receipts',
    () =>
      bulk(db, 'receipts', () =>
        load(
          db,
          `insert into receipts (customer_id, total, currency, original_total, original_currency,
                exchange_rate, store, source, occurred_at)
              select ${customerOf(c)}, t, 'USD', t, 'USD', 1,
                case when i % 3 = 0 then 'Store ' || (i % 50) end,
                case when i % 3 = 0 then 'pos' else 'web' end,
                now() - make_interval(secs => random() * 365 * 86400)
              from generate_series(1, ${scale.receipts}) i,
                lateral (select round((5 + random() * 200 + i * 0)::numeric, 2) t) total`,
        ),
      ),
    'receipts',
    db,
  );
  await bulk(db, 'messages', () => fillMessages(db, c, scale.messages));
  // Browsing grows with the messages (one view per 25); a larger run tops up an earlier one's.
  const views = Math.round(scale.messages / 25);
  const viewed = (await db('events').count<{ count: number }[]>('* as count'))[0]!.count;
  if (viewed < views)
    await step(`browsing events to ${views}`, () =>
      bulk(db, 'events', () =>
        load(
          db,
          `insert into events (customer_id, type, properties, occurred_at)
              select ${customerOf(c)}, 'product_view',
                jsonb_build_object('category', ${CATEGORIES}[1 + i % 8]),
                now() - make_interval(secs => random() * 365 * 86400)
              from generate_series(${Number(viewed) + 1}, ${views}) i`,
        ),
      ),
    );
}

/**
 * Messages in chunks of CHUNK, each its own transaction and recorded in bench_chunks when it
 * commits: a fill cut short by the clock still leaves data to measure, and a later run goes on.
 */
async function fillMessages(db: Db, c: string, messages: number) {
  await db.raw('create table if not exists bench_chunks (chunk int primary key)');
  // Runs before chunks were recorded kept one count of the messages made.
  await load(
    db,
    `insert into bench_chunks select generate_series(0, messages / ${CHUNK} - 1)
    from bench_progress on conflict do nothing`,
  ).catch(() => undefined);
  const done = new Set(
    (await db('bench_chunks').select<{ chunk: number }[]>('chunk')).map((r) => r.chunk),
  );
  const todo: number[] = [];
  for (let k = 0; k * CHUNK < messages; k++) if (!done.has(k)) todo.push(k);
  const worker = async () => {
    for (let k = todo.shift(); k !== undefined; k = todo.shift()) {
      const first = k * CHUNK + 1;
      const last = Math.min((k + 1) * CHUNK, messages);
      await step(`messages ${first} to ${last}`, () =>
        db.transaction(async (db) => {
          await load(db, messageFill(c, first, last));
          await db('bench_chunks').insert({ chunk: k });
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, worker));
}

/** Messages first..last: a mailing a day, statuses, opens, clicks and failures in proportion. */
const messageFill = (c: string, first: number, last: number) =>
  `insert into messages (idempotency_key, customer_id, mailing_id, channel,
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
         from (select i, 1 + (i % 365) d from generate_series(${first}, ${last}) i) g) s`;
