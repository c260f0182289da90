// Saved segments: their rows, and what compiling one needs from the database (the account's
// time zone, custom field types, the rules of the segments it names).
import type { Knex } from 'knex';
import type { Segment, SegmentInput } from '../core/contract/segments.ts';
import { badRequest, type FieldProblem } from '../core/errors.ts';
import {
  conditionsOf,
  CUSTOM_FIELD_TYPES,
  type SegmentRules,
  segmentsReferenced,
} from '../core/segment-rules.ts';
import type { Db } from './connection.ts';
import type { CompileOptions, CustomEntity } from './segment-sql.ts';

export interface SegmentRow {
  id: string;
  name: string;
  description: string | null;
  folder: string | null;
  rules: SegmentRules;
  problems: FieldProblem[];
  refresh_minutes: number;
  profiles: number | null;
  base: number | null;
  average_check: string | null;
  ltv: string | null;
  total_spent: string | null;
  refresh_ms: number | null;
  refreshed_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const num = (v: string | null) => (v === null ? null : Number(v));

export const toSegment = (r: SegmentRow): Segment => ({
  id: r.id,
  name: r.name,
  description: r.description,
  folder: r.folder,
  rules: r.rules,
  problems: r.problems,
  refreshMinutes: r.refresh_minutes,
  metrics:
    r.profiles === null
      ? null
      : {
          profiles: r.profiles,
          base: r.base ?? 0,
          share: r.base ? r.profiles / r.base : 0,
          averageCheck: num(r.average_check),
          ltv: num(r.ltv),
          totalSpent: num(r.total_spent) ?? 0,
        },
  refreshedAt: r.refreshed_at?.toISOString() ?? null,
  refreshMs: r.refresh_ms,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

const columns = (s: SegmentInput, problems: FieldProblem[]) => ({
  name: s.name,
  description: s.description ?? null,
  folder: s.folder ?? null,
  rules: JSON.stringify(s.rules),
  problems: JSON.stringify(problems),
  refresh_minutes: s.refreshMinutes,
});

export async function insertSegment(db: Db, s: SegmentInput, problems: FieldProblem[]) {
  const [row] = await db('segments').insert(columns(s, problems)).returning<SegmentRow[]>('*');
  return row!;
}

export async function updateSegment(db: Db, id: string, s: SegmentInput, problems: FieldProblem[]) {
  const [row] = await db('segments')
    .where({ id })
    .update({ ...columns(s, problems), updated_at: db.fn.now() })
    .returning<SegmentRow[]>('*');
  return row;
}

export const getSegment = (db: Db | Knex.Transaction, id: string) =>
  db('segments').where({ id }).first<SegmentRow | undefined>();

export function listSegments(db: Db, folder?: string) {
  const q = db('segments').orderBy(['folder', 'name', 'id']);
  if (folder !== undefined) void q.where({ folder });
  return q.select<SegmentRow[]>('*');
}

/** Segments whose rules name this one (they would break if it went). */
export async function segmentsNaming(db: Db, id: string): Promise<{ id: string; name: string }[]> {
  const rows = await db('segments')
    .whereNot({ id })
    .whereRaw('strpos(rules::text, ?) > 0', [id])
    .select<SegmentRow[]>('*');
  return rows
    .filter((r) => segmentsReferenced(r.rules).some((s) => s.segmentId === id))
    .map((r) => ({ id: r.id, name: r.name }));
}

/** Deletes a segment with its memberships (no exit fires: the segment is gone, not left). */
export async function deleteSegment(db: Db, id: string): Promise<boolean> {
  return db.transaction(async (trx) => {
    const n = await trx('segments').where({ id }).delete();
    await trx('segment_memberships').where({ segment_id: id }).delete();
    await trx('segment_membership_changes')
      .where({ segment_id: id })
      .whereNull('processed_at')
      .delete();
    return n > 0;
  });
}

export async function accountTimeZone(db: Db | Knex.Transaction): Promise<string> {
  const row = await db('account_settings').first<{ time_zone: string } | undefined>('time_zone');
  return row?.time_zone ?? 'UTC';
}

export async function setAccountTimeZone(db: Db, timeZone: string): Promise<void> {
  await db('account_settings').update({ time_zone: timeZone, updated_at: db.fn.now() });
}

/**
 * What compiling `rules` needs: the zone, the custom fields' types (a key that is not defined is
 * a 400 naming where it is used) and, transitively, the rules of the segments it names.
 */
export async function compileOptionsFor(
  db: Db | Knex.Transaction,
  rules: SegmentRules,
  extra: Pick<CompileOptions, 'selfId' | 'prefix' | 'now'> = {},
): Promise<CompileOptions> {
  const prefix = extra.prefix ?? 'rules';
  const fields = await db('custom_fields').select<
    { entity: CustomEntity; key: string; type: keyof typeof CUSTOM_FIELD_TYPES }[]
  >('entity', 'key', 'type');
  const customFields: CompileOptions['customFields'] = {};
  for (const f of fields) (customFields[f.entity] ??= {})[f.key] = CUSTOM_FIELD_TYPES[f.type];
  const segments = new Map<string, SegmentRules>();
  let pending = segmentsReferenced(rules).map((s) => s.segmentId);
  while (pending.length > 0) {
    const rows = await db('segments')
      .whereIn('id', [...new Set(pending)])
      .select<{ id: string; rules: SegmentRules }[]>('id', 'rules');
    for (const r of rows) segments.set(r.id, r.rules);
    pending = rows
      .flatMap((r) => segmentsReferenced(r.rules).map((s) => s.segmentId))
      .filter((id) => !segments.has(id));
  }
  const problems = unknownCustomFields(rules, customFields, prefix);
  if (problems.length > 0)
    throw badRequest('The rules name custom fields that are not defined', problems);
  return { ...extra, prefix, timeZone: await accountTimeZone(db), customFields, segments };
}

function unknownCustomFields(
  rules: SegmentRules,
  defined: NonNullable<CompileOptions['customFields']>,
  prefix: string,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const check = (entity: CustomEntity, key: string, path: string[]) => {
    if (!defined[entity]?.[key])
      problems.push({
        field: [prefix, ...path].join('.'),
        message: `no ${entity.replace('_', ' ')} custom field "${key}": define it at /v1/custom-fields or pick another`,
      });
  };
  for (const { condition: c, path } of conditionsOf(rules)) {
    if (c.kind === 'customField') check('customer', c.key, [...path, 'key']);
    if (c.kind === 'receipts' || c.kind === 'receiptLines')
      c.custom.forEach((f, i) =>
        check(c.kind === 'receipts' ? 'receipt' : 'receipt_line', f.key, [
          ...path,
          'custom',
          String(i),
          'key',
        ]),
      );
  }
  return problems;
}
