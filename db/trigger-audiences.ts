// Who a time-based trigger enters, a page at a time (ordered by customer ID, so a page's last ID
// is the cursor of the next). `occurrence` names the moment the customer qualified for, so the
// same occurrence never enters twice: a birthday's date, the last purchase an inactivity dates from.
import type { Knex } from 'knex';
import type { z } from 'zod';
import type { DateTriggerNode, InactivityTriggerNode, ScheduleTriggerNode } from '../core/graph.ts';
import type { Db } from './connection.ts';

export interface AudienceMember {
  customerId: string;
  occurrence: string;
}

export interface Page {
  after?: string;
  limit: number;
}

/**
 * A trigger's `segmentId` may name a saved segment or a static audience (both are UUIDs, so
 * they never collide): the canvas offers both wherever it asks for a segment.
 */
export function inSegmentOrAudience(db: Db, w: Knex.QueryBuilder, id: string, customer = 'c.id') {
  return w
    .whereExists(
      db('segment_memberships as s')
        .where('s.segment_id', id)
        .whereRaw(`s.customer_id = ${customer}`),
    )
    .orWhereExists(
      db('audience_members as am')
        .whereRaw('am.audience_id::text = ?', [id])
        .whereRaw(`am.customer_id = ${customer}`),
    );
}

function customersAfter(db: Db, page: Page, segmentId?: string) {
  const q = db('customers as c').orderBy('c.id').limit(page.limit);
  if (page.after) void q.where('c.id', '>', page.after);
  if (segmentId) void q.where((w) => inSegmentOrAudience(db, w, segmentId));
  return q;
}

/** Everyone in the segment (or every customer) for one firing of a schedule. */
export async function scheduleAudience(
  db: Db,
  node: Pick<z.infer<typeof ScheduleTriggerNode>, 'segmentId'>,
  firedAt: string,
  page: Page,
): Promise<AudienceMember[]> {
  const rows = await customersAfter(db, page, node.segmentId).select<{ id: string }[]>('c.id');
  return rows.map((r) => ({ customerId: r.id, occurrence: firedAt }));
}

/** The SQL date a date trigger reads: the birth date column or a custom field that holds a date. */
function dateExpression(db: Db, attribute: string) {
  if (attribute === 'birthDate') return db.raw('c.birth_date');
  const field = attribute.slice('custom.'.length);
  return db.raw(
    `case when c.custom->>? ~ '^\\d{4}-\\d{2}-\\d{2}' then left(c.custom->>?, 10)::date end`,
    [field, field],
  );
}

/**
 * Customers whose date (plus the offset) is today where they live, and whose local time has
 * reached the trigger's time. A yearly date matches its anniversary (29 February on the 28th
 * in other years: Postgres adds years that way).
 */
export async function dateAudience(
  db: Db,
  node: Pick<
    z.infer<typeof DateTriggerNode>,
    'attribute' | 'offsetDays' | 'time' | 'yearly' | 'segmentId'
  >,
  page: Page,
): Promise<AudienceMember[]> {
  const date = dateExpression(db, node.attribute);
  // The date the occurrence refers to: today in the customer's zone, minus the offset.
  const target = db.raw(`((now() at time zone c.time_zone)::date - ?::int)`, [node.offsetDays]);
  const anniversary = db.raw(
    `(? + make_interval(years => (extract(year from ?) - extract(year from ?))::int))::date`,
    [date, target, date],
  );
  const rows = await customersAfter(db, page, node.segmentId)
    .whereRaw('(now() at time zone c.time_zone)::time >= ?::time', [node.time])
    .whereRaw('? = ?', [node.yearly ? anniversary : date, target])
    .select<{ id: string; occurrence: string }[]>(
      'c.id',
      db.raw('?::text as occurrence', [target]),
    );
  return rows.map((r) => ({ customerId: r.id, occurrence: r.occurrence }));
}

/** Customers whose last `eventType` is older than `days` days; the occurrence is that event's time. */
export async function inactivityAudience(
  db: Db,
  node: Pick<z.infer<typeof InactivityTriggerNode>, 'eventType' | 'days'>,
  page: Page,
): Promise<AudienceMember[]> {
  const q = db('events')
    .where('type', node.eventType)
    .groupBy('customer_id')
    .havingRaw(`max(occurred_at) < now() - make_interval(days => ?)`, [node.days])
    .orderBy('customer_id')
    .limit(page.limit)
    .select<{ customer_id: string; last: Date }[]>(
      'customer_id',
      db.raw('max(occurred_at) as last'),
    );
  if (page.after) void q.where('customer_id', '>', page.after);
  const rows = await q;
  return rows.map((r) => ({ customerId: r.customer_id, occurrence: r.last.toISOString() }));
}
