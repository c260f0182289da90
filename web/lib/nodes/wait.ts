// The wait nodes on the canvas (core/nodes/wait.ts holds their schemas).
import type { WaitNode } from '../../../core/graph.ts';
import { durationFields, eventMatchFields, windowFields } from '../fields.ts';
import { calendar, circle, dateText, durationText, type SpecRegistry } from './kind.ts';

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** "Mon–Fri 09:00–20:00": consecutive days as a range, others listed. */
export function windowText(w: { days?: number[]; from: string; to: string }): string {
  const days = [...(w.days ?? [])].sort((a, b) => a - b);
  const consecutive = days.every((d, i) => i === 0 || d === days[i - 1]! + 1);
  const dayText =
    days.length === 0 || days.length === 7
      ? ''
      : consecutive && days.length > 2
        ? `${DAY_NAMES[days[0]! - 1]}–${DAY_NAMES[days[days.length - 1]! - 1]} `
        : `${days.map((d) => DAY_NAMES[d - 1]).join(', ')} `;
  return `${dayText}${w.from}–${w.to}`;
}

export const waitKinds = {
  delay: {
    label: 'Wait',
    hint: 'Waits a fixed time',
    group: 'Wait',
    colour: '#d97706',
    icon: [circle(12, 12, 9), 'M12 7v5l3 2'],
    hasInput: true,
    defaults: () => ({ duration: { amount: 1, unit: 'hours' } }),
    fields: durationFields('duration', 'Wait for'),
    summary: (node) => `wait ${durationText(node.duration)}`,
  },
  waitForEvent: {
    label: 'Wait for event',
    hint: 'Waits for an event, up to a timeout: leaves by "event" or "timeout"',
    group: 'Wait',
    colour: '#db2777',
    icon: ['M5 3h14M5 21h14', 'M7 3c0 5 10 5 10 9s-10 4-10 9M17 3c0 5-10 5-10 9'],
    hasInput: true,
    defaults: () => ({ eventType: '', filters: [], timeout: { amount: 1, unit: 'days' } }),
    fields: [...eventMatchFields(''), ...durationFields('timeout', 'Give up after')],
    summary(node) {
      const filters =
        node.filters.length > 0
          ? ` (${node.filters.length} filter${node.filters.length > 1 ? 's' : ''})`
          : '';
      return `wait up to ${durationText(node.timeout)} for ${node.eventType}${filters}`;
    },
  },
  waitUntilWindow: {
    label: 'Wait for window',
    hint: "Waits until a time window opens in the customer's time zone",
    group: 'Wait',
    colour: '#d97706',
    icon: [
      'M5 5h14a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V7a2 2 0 0 1 2-2z',
      'M3 10h18M8 3v4M16 3v4M12 13v3l2 1',
    ],
    hasInput: true,
    defaults: () => ({ window: { days: [1, 2, 3, 4, 5], from: '09:00', to: '20:00' } }),
    fields: windowFields('window'),
    summary: (node) => `wait until ${windowText(node.window)} local time`,
  },
  delayUntil: {
    label: 'Wait until',
    hint: 'Waits until a date and time; one already past lets the journey through',
    group: 'Wait',
    colour: '#d97706',
    icon: [...calendar, 'M9 15l2 2 4-4'],
    hasInput: true,
    defaults: () => ({ until: '' }),
    fields: [{ type: 'datetime', path: 'until', label: 'Until' }],
    summary: (node) => `wait until ${node.until}`,
  },
  delayUntilAttribute: {
    label: 'Wait until date',
    hint: 'Waits until a date of the profile plus days, at a local time: "missing" when there is none',
    group: 'Wait',
    colour: '#d97706',
    icon: [...calendar, 'M8 14h.01M12 14h.01M16 14h.01'],
    hasInput: true,
    defaults: () => ({ attribute: '', offsetDays: 0, time: '10:00' }),
    fields: [
      { type: 'text', path: 'attribute', label: 'Date attribute', placeholder: 'custom.renewsOn' },
      { type: 'number', path: 'offsetDays', label: 'Days after (negative: before)' },
      { type: 'text', path: 'time', label: 'At local time', placeholder: '10:00' },
    ],
    summary: (node) => `wait until ${dateText(node)}`,
  },
} satisfies SpecRegistry<WaitNode['kind']>;
