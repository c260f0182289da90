// The segment compiler (DESIGN decision 6): a rule tree becomes ONE parameterised SQL query over
// customers, whose values are always bound. The same compiled predicate serves counts, previews
// with metrics, membership refresh, journey conditions and mailing audiences.
import type { Knex } from 'knex';
import { badRequest } from '../core/errors.ts';
import type { SegmentNode, SegmentRules } from '../core/segment-rules.ts';
import type { Db } from './connection.ts';
import { clockOf } from './segment-sql/dates.ts';
import { type CustomEntity, type FamilyContext, familySql } from './segment-sql/families.ts';
import { and, definite, or, type Sql, sql } from './segment-sql/sql.ts';
import type { ValueKind } from './segment-sql/tests.ts';

export type { CustomEntity } from './segment-sql/families.ts';

export interface CompileOptions {
  /** The account's time zone: "today", "this month" and plain days are read there. */
  timeZone: string;
  now?: Date;
  /** Declared custom fields: entity → key → type. */
  customFields?: Partial<Record<CustomEntity, Record<string, ValueKind>>>;
  /** The rules of the saved segments the tree names (and they name), inlined in its place. */
  segments?: ReadonlyMap<string, SegmentRules>;
  /** The segment being compiled, so that naming itself, however deep, is a cycle. */
  selfId?: string;
  /** Where the tree sits in the request, for the paths of problems ("rules"). */
  prefix?: string;
}

/** The FROM of every segment query: customers with their metrics and points beside them. */
export const SEGMENT_FROM = `customers c
  left join customer_metrics m on m.customer_id = c.id
  left join points_balances pb on pb.customer_id = c.id`;

/**
 * The rule tree as one predicate over `c`, `m` and `pb`, for a WHERE (or beside other clauses
 * joined by and / or): it may be null where it does not hold, so never negate it.
 */
export function segmentPredicate(rules: SegmentRules, options: CompileOptions): Sql {
  const ctx: FamilyContext = {
    clock: clockOf(options.now ?? new Date(), options.timeZone),
    customFieldKind: (entity, key) => options.customFields?.[entity]?.[key],
  };
  const prefix = options.prefix ?? 'rules';
  // Inside a segment the tree names, problems are reported at the condition naming it.
  // `negated`: under a NOT (a `none` group, "not in segment"), where a condition that is null
  // must read as false. Elsewhere null already excludes the customer as false does, and a bare
  // condition lets Postgres join the metrics to the customers who pass (a strict condition
  // turns the left join into an inner one) instead of to every customer.
  const walk = (
    node: SegmentNode,
    path: string[],
    stack: string[],
    inlined: boolean,
    negated: boolean,
  ): Sql => {
    if (node.kind === 'group') {
      const under = negated || node.match === 'none';
      const parts = node.children.map((child, i) =>
        walk(child, inlined ? path : [...path, 'children', String(i)], stack, inlined, under),
      );
      if (node.match === 'all') return and(parts);
      if (node.match === 'any') return or(parts);
      return sql`not ${or(parts)}`;
    }
    if (node.kind !== 'segment') {
      const condition = familySql(ctx, node);
      return negated ? definite(condition) : condition;
    }
    const field = [prefix, ...path, 'segmentId'].join('.');
    if (stack.includes(node.segmentId))
      throw badRequest('A segment cannot contain itself', [
        {
          field,
          message: `segment ${[...stack, node.segmentId].join(' → ')} is a cycle: remove this condition`,
        },
      ]);
    const other = options.segments?.get(node.segmentId);
    if (!other)
      throw badRequest('The rules name a segment that does not exist', [
        { field, message: 'no such segment: pick a saved one' },
      ]);
    const inner = walk(other, path, [...stack, node.segmentId], true, negated || !node.member);
    return node.member ? inner : sql`not ${inner}`;
  };
  return walk(rules, [], options.selfId ? [options.selfId] : [], false, false);
}

/** `select c.id ...` of the customers the rules match, as a knex raw query. */
export function segmentQuery(
  db: Db | Knex.Transaction,
  rules: SegmentRules,
  options: CompileOptions,
) {
  const where = segmentPredicate(rules, options);
  return db.raw(
    `select c.id from ${SEGMENT_FROM} where ${where.text}`,
    where.values as Knex.RawBinding[],
  );
}

/** The predicate as a knex raw, for `.whereRaw`-style use beside other clauses on `c`. */
export function segmentWhere(
  db: Db | Knex.Transaction,
  rules: SegmentRules,
  options: CompileOptions,
) {
  const where = segmentPredicate(rules, options);
  return db.raw(where.text, where.values as Knex.RawBinding[]);
}
