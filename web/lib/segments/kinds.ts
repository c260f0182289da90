// The segment builder's conditions as data: for each kind of the rule tree (core/segment-rules),
// its family in the field picker, what a new one starts as, and the parts its form shows. The
// forms (components/segments/) draw these; the api's zod schema judges what they produce.
import type { SegmentValuesQuery } from '../../../core/contract/segment-values.ts';
import { ATTRIBUTE_FIELDS, METRIC_FIELDS } from '../../../core/segment-rules/fields.ts';
import type { ValueType } from '../../../core/segment-rules/tests.ts';

type Obj = Record<string, unknown>;
export type Suggest = SegmentValuesQuery['field'] | 'eventType' | 'eventProperty' | 'customField';
/** `count` is a number test read as "how many"; `any` takes every operator (custom fields, event properties). */
export type TestType = ValueType | 'any';
export type Option = { value: string; label: string };

export type Part =
  | { type: 'test'; key: string; label: string; valueType: TestType; suggest?: Suggest }
  /** A test that may be left out ("any store"). */
  | { type: 'optionalTest'; key: string; label: string; valueType: TestType; suggest?: Suggest }
  | { type: 'period'; key: string; label: string }
  | { type: 'select'; key: string; label: string; options: Option[] }
  | { type: 'text'; key: string; label: string; suggest?: Suggest; optional?: boolean }
  | { type: 'number'; key: string; label: string }
  | { type: 'member'; key: string }
  | {
      type: 'ref';
      key: string;
      label: string;
      what: 'segment' | 'audience' | 'campaign' | 'mailing';
    }
  /** Property filters of events, or custom-field filters of receipts and lines. */
  | { type: 'filters'; key: string; label: string; name: 'property' | 'key' };

export const CHANNELS: Option[] = ['any', 'email', 'sms', 'push', 'viber', 'webhook'].map((c) => ({
  value: c,
  label: c === 'any' ? 'any channel' : c,
}));
const opts = (labels: Record<string, string>): Option[] =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

const ATTRIBUTE_SUGGEST: Partial<Record<string, Suggest>> = {
  city: 'city',
  gender: 'gender',
  source: 'source',
  locale: 'locale',
  tags: 'tag',
};

const count = (label = 'How many'): Part => ({
  type: 'test',
  key: 'test',
  label,
  valueType: 'number',
});
const period: Part = { type: 'period', key: 'period', label: 'When' };

/** The field picker's entry a condition is: "attribute:city", or its kind. */
export const choiceOf = (c: Obj): string =>
  c.kind === 'attribute'
    ? `attribute:${String(c.field)}`
    : c.kind === 'metric'
      ? `metric:${String(c.metric)}`
      : String(c.kind);

/** The parts a condition's form shows, after its field picker. */
export function partsOf(c: Obj): Part[] {
  switch (c.kind) {
    case 'attribute': {
      const field = String(c.field) as keyof typeof ATTRIBUTE_FIELDS;
      return [
        {
          type: 'test',
          key: 'test',
          label: '',
          valueType: ATTRIBUTE_FIELDS[field]?.type ?? 'text',
          suggest: ATTRIBUTE_SUGGEST[field],
        },
      ];
    }
    case 'metric': {
      const metric = String(c.metric) as keyof typeof METRIC_FIELDS;
      const suggest = metric === 'rfmSegment' ? 'rfmSegment' : undefined;
      return [
        {
          type: 'test',
          key: 'test',
          label: '',
          valueType: METRIC_FIELDS[metric]?.type ?? 'number',
          suggest,
        },
      ];
    }
    case 'customField':
      return [
        { type: 'text', key: 'key', label: 'Field', suggest: 'customField' },
        { type: 'test', key: 'test', label: '', valueType: 'any' },
      ];
    case 'contact':
      return [
        { type: 'select', key: 'channel', label: 'Channel', options: CHANNELS },
        {
          type: 'select',
          key: 'valid.op',
          label: 'Which',
          options: opts({
            isTrue: 'a valid one',
            isFalse: 'an invalid one',
            isSet: 'any',
            isNotSet: 'none at all',
          }),
        },
        { type: 'optionalTest', key: 'carrier', label: 'Mobile operator', valueType: 'text' },
      ];
    case 'subscription':
      return [
        { type: 'select', key: 'channel', label: 'Channel', options: CHANNELS },
        {
          type: 'text',
          key: 'messagingType',
          label: 'Messaging type ("any" for all)',
          suggest: 'messagingType',
        },
        {
          type: 'select',
          key: 'status',
          label: 'Status',
          options: opts({
            subscribed: 'subscribed',
            unsubscribed: 'unsubscribed',
            unknown: 'never asked',
          }),
        },
      ];
    case 'receipts':
      return [
        {
          type: 'select',
          key: 'measure',
          label: 'Measure',
          options: opts({ count: 'number of receipts', sum: 'sum', average: 'average check' }),
        },
        count('is'),
        period,
        { type: 'optionalTest', key: 'store', label: 'Store', valueType: 'text', suggest: 'store' },
        {
          type: 'optionalTest',
          key: 'source',
          label: 'Source',
          valueType: 'text',
          suggest: 'receiptSource',
        },
        { type: 'filters', key: 'custom', label: 'Receipt custom fields', name: 'key' },
      ];
    case 'receiptLines':
      return [
        {
          type: 'select',
          key: 'measure',
          label: 'Measure',
          options: opts({
            receipts: 'receipts with such a line',
            lines: 'lines',
            quantity: 'quantity',
            amount: 'amount spent',
          }),
        },
        count('is'),
        period,
        {
          type: 'optionalTest',
          key: 'name',
          label: 'Product',
          valueType: 'text',
          suggest: 'product',
        },
        {
          type: 'optionalTest',
          key: 'productId',
          label: 'SKU',
          valueType: 'text',
          suggest: 'productId',
        },
        {
          type: 'optionalTest',
          key: 'category',
          label: 'Category',
          valueType: 'text',
          suggest: 'category',
        },
        { type: 'optionalTest', key: 'price', label: 'Unit price', valueType: 'number' },
        { type: 'optionalTest', key: 'quantity', label: 'Quantity', valueType: 'number' },
        { type: 'optionalTest', key: 'store', label: 'Store', valueType: 'text', suggest: 'store' },
        { type: 'filters', key: 'custom', label: 'Line custom fields', name: 'key' },
      ];
    case 'points':
      return [
        {
          type: 'select',
          key: 'measure',
          label: 'Points',
          options: opts({
            balance: 'balance now',
            accrued: 'accrued',
            spent: 'spent',
            expiring: 'expiring',
          }),
        },
        count('is'),
        ...(c.measure === 'balance' ? [] : [period]),
      ];
    case 'website':
      return [
        {
          type: 'select',
          key: 'action',
          label: 'Viewed',
          options: opts({
            viewedProduct: 'a product',
            viewedCategory: 'a category',
            viewedPage: 'a page',
          }),
        },
        {
          type: 'optionalTest',
          key: 'target',
          label:
            c.action === 'viewedPage'
              ? 'URL'
              : c.action === 'viewedCategory'
                ? 'Category'
                : 'Product ID',
          valueType: 'text',
          suggest:
            c.action === 'viewedCategory'
              ? 'category'
              : c.action === 'viewedProduct'
                ? 'productId'
                : undefined,
        },
        count('Times'),
        period,
      ];
    case 'interest':
      return [
        { type: 'text', key: 'category', label: 'Category', suggest: 'category' },
        { type: 'number', key: 'minScore', label: 'Share of interest at least (0–1)' },
      ];
    case 'event':
      return [
        { type: 'text', key: 'eventType', label: 'Event', suggest: 'eventType' },
        { type: 'filters', key: 'filters', label: 'Where', name: 'property' },
        count('Times'),
        period,
      ];
    case 'eventOccurrence':
      return [
        { type: 'text', key: 'eventType', label: 'Event', suggest: 'eventType' },
        {
          type: 'select',
          key: 'which',
          label: 'Which',
          options: opts({ last: 'the last one', first: 'the first one' }),
        },
        { type: 'filters', key: 'filters', label: 'Where', name: 'property' },
        { type: 'test', key: 'test', label: 'Happened', valueType: 'date' },
      ];
    case 'survey':
      return [
        { type: 'optionalTest', key: 'survey', label: 'Survey', valueType: 'text' },
        { type: 'test', key: 'question', label: 'Question', valueType: 'text' },
        { type: 'test', key: 'answer', label: 'Answer', valueType: 'text' },
        period,
      ];
    case 'messages':
      return [
        { type: 'select', key: 'channel', label: 'Channel', options: CHANNELS },
        {
          type: 'select',
          key: 'outcome',
          label: 'That were',
          options: opts({
            received: 'received',
            delivered: 'delivered',
            opened: 'opened',
            clicked: 'clicked',
            bounced: 'bounced',
            failed: 'failed',
            unsubscribed: 'unsubscribed from',
          }),
        },
        { type: 'ref', key: 'campaignId', label: 'Of campaign (any when empty)', what: 'campaign' },
        { type: 'ref', key: 'mailingId', label: 'Of mailing (any when empty)', what: 'mailing' },
        count('How many'),
        period,
      ];
    case 'lastMessage':
      return [
        { type: 'select', key: 'channel', label: 'Channel', options: CHANNELS },
        { type: 'test', key: 'days', label: 'Days since', valueType: 'number' },
      ];
    case 'campaignEntries':
      return [
        { type: 'ref', key: 'campaignId', label: 'Campaign (any when empty)', what: 'campaign' },
        count('Times'),
        period,
      ];
    case 'segment':
      return [
        { type: 'member', key: 'member' },
        { type: 'ref', key: 'segmentId', label: 'Segment', what: 'segment' },
      ];
    case 'audience':
      return [
        { type: 'member', key: 'member' },
        { type: 'ref', key: 'audienceId', label: 'Audience', what: 'audience' },
      ];
    case 'randomBucket':
      return [
        { type: 'text', key: 'salt', label: 'Salt (another salt shuffles anew)', optional: true },
        { type: 'number', key: 'buckets', label: 'Buckets' },
        { type: 'number', key: 'from', label: 'From bucket' },
        { type: 'number', key: 'to', label: 'To bucket' },
      ];
    default:
      return [];
  }
}
