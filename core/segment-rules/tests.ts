// The tests a segment condition applies to one value: a text, a number, a date, a flag, a list.
// Each operator has its own shape, so a missing value is reported at its own path
// ("rules.children.2.test.value") and the compiler never guesses what a value means.
import { z } from 'zod';

/** Rule values are text a marketer typed: matched literally (the compiler binds them, never splices). */
const Text = z.string().max(1000, 'at most 1,000 characters');
const Num = z.number().finite('a finite number');
const Days = z
  .number()
  .int('whole days')
  .min(0, '0 or more days')
  .max(36600, 'at most 36,600 days');
/** A calendar day (local to the account's time zone) or an instant with its offset. */
export const DateValue = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: 'a date such as 2026-01-31, or an instant such as 2026-01-31T09:00:00Z',
});
export type DateValue = z.infer<typeof DateValue>;

const Presence = z.object({ op: z.enum(['isSet', 'isNotSet']) });

// -- text ------------------------------------------------------------------------------------
const TextEquals = z.object({ op: z.enum(['equals', 'notEquals']), value: Text });
const TextIn = z.object({
  op: z.enum(['in', 'notIn']),
  values: z.array(Text).min(1, 'list at least one value').max(1000, 'at most 1,000 values'),
});
const TextMatch = z.object({
  op: z.enum(['contains', 'notContains', 'startsWith']),
  value: Text.min(1, 'type the text to look for'),
});
export const TextTest = z.discriminatedUnion('op', [TextEquals, TextIn, TextMatch, Presence]);
export type TextTest = z.infer<typeof TextTest>;

// -- numbers ---------------------------------------------------------------------------------
const NumberCompare = z.object({
  op: z.enum(['equals', 'notEquals', 'gt', 'gte', 'lt', 'lte']),
  value: Num,
});
const NumberBetween = z
  .object({ op: z.literal('between'), min: Num, max: Num })
  .refine((t) => t.min <= t.max, { message: 'min must not exceed max', path: ['max'] });
const NumberIn = z.object({
  op: z.enum(['in', 'notIn']),
  values: z.array(Num).min(1, 'list at least one number').max(1000, 'at most 1,000 values'),
});
/** Between is inclusive at both ends. */
export const NumberTest = z.discriminatedUnion('op', [
  NumberCompare,
  NumberBetween,
  NumberIn,
  Presence,
]);
export type NumberTest = z.infer<typeof NumberTest>;

/** How many times (or how much): at least once unless the rule says otherwise. */
export const Count = NumberTest.default({ op: 'gte', value: 1 });

// -- dates and periods -----------------------------------------------------------------------
/** Calendar periods of the account's time zone, relative to now. */
export const CalendarPeriod = z.enum([
  'today',
  'yesterday',
  'thisWeek',
  'lastWeek',
  'thisMonth',
  'lastMonth',
  'thisYear',
  'lastYear',
]);
export type CalendarPeriod = z.infer<typeof CalendarPeriod>;

const Ever = z.object({ op: z.literal('ever') });
/** Within the last N days: from now minus N days to now. */
const InLast = z.object({ op: z.literal('inLast'), days: Days });
/** Longer ago than N days. */
const MoreThanDaysAgo = z.object({ op: z.literal('moreThanDaysAgo'), days: Days });
/** Within the next N days (a date in the future: an expiry, a renewal). */
const InNext = z.object({ op: z.literal('inNext'), days: Days });
const Calendar = z.object({ op: z.literal('calendar'), period: CalendarPeriod });
/** On, before or after a day (local to the account) or an instant. */
const OnBeforeAfter = z.object({ op: z.enum(['on', 'before', 'after']), date: DateValue });
/** Inclusive at both ends; a day includes all of it. */
const DateBetween = z.object({ op: z.literal('dateBetween'), from: DateValue, to: DateValue });
/** The date's anniversary (a birthday) falls in the next N days; 0 is today. */
const AnniversaryInNext = z.object({
  op: z.literal('anniversaryInNext'),
  days: Days.max(366, 'at most 366 days'),
});

/** When something happened, for counts and sums over a period. */
const PeriodOps = [InLast, MoreThanDaysAgo, InNext, Calendar, OnBeforeAfter, DateBetween] as const;
export const Period = z.discriminatedUnion('op', [Ever, ...PeriodOps]).default({ op: 'ever' });
export type Period = z.infer<typeof Period>;

/** A test on a date value; `anniversaryInNext` (0: today) is "birthday in the next N days". */
export const DateTest = z.discriminatedUnion('op', [...PeriodOps, AnniversaryInNext, Presence]);
export type DateTest = z.infer<typeof DateTest>;

// -- flags -----------------------------------------------------------------------------------
export const BooleanTest = z.object({ op: z.enum(['isTrue', 'isFalse', 'isSet', 'isNotSet']) });
export type BooleanTest = z.infer<typeof BooleanTest>;

// -- any type (custom fields, event properties) --------------------------------------------------
/**
 * A test on a value whose type is known only from data (a custom field's definition, an event
 * property): the operator says how to read it. Text equality and lists read text; comparisons
 * and between read numbers; period operators read dates.
 */
export const ValueTest = z.discriminatedUnion('op', [
  z.object({ op: z.enum(['equals', 'notEquals']), value: z.union([Text, Num, z.boolean()]) }),
  TextIn,
  TextMatch,
  z.object({ op: z.enum(['gt', 'gte', 'lt', 'lte']), value: Num }),
  NumberBetween,
  ...PeriodOps,
  AnniversaryInNext,
  z.object({ op: z.enum(['isTrue', 'isFalse']) }),
  Presence,
]);
export type ValueTest = z.infer<typeof ValueTest>;

export type AnyTest = TextTest | NumberTest | DateTest | BooleanTest | ValueTest;
export type Op = AnyTest['op'];

/** The date operators that span a period of time (all but the anniversary and presence). */
export const PERIOD_OPS = [
  'inLast',
  'moreThanDaysAgo',
  'inNext',
  'calendar',
  'on',
  'before',
  'after',
  'dateBetween',
] as const satisfies readonly Op[];

/** Which operators each value type takes: what the builder offers and what a 400 names. */
export const OPS_BY_TYPE = {
  text: [
    'equals',
    'notEquals',
    'in',
    'notIn',
    'contains',
    'notContains',
    'startsWith',
    'isSet',
    'isNotSet',
  ],
  number: [
    'equals',
    'notEquals',
    'gt',
    'gte',
    'lt',
    'lte',
    'between',
    'in',
    'notIn',
    'isSet',
    'isNotSet',
  ],
  date: [...PERIOD_OPS, 'anniversaryInNext', 'isSet', 'isNotSet'],
  boolean: ['isTrue', 'isFalse', 'isSet', 'isNotSet'],
  /** Tags: `contains` one tag, `in` any of several, `notContains`, `isSet` (has any tag). */
  list: ['contains', 'notContains', 'in', 'isSet', 'isNotSet'],
} as const satisfies Record<string, readonly Op[]>;
export type ValueType = keyof typeof OPS_BY_TYPE;
