// A segment's rule tree (DESIGN decision 6): groups that match all, any or none of their children,
// nested to any depth, over conditions of every family a marketer selects customers by. The
// families live in core/segment-rules/; db/segment-sql.ts compiles a tree into one SQL query.
//
// Dates are read in the account's time zone: "today", "this month" and a day such as 2026-01-31
// begin at local midnight there; "in the last N days" is the N×24 hours before now.
import { z } from 'zod';
import type { FieldProblem } from './errors.ts';
import { CommerceConditions } from './segment-rules/commerce-kinds.ts';
import {
  BehaviourConditions,
  CommunicationConditions,
  CustomerConditions,
  MembershipConditions,
} from './segment-rules/kinds.ts';

export * from './segment-rules/behaviour.ts';
export * from './segment-rules/commerce.ts';
export * from './segment-rules/communication.ts';
export * from './segment-rules/customer.ts';
export * from './segment-rules/fields.ts';
export * from './segment-rules/membership.ts';
export * from './segment-rules/tests.ts';

const conditions = [
  ...CustomerConditions,
  ...CommerceConditions,
  ...BehaviourConditions,
  ...CommunicationConditions,
  ...MembershipConditions,
] as const;

export const CONDITION_KINDS = conditions.map((c) => c.shape.kind.value);
export type ConditionKind = (typeof conditions)[number]['shape']['kind']['value'];

export const SegmentCondition = z.discriminatedUnion('kind', [...conditions], {
  error: `pick a condition kind: ${CONDITION_KINDS.join(', ')}`,
});
export type SegmentCondition = z.infer<typeof SegmentCondition>;

export const GroupMatch = z.enum(['all', 'any', 'none']);
export type GroupMatch = z.infer<typeof GroupMatch>;

export interface SegmentGroup {
  kind: 'group';
  match: GroupMatch;
  children: SegmentNode[];
}
export type SegmentNode = SegmentGroup | SegmentCondition;

/** A group: all (AND), any (OR) or none (NOT OR) of its children. An empty group matches everyone. */
export const SegmentGroup = z.object({
  kind: z.literal('group'),
  match: GroupMatch.default('all'),
  get children(): z.ZodDefault<z.ZodArray<z.ZodType<SegmentNode, unknown>>> {
    return z.array(SegmentNode).max(200, 'at most 200 conditions in a group').default([]);
  },
});

export const SegmentNode: z.ZodType<SegmentNode, unknown> = z.discriminatedUnion(
  'kind',
  [SegmentGroup, ...conditions],
  { error: `pick a kind: group, ${CONDITION_KINDS.join(', ')}` },
);

/** A segment's rules: the root is always a group. */
export const SegmentRules = SegmentGroup;
export type SegmentRules = SegmentGroup;

/** Every condition of a tree, depth first, with its path from the root ("children.2"). */
export function* conditionsOf(
  node: SegmentNode,
  path: string[] = [],
): Generator<{ condition: SegmentCondition; path: string[] }> {
  if (node.kind !== 'group') yield { condition: node, path };
  else
    for (const [i, child] of node.children.entries())
      yield* conditionsOf(child, [...path, 'children', String(i)]);
}

/** The saved segments a tree names (to inline them and to refuse a cycle). */
export const segmentsReferenced = (rules: SegmentNode) =>
  [...conditionsOf(rules)].flatMap(({ condition, path }) =>
    condition.kind === 'segment' ? [{ segmentId: condition.segmentId, path }] : [],
  );

function at(raw: unknown, path: PropertyKey[]): unknown {
  let here = raw;
  for (const key of path) {
    if (here === null || typeof here !== 'object') return undefined;
    here = (here as Record<PropertyKey, unknown>)[key];
  }
  return here;
}

const isMissing = (v: unknown) =>
  v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

export type ParsedRules =
  | { ok: true; rules: SegmentRules }
  /** `draft`: every problem is a value still missing, so the tree may be saved, not used. */
  | { ok: false; draft: boolean; problems: FieldProblem[] };

/**
 * Parses a rule tree, naming each problem by its path under `prefix` ("rules.children.2.test.value").
 * A problem whose value is absent or empty is a missing value: a draft may be saved with those
 * listed; an unknown kind, field or operator, or a value of the wrong type, never.
 */
export function parseSegmentRules(raw: unknown, prefix = 'rules'): ParsedRules {
  const parsed = SegmentRules.safeParse(raw);
  if (parsed.success) return { ok: true, rules: parsed.data };
  let draft = true;
  const problems = parsed.error.issues.map((issue) => {
    const missing = isMissing(at(raw, issue.path));
    if (!missing) draft = false;
    return {
      field: [prefix, ...issue.path.map(String)].join('.'),
      message: missing ? `missing: ${issue.message}` : issue.message,
    };
  });
  return { ok: false, draft, problems };
}
