// Pure evaluation of condition rules. Workflows call these with a profile fetched by an
// activity, so the decision itself is replayed deterministically.
import type { z } from 'zod';
import type { AttributeRule, EventMatch } from './graph.ts';

type Attr = z.infer<typeof AttributeRule>;

/** Reads "city" or "custom.tier" from a profile. */
export function readAttribute(profile: Record<string, unknown>, path: string): unknown {
  let value: unknown = profile;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

const isBlank = (v: unknown) => v === undefined || v === null || v === '';

/** Scalars compare by their text, case-insensitively; objects and arrays never equal a value. */
const text = (v: unknown) =>
  typeof v === 'object' && v !== null ? undefined : String(v).toLowerCase();

function compare(a: unknown, b: unknown): number | undefined {
  const na = typeof a === 'number' ? a : typeof a === 'string' && a.trim() !== '' ? Number(a) : NaN;
  const nb = typeof b === 'number' ? b : typeof b === 'string' && b.trim() !== '' ? Number(b) : NaN;
  if (!Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  if (typeof a === 'string' && typeof b === 'string') return a.localeCompare(b);
  return undefined;
}

export function evaluateAttributeRule(rule: Attr, profile: Record<string, unknown>): boolean {
  const actual = readAttribute(profile, rule.attribute);
  const expected = rule.value;
  switch (rule.operator) {
    case 'exists':
      return !isBlank(actual);
    case 'notExists':
      return isBlank(actual);
    case 'equals':
      return !isBlank(actual) && text(actual) === text(expected);
    case 'notEquals':
      return isBlank(actual) || text(actual) !== text(expected);
    case 'contains':
      if (Array.isArray(actual)) return actual.map(String).includes(String(expected));
      return (
        typeof actual === 'string' && actual.toLowerCase().includes(String(expected).toLowerCase())
      );
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const c = compare(actual, expected);
      if (c === undefined) return false;
      return rule.operator === 'gt'
        ? c > 0
        : rule.operator === 'gte'
          ? c >= 0
          : rule.operator === 'lt'
            ? c < 0
            : c <= 0;
    }
  }
}

/** True when the event has the type and every filter holds on its properties. */
export function eventMatches(
  match: Pick<EventMatch, 'eventType'> & { filters?: EventMatch['filters'] },
  event: { type: string; properties: Record<string, unknown> },
): boolean {
  if (event.type !== match.eventType) return false;
  return (match.filters ?? []).every((f) =>
    evaluateAttributeRule(
      { kind: 'attribute', attribute: f.property, operator: f.operator, value: f.value },
      event.properties,
    ),
  );
}
