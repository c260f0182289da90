// The triggers on the canvas: the ways into a campaign (core/nodes/start.ts holds their schemas).
import type { TriggerKind } from '../../../core/graph.ts';
import { durationFields, eventMatchFields } from '../fields.ts';
import {
  calendar,
  dateText,
  durationText,
  instantText,
  type Obj,
  settle,
  type SpecRegistry,
} from './kind.ts';

const EVERY: Record<string, string> = { daily: 'day', weekly: 'week', monthly: 'month' };

/**
 * " of <segment>" for a segment_entered / segment_exited trigger filtered to one segment (the
 * card puts the segment's name in the ID's place).
 */
function segmentFilter(filters: readonly { property: string; value?: unknown }[] | undefined) {
  const f = filters?.find((x) => x.property === 'segmentId' && typeof x.value === 'string');
  return f ? ` of ${String(f.value)}` : '';
}

export const startKinds = {
  trigger: {
    label: 'Trigger',
    hint: 'Starts a journey when the customer does something; or, with "unless", when they then do not',
    group: 'Start',
    colour: '#7c3aed',
    icon: ['M13 2 4 14h7l-1 8 9-12h-7z'],
    hasInput: false,
    defaults: () => ({ eventType: '' }),
    fields: [
      {
        type: 'text',
        path: 'eventType',
        label: 'Event type',
        placeholder: 'cart_updated',
        suggest: 'eventType',
      },
      ...eventMatchFields('').filter((f) => f.path === 'filters'),
      {
        type: 'text',
        path: 'unlessWithin.eventType',
        label: 'Unless this event follows (abandonment)',
        placeholder: 'purchase',
        suggest: 'eventType',
      },
      ...durationFields('unlessWithin.within', 'Within'),
    ],
    tidy: settle('unlessWithin', 'eventType', (u) => ({
      filters: [],
      within: { amount: 1, unit: 'hours' },
      ...u,
    })),
    summary: (node) =>
      node.unlessWithin
        ? `when ${node.eventType} is not followed by ${node.unlessWithin.eventType} within ${durationText(node.unlessWithin.within)}`
        : `when ${node.eventType}${segmentFilter(node.filters)} happens`,
  },
  scheduleTrigger: {
    label: 'Scheduled',
    hint: 'Enters everyone in a segment (or every customer) at a date, or on a recurring schedule',
    group: 'Start',
    colour: '#7c3aed',
    icon: [...calendar, 'M13 12l-2 3h3l-2 3'],
    hasInput: false,
    defaults: () => ({ at: undefined }),
    fields: [
      {
        type: 'named',
        what: 'segmentOrAudience',
        path: 'segmentId',
        label: 'Segment or audience (empty: every customer)',
      },
      { type: 'datetime', path: 'at', label: 'Once, at' },
      {
        type: 'select',
        path: 'every.frequency',
        label: 'Or every',
        optional: true,
        options: ['daily', 'weekly', 'monthly'].map((f) => ({ value: f, label: f })),
      },
      {
        type: 'text',
        path: 'every.time',
        label: 'At',
        placeholder: '09:00',
        when: (n) => !!n.every,
      },
      {
        type: 'days',
        path: 'every.days',
        label: 'On',
        when: (n) => (n.every as Obj | undefined)?.frequency === 'weekly',
      },
      {
        type: 'numberList',
        path: 'every.days',
        label: 'On days of the month',
        when: (n) => (n.every as Obj | undefined)?.frequency === 'monthly',
      },
      { type: 'text', path: 'timeZone', label: 'Time zone', placeholder: 'Europe/Paris' },
    ],
    tidy: settle('every', 'frequency', (e) => ({ time: '09:00', ...e })),
    summary: (node) =>
      (node.at
        ? `start at ${instantText(node.at)}`
        : `every ${EVERY[node.every?.frequency ?? ''] ?? '?'} at ${node.every?.time ?? '?'}`) +
      (node.segmentId ? ` for ${node.segmentId}` : ''),
  },
  dateTrigger: {
    label: 'Date trigger',
    hint: 'Enters each customer on a date of their profile (a birthday, a renewal) in their time zone',
    group: 'Start',
    colour: '#7c3aed',
    icon: [
      'M4 11h16v10H4z',
      'M2 7h20v4H2z',
      'M12 7v14',
      'M12 7S10 3 7.5 3a2 2 0 0 0 0 4M12 7s2-4 4.5-4a2 2 0 0 1 0 4',
    ],
    hasInput: false,
    defaults: () => ({ attribute: 'birthDate', offsetDays: 0, time: '10:00', yearly: true }),
    fields: [
      { type: 'text', path: 'attribute', label: 'Date attribute', placeholder: 'birthDate' },
      { type: 'number', path: 'offsetDays', label: 'Days after (negative: before)' },
      { type: 'text', path: 'time', label: 'At local time', placeholder: '10:00' },
      { type: 'checkbox', path: 'yearly', label: 'Every year', initial: true },
      {
        type: 'named',
        what: 'segmentOrAudience',
        path: 'segmentId',
        label: 'Only in segment or audience',
      },
    ],
    summary: (node) => `on ${dateText(node)}${node.segmentId ? ` in ${node.segmentId}` : ''}`,
  },
  inactivityTrigger: {
    label: 'Inactivity',
    hint: 'Enters customers who have not done something (bought) for a number of days',
    group: 'Start',
    colour: '#7c3aed',
    icon: ['M21 12.8A9 9 0 1 1 11.2 3 7 7 0 0 0 21 12.8z'],
    hasInput: false,
    defaults: () => ({ days: 30, eventType: 'purchase' }),
    fields: [
      {
        type: 'text',
        path: 'eventType',
        label: 'Has not done',
        placeholder: 'purchase',
        suggest: 'eventType',
      },
      { type: 'number', path: 'days', label: 'For days' },
    ],
    summary: (node) => `when no ${node.eventType} for ${node.days} days`,
  },
} satisfies SpecRegistry<TriggerKind>;
