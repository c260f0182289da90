// Operators as the builder words them, which of them each value type offers (core's
// OPS_BY_TYPE), and what value inputs each needs.
import { OPS_BY_TYPE } from '../../../core/segment-rules/tests.ts';
import type { TestType } from './kinds.ts';

type Obj = Record<string, unknown>;

export const OP_WORDS: Record<string, string> = {
  equals: 'is',
  notEquals: 'is not',
  in: 'is one of',
  notIn: 'is none of',
  contains: 'contains',
  notContains: 'does not contain',
  startsWith: 'starts with',
  gt: 'more than',
  gte: 'at least',
  lt: 'less than',
  lte: 'at most',
  between: 'between',
  isSet: 'is set',
  isNotSet: 'is not set',
  isTrue: 'is yes',
  isFalse: 'is no',
  ever: 'ever',
  inLast: 'in the last N days',
  moreThanDaysAgo: 'more than N days ago',
  inNext: 'in the next N days',
  calendar: 'in a calendar period',
  on: 'on',
  before: 'before',
  after: 'after',
  dateBetween: 'between dates',
  anniversaryInNext: 'anniversary (birthday) in the next N days',
};

export const CALENDAR_WORDS: Record<string, string> = {
  today: 'today',
  yesterday: 'yesterday',
  thisWeek: 'this week',
  lastWeek: 'last week',
  thisMonth: 'this month',
  lastMonth: 'last month',
  thisYear: 'this year',
  lastYear: 'last year',
};

/** "When" of counts and sums: ever, or the relative and absolute periods a date takes. */
export const PERIOD_OPS: readonly string[] = [
  'ever',
  ...OPS_BY_TYPE.date.filter((op) => !['anniversaryInNext', 'isSet', 'isNotSet'].includes(op)),
];

/** Custom fields and event properties: their type is known only from data, so every operator. */
const ANY_OPS: readonly string[] = [...new Set(Object.values(OPS_BY_TYPE).flat())];

export const opsFor = (type: TestType): readonly string[] =>
  type === 'any' ? ANY_OPS : OPS_BY_TYPE[type];

/** What inputs an operator needs, after the operator itself. */
export type Inputs = 'value' | 'values' | 'range' | 'days' | 'calendar' | 'date' | 'dates' | 'none';
export function inputsOf(op: string): Inputs {
  if (['in', 'notIn'].includes(op)) return 'values';
  if (op === 'between') return 'range';
  if (['inLast', 'moreThanDaysAgo', 'inNext', 'anniversaryInNext'].includes(op)) return 'days';
  if (op === 'calendar') return 'calendar';
  if (['on', 'before', 'after'].includes(op)) return 'date';
  if (op === 'dateBetween') return 'dates';
  if (['isSet', 'isNotSet', 'isTrue', 'isFalse', 'ever'].includes(op)) return 'none';
  return 'value';
}

/** The test with another operator: what it had that the new one reads is kept, the rest dropped. */
export function withOp(test: Obj | undefined, op: string): Obj {
  const next: Obj = { op };
  const had = test ?? {};
  const keep: Record<Inputs, string[]> = {
    value: ['value'],
    values: ['values'],
    range: ['min', 'max'],
    days: ['days'],
    calendar: ['period'],
    date: ['date'],
    dates: ['from', 'to'],
    none: [],
  };
  for (const key of keep[inputsOf(op)]) if (had[key] !== undefined) next[key] = had[key];
  if (inputsOf(op) === 'values' && next.values === undefined)
    next.values = had.value !== undefined ? [had.value] : [];
  if (inputsOf(op) === 'calendar' && next.period === undefined) next.period = 'thisMonth';
  return next;
}
