// CSV exports of customers, receipts (one row per line, as the import takes them) and events,
// read page by page (keyset pagination on time and ID, so a page costs the same at row 10 and
// row 10 million) and written through csv-stringify: memory stays flat however many rows.
import { stringify } from 'csv-stringify';
import type { Knex } from 'knex';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ExportKind, ExportRange } from '../core/csv-export.ts';
import { customerColumns, importKinds } from '../core/csv-import.ts';
import type { Db } from './connection.ts';

const PAGE = 5000;

/** Where the previous page ended: the time as Postgres wrote it (microseconds) and the ID. */
type After = [string, string] | undefined;
type Row = Record<string, unknown> & { _at: string; _id: string };

/** The range, and for a segment's export the segment whose members (as last recalculated) to write. */
type Scope = ExportRange & { segmentId?: string };

interface Spec {
  columns: string[];
  page(db: Db, after: After, range: Scope): Knex.QueryBuilder;
}

function keyset(
  q: Knex.QueryBuilder,
  at: string,
  id: string,
  after: After,
  range: Scope,
  customer = 'customer_id',
) {
  const { segmentId } = range;
  if (segmentId)
    void q.whereIn(customer, (m) => {
      void m.from('segment_memberships').where('segment_id', segmentId).select('customer_id');
    });
  if (after) void q.whereRaw(`(${at}, ${id}) > (?::timestamptz, ?::uuid)`, after);
  if (range.from) void q.where(at, '>=', range.from);
  if (range.to) void q.where(at, '<', range.to);
  return q.orderBy([at, id]);
}

const specs: Record<ExportKind, Spec> = {
  customers: {
    columns: [
      'id',
      ...customerColumns,
      'emailProvider',
      'phoneCountry',
      'source',
      'custom',
      'createdAt',
      'updatedAt',
    ],
    page: (db, after, range) =>
      keyset(
        db('customers')
          // Erased profiles hold nothing worth a row.
          .where((q) => void q.whereNot({ source: 'erased' }).orWhereNull('source'))
          .limit(PAGE)
          .select({
            id: 'id',
            externalId: 'external_id',
            email: 'email',
            phone: 'phone',
            firstName: 'first_name',
            lastName: 'last_name',
            gender: 'gender',
            birthDate: db.raw("to_char(birth_date, 'YYYY-MM-DD')"),
            city: 'city',
            timeZone: 'time_zone',
            locale: 'locale',
            emailProvider: 'email_provider',
            phoneCountry: 'phone_country',
            source: 'source',
            custom: 'custom',
            createdAt: 'created_at',
            updatedAt: 'updated_at',
            _at: db.raw('updated_at::text'),
            _id: 'id',
          }),
        'updated_at',
        'id',
        after,
        range,
        'id',
      ),
  },
  receipts: {
    // The import's columns (an exported file reads like one to import), and Herald's ID.
    columns: [...importKinds.receipts.columns, 'customerId'],
    // A page of receipts, then all their lines: a receipt is never split across pages.
    page: (db, after, range) =>
      db
        .from(
          keyset(db('receipts').limit(PAGE).select('*'), 'occurred_at', 'id', after, range).as('r'),
        )
        .join('customers as c', 'c.id', 'r.customer_id')
        .leftJoin('receipt_lines as l', 'l.receipt_id', 'r.id')
        .orderBy(['r.occurred_at', 'r.id', 'l.id'])
        .select({
          receiptId: 'r.external_id',
          externalId: 'c.external_id',
          customerId: 'r.customer_id',
          occurredAt: 'r.occurred_at',
          currency: 'r.currency',
          store: 'r.store',
          total: 'r.total',
          productId: 'l.product_id',
          name: 'l.name',
          category: 'l.category',
          quantity: 'l.quantity',
          price: 'l.price',
          amount: 'l.amount',
          _at: db.raw('r.occurred_at::text'),
          _id: 'r.id',
        }),
  },
  events: {
    columns: ['id', 'externalId', 'customerId', 'type', 'occurredAt', 'properties', 'source'],
    page: (db, after, range) =>
      keyset(
        db('events as e')
          .join('customers as c', 'c.id', 'e.customer_id')
          .limit(PAGE)
          .select({
            id: 'e.id',
            externalId: 'c.external_id',
            customerId: 'e.customer_id',
            type: 'e.type',
            occurredAt: 'e.occurred_at',
            properties: 'e.properties',
            source: 'e.source',
            _at: db.raw('e.occurred_at::text'),
            _id: 'e.id',
          }),
        'e.occurred_at',
        'e.id',
        after,
        range,
        'e.customer_id',
      ),
  },
};

async function* rows(db: Db, spec: Spec, range: Scope): AsyncGenerator<Row> {
  let after: After;
  for (;;) {
    const page = (await spec.page(db, after, range)) as Row[];
    if (page.length === 0) return;
    yield* page;
    const last = page.at(-1)!;
    after = [last._at, last._id];
  }
}

/** Writes the CSV of one kind to `out`; returns the number of data rows. */
export async function writeCsv(
  db: Db,
  kind: ExportKind,
  out: Writable,
  range: Scope = {},
): Promise<number> {
  const spec = specs[kind];
  let count = 0;
  const counted = async function* () {
    for await (const row of rows(db, spec, range)) {
      count++;
      yield row;
    }
  };
  const csv = stringify({
    header: true,
    columns: spec.columns,
    cast: {
      date: (d) => d.toISOString(),
      object: (o) => JSON.stringify(o),
      boolean: (b) => String(b),
    },
  });
  await pipeline(Readable.from(counted()), csv, out);
  return count;
}
