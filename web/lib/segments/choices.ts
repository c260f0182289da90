// The segment builder's field picker: every condition the rule tree (core/segment-rules) has, by
// family, each with what a new one starts as (values left empty are the marketer's to fill).
import { ATTRIBUTE_FIELDS, METRIC_FIELDS } from '../../../core/segment-rules/fields.ts';
import type { TestType } from './kinds.ts';

type Obj = Record<string, unknown>;

/** One entry of the field picker: a kind, or a kind with its field (attribute:city, metric:cltv). */
export interface FieldChoice {
  value: string;
  label: string;
  family: string;
  make: () => Obj;
}

const atLeastOnce = { op: 'gte', value: 1 };
const firstTest = (type: TestType): Obj =>
  type === 'date'
    ? { op: 'inLast', days: 30 }
    : type === 'boolean'
      ? { op: 'isTrue' }
      : type === 'number'
        ? { op: 'gte' }
        : type === 'list'
          ? { op: 'contains' }
          : { op: 'in', values: [] };

export const FAMILIES = [
  'Customer',
  'Contacts and subscriptions',
  'Receipts',
  'Receipt lines',
  'Metrics',
  'Points',
  'Website and interests',
  'Events',
  'Surveys',
  'Communication',
  'Membership',
] as const;

export const FIELD_CHOICES: FieldChoice[] = [
  ...Object.entries(ATTRIBUTE_FIELDS).map(([field, info]) => ({
    value: `attribute:${field}`,
    label: info.label,
    family: 'Customer',
    make: () => ({ kind: 'attribute', field, test: firstTest(info.type) }),
  })),
  {
    value: 'customField',
    label: 'Custom field',
    family: 'Customer',
    make: () => ({ kind: 'customField', key: '', test: { op: 'equals' } }),
  },
  {
    value: 'contact',
    label: 'Has a contact',
    family: 'Contacts and subscriptions',
    make: () => ({ kind: 'contact', channel: 'email', valid: { op: 'isTrue' } }),
  },
  {
    value: 'subscription',
    label: 'Subscription',
    family: 'Contacts and subscriptions',
    make: () => ({
      kind: 'subscription',
      channel: 'sms',
      messagingType: 'any',
      status: 'subscribed',
    }),
  },
  {
    value: 'receipts',
    label: 'Receipts in a period',
    family: 'Receipts',
    make: () => ({
      kind: 'receipts',
      measure: 'count',
      test: atLeastOnce,
      period: { op: 'inLast', days: 90 },
    }),
  },
  {
    value: 'receiptLines',
    label: 'Bought products',
    family: 'Receipt lines',
    make: () => ({
      kind: 'receiptLines',
      measure: 'receipts',
      test: atLeastOnce,
      period: { op: 'ever' },
    }),
  },
  ...Object.entries(METRIC_FIELDS).map(([metric, info]) => ({
    value: `metric:${metric}`,
    label: info.label,
    family: 'Metrics',
    make: () => ({ kind: 'metric', metric, test: firstTest(info.type) }),
  })),
  {
    value: 'points',
    label: 'Points',
    family: 'Points',
    make: () => ({
      kind: 'points',
      measure: 'balance',
      test: { op: 'gte' },
      period: { op: 'ever' },
    }),
  },
  {
    value: 'website',
    label: 'Viewed pages, products or categories',
    family: 'Website and interests',
    make: () => ({
      kind: 'website',
      action: 'viewedProduct',
      test: atLeastOnce,
      period: { op: 'inLast', days: 30 },
    }),
  },
  {
    value: 'interest',
    label: 'Interest in a category',
    family: 'Website and interests',
    make: () => ({ kind: 'interest', category: '', minScore: 0 }),
  },
  {
    value: 'event',
    label: 'Event happened N times',
    family: 'Events',
    make: () => ({
      kind: 'event',
      eventType: '',
      filters: [],
      test: atLeastOnce,
      period: { op: 'inLast', days: 30 },
    }),
  },
  {
    value: 'eventOccurrence',
    label: 'First or last event',
    family: 'Events',
    make: () => ({
      kind: 'eventOccurrence',
      eventType: '',
      filters: [],
      which: 'last',
      test: { op: 'inLast', days: 30 },
    }),
  },
  {
    value: 'survey',
    label: 'Survey answer',
    family: 'Surveys',
    make: () => ({
      kind: 'survey',
      question: { op: 'equals' },
      answer: { op: 'isSet' },
      period: { op: 'ever' },
    }),
  },
  {
    value: 'messages',
    label: 'Messages received, opened, clicked…',
    family: 'Communication',
    make: () => ({
      kind: 'messages',
      channel: 'any',
      outcome: 'received',
      test: atLeastOnce,
      period: { op: 'inLast', days: 30 },
    }),
  },
  {
    value: 'lastMessage',
    label: 'Days since the last message',
    family: 'Communication',
    make: () => ({ kind: 'lastMessage', channel: 'any', days: { op: 'gt' } }),
  },
  {
    value: 'campaignEntries',
    label: 'Entered a campaign',
    family: 'Communication',
    make: () => ({ kind: 'campaignEntries', test: atLeastOnce, period: { op: 'ever' } }),
  },
  {
    value: 'segment',
    label: 'In another segment',
    family: 'Membership',
    make: () => ({ kind: 'segment', member: true }),
  },
  {
    value: 'audience',
    label: 'In a static audience',
    family: 'Membership',
    make: () => ({ kind: 'audience', member: true }),
  },
  {
    value: 'randomBucket',
    label: 'Random bucket (hold-out)',
    family: 'Membership',
    make: () => ({ kind: 'randomBucket', salt: '', buckets: 100, from: 0, to: 9 }),
  },
];
