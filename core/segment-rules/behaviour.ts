// Conditions on what customers did: events of any type with property filters, the website
// behaviour the tracker records (page, product and category views), interests, survey answers.
import { z } from 'zod';
import { EventType } from '../graph-rules.ts';
import { Count, DateTest, Period, TextTest, ValueTest } from './tests.ts';

/** A test on one event property; a dotted name reads a nested one ("items.0.sku" is not: lists are not walked). */
export const PropertyFilter = z.object({
  property: z
    .string()
    .min(1, 'name the event property, e.g. "amount"')
    .max(200, 'at most 200 characters'),
  test: ValueTest,
});
export type PropertyFilter = z.infer<typeof PropertyFilter>;

/** Events of a type whose properties pass every filter, counted in a period. */
export const EventCondition = z.object({
  kind: z.literal('event'),
  eventType: EventType,
  filters: z.array(PropertyFilter).max(20).default([]),
  test: Count,
  period: Period,
});
export type EventCondition = z.infer<typeof EventCondition>;

/** When the first or the last matching event happened ("first purchase more than 365 days ago"). */
export const EventOccurrenceCondition = z.object({
  kind: z.literal('eventOccurrence'),
  eventType: EventType,
  filters: z.array(PropertyFilter).max(20).default([]),
  which: z.enum(['first', 'last']),
  test: DateTest,
});
export type EventOccurrenceCondition = z.infer<typeof EventOccurrenceCondition>;

/**
 * Website behaviour: page views (`target` tests the URL), product views (the product ID) or
 * category views (the category), N times in a period.
 */
export const WebsiteCondition = z.object({
  kind: z.literal('website'),
  action: z.enum(['viewedPage', 'viewedProduct', 'viewedCategory']),
  target: TextTest.optional(),
  test: Count,
  period: Period,
});
export type WebsiteCondition = z.infer<typeof WebsiteCondition>;

/** Interest in a category (customer_metrics.interests: views and purchases, top categories). */
export const InterestCondition = z.object({
  kind: z.literal('interest'),
  category: z.string().min(1, 'name the category').max(1000),
  /** The category's share of the customer's interest, 0..1; any share by default. */
  minScore: z.number().min(0).max(1).default(0),
});
export type InterestCondition = z.infer<typeof InterestCondition>;

/**
 * A survey answer. Herald has no survey tables: answers arrive as `survey_answered` events with
 * the properties `survey`, `question` and `answer`, and this condition reads those.
 */
export const SurveyCondition = z.object({
  kind: z.literal('survey'),
  survey: TextTest.optional(),
  question: TextTest,
  answer: TextTest.default({ op: 'isSet' }),
  period: Period,
});
export type SurveyCondition = z.infer<typeof SurveyCondition>;
