// The one registry of node kinds for the canvas: how each kind is named, grouped in the palette,
// coloured, drawn, created and edited. Adding a kind to core/graph.ts means adding an entry
// here (the `satisfies` below and node-kinds.test.ts fail until it exists); the node component,
// palette, side panel and minimap all read from this table.
import type { GraphNode, NodeKind } from '../../core/graph.ts';
import type { Field } from './fields.ts';
import {
  channelOptions,
  durationFields,
  eventMatchFields,
  newProfileAction,
  newRule,
  profileActionFields,
  ruleFields,
  windowFields,
} from './fields.ts';

export type PaletteGroup = 'Start' | 'Wait' | 'Decide' | 'Act' | 'Finish';
export const paletteGroups: PaletteGroup[] = ['Start', 'Wait', 'Decide', 'Act', 'Finish'];

/** A node as first dropped: every field present so the form has something to edit. */
type Defaults<K extends NodeKind> = Omit<Extract<GraphNode, { kind: K }>, 'id' | 'kind'>;

export interface KindSpec<K extends NodeKind = NodeKind> {
  label: string;
  /** One line for the palette's tooltip: what the step does. */
  hint: string;
  group: PaletteGroup;
  /** Card and minimap colour; keep the .step-* colours in globals.css in step. */
  colour: string;
  /** Line icon on a 24×24 grid: SVG path data, drawn with currentColor. */
  icon: string[];
  /** Whether a journey can arrive here (false only for triggers). */
  hasInput: boolean;
  defaults: () => Defaults<K>;
  fields: Field[];
  /**
   * Settles what the form left half-made after each edit: drops an optional group the marketer
   * emptied, fills in the parts a group needs once started (a timeout's unit).
   */
  tidy?: (node: Obj) => Obj;
}

type Obj = Record<string, unknown>;

const circle = (cx: number, cy: number, r: number) =>
  `M${cx - r} ${cy}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0`;

const calendar = [
  'M5 5h14a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V7a2 2 0 0 1 2-2z',
  'M3 10h18M8 3v4M16 3v4',
];

/** Drops an optional object whose key field was cleared, or completes it once started. */
const settle =
  (key: string, field: string, complete: (value: Obj) => Obj) =>
  (node: Obj): Obj => {
    const value = node[key] as Obj | undefined;
    if (!value) return node;
    if (value[field] === undefined || value[field] === '') {
      const { [key]: _dropped, ...rest } = node;
      return rest;
    }
    return { ...node, [key]: complete(value) };
  };

type Registry = { [K in NodeKind]: KindSpec<K> };

export const nodeKinds = {
  trigger: {
    label: 'Trigger',
    hint: 'Starts a journey when the customer does something; or, with "unless", when they then do not',
    group: 'Start',
    colour: '#7c3aed',
    icon: ['M13 2 4 14h7l-1 8 9-12h-7z'],
    hasInput: false,
    defaults: () => ({ eventType: '' }),
    fields: [
      { type: 'text', path: 'eventType', label: 'Event type', placeholder: 'cart_updated' },
      ...eventMatchFields('').filter((f) => f.path === 'filters'),
      {
        type: 'text',
        path: 'unlessWithin.eventType',
        label: 'Unless this event follows (abandonment)',
        placeholder: 'purchase',
      },
      ...durationFields('unlessWithin.within', 'Within'),
    ],
    tidy: settle('unlessWithin', 'eventType', (u) => ({
      filters: [],
      within: { amount: 1, unit: 'hours' },
      ...u,
    })),
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
      { type: 'text', path: 'segmentId', label: 'Segment ID (empty: every customer)' },
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
      { type: 'text', path: 'segmentId', label: 'Only in segment (ID)' },
    ],
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
      { type: 'text', path: 'eventType', label: 'Has not done', placeholder: 'purchase' },
      { type: 'number', path: 'days', label: 'For days' },
    ],
  },
  delay: {
    label: 'Wait',
    hint: 'Waits a fixed time',
    group: 'Wait',
    colour: '#d97706',
    icon: [circle(12, 12, 9), 'M12 7v5l3 2'],
    hasInput: true,
    defaults: () => ({ duration: { amount: 1, unit: 'hours' } }),
    fields: durationFields('duration', 'Wait for'),
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
  },
  condition: {
    label: 'Condition',
    hint: 'Tests the profile, an event, a segment, a message or a subscription: leaves by "yes" or "no"',
    group: 'Decide',
    colour: '#0284c7',
    icon: ['M12 3 21 12 12 21 3 12z'],
    hasInput: true,
    defaults: () => ({ rule: newRule() }),
    fields: ruleFields('rule'),
  },
  branch: {
    label: 'Branch',
    hint: 'Several exits: the first branch whose rules all hold, else "else"',
    group: 'Decide',
    colour: '#0284c7',
    icon: [circle(6, 6, 2), circle(6, 18, 2), circle(18, 8, 2), 'M6 8v8M18 10a8 8 0 0 1-10 7'],
    hasInput: true,
    defaults: () => ({ branches: [{ name: 'first', rules: [newRule()] }] }),
    fields: [
      {
        type: 'list',
        path: 'branches',
        label: 'Branches, in order',
        addLabel: 'Add branch',
        newItem: (i) => ({ name: `branch${i + 1}`, rules: [newRule()] }),
        item: [
          { type: 'text', path: 'name', label: 'Exit name' },
          {
            type: 'list',
            path: 'rules',
            label: 'All of',
            addLabel: 'Add rule',
            newItem: () => newRule(),
            item: ruleFields(''),
          },
        ],
      },
    ],
  },
  split: {
    label: 'A/B split',
    hint: 'Sends each customer down one variant by weight, or to the control group',
    group: 'Decide',
    colour: '#4f46e5',
    icon: ['M12 21v-7M12 14 5 5M12 14l7-9M5 5h3M5 5v3M19 5h-3M19 5v3'],
    hasInput: true,
    defaults: () => ({
      variants: [
        { name: 'A', weight: 50 },
        { name: 'B', weight: 50 },
      ],
      controlWeight: 0,
    }),
    fields: [
      {
        type: 'list',
        path: 'variants',
        label: 'Variants',
        addLabel: 'Add variant',
        newItem: (i) => ({ name: String.fromCharCode(65 + i), weight: 50 }),
        item: [
          { type: 'text', path: 'name', label: 'Name' },
          { type: 'number', path: 'weight', label: 'Weight' },
        ],
      },
      { type: 'number', path: 'controlWeight', label: 'Control group weight (sent nothing)' },
    ],
  },
  sendEmail: {
    label: 'Email',
    hint: 'Sends an email template once',
    group: 'Act',
    colour: '#059669',
    icon: [
      'M5 5h14a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V7a2 2 0 0 1 2-2z',
      'm3 7 9 6 9-6',
    ],
    hasInput: true,
    defaults: () => ({ templateId: '' }),
    fields: [{ type: 'template', path: 'templateId', label: 'Template' }],
  },
  sendMessage: {
    label: 'Message',
    hint: 'Sends on the first channel that reaches the customer: leaves by "sent" or "undelivered"',
    group: 'Act',
    colour: '#059669',
    icon: ['M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z'],
    hasInput: true,
    defaults: () => ({ channels: [{ channel: 'push', templateId: '' }], messagingType: 'promo' }),
    fields: [
      {
        type: 'list',
        path: 'channels',
        label: 'Try in order',
        addLabel: 'Add fallback channel',
        newItem: () => ({ channel: 'email', templateId: '' }),
        item: [
          { type: 'select', path: 'channel', label: 'Channel', options: channelOptions },
          { type: 'template', path: 'templateId', label: 'Template' },
        ],
      },
      { type: 'text', path: 'sender', label: "Sender (empty: the gateway's)" },
      { type: 'text', path: 'messagingType', label: 'Messaging type', placeholder: 'promo' },
    ],
  },
  updateProfile: {
    label: 'Update profile',
    hint: 'Sets attributes, tags, audiences or points on the customer',
    group: 'Act',
    colour: '#0d9488',
    icon: [circle(9, 7, 4), 'M3 21v-2a4 4 0 0 1 4-4h4', 'M16.5 13.5l3 3L14 22h-3v-3z'],
    hasInput: true,
    defaults: () => ({ actions: [newProfileAction()] }),
    fields: [
      {
        type: 'list',
        path: 'actions',
        label: 'Changes',
        addLabel: 'Add change',
        newItem: newProfileAction,
        item: profileActionFields,
      },
    ],
  },
  httpCall: {
    label: 'HTTP call',
    hint: 'Calls another system (Liquid in URL, headers, body): leaves by "success" or "failure"',
    group: 'Act',
    colour: '#475569',
    icon: [circle(12, 12, 9), 'M3 12h18M12 3a15 15 0 0 1 0 18M12 3a15 15 0 0 0 0 18'],
    hasInput: true,
    defaults: () => ({ method: 'POST', url: '' }),
    fields: [
      {
        type: 'select',
        path: 'method',
        label: 'Method',
        options: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => ({ value: m, label: m })),
      },
      { type: 'text', path: 'url', label: 'URL', placeholder: 'https://crm.example.com/hooks' },
      { type: 'record', path: 'headers', label: 'Headers' },
      {
        type: 'textarea',
        path: 'body',
        label: 'Body',
        placeholder: '{"email": "{{ customer.email }}"}',
      },
      ...durationFields('timeout', 'Give up after'),
    ],
    tidy: settle('timeout', 'amount', (t) => ({ unit: 'seconds', ...t })),
  },
  goto: {
    label: 'Go to',
    hint: 'Jumps to another step: draws a loop (which needs a wait in it)',
    group: 'Finish',
    colour: '#0d9488',
    icon: ['M20 7H9a5 5 0 0 0 0 10h4M16 3l4 4-4 4'],
    hasInput: true,
    defaults: () => ({ target: '' }),
    fields: [{ type: 'node', path: 'target', label: 'Go to step' }],
  },
  exit: {
    label: 'Exit',
    hint: 'Ends the journey',
    group: 'Finish',
    colour: '#64748b',
    icon: [circle(12, 12, 9), 'M9 9h6v6H9z'],
    hasInput: true,
    defaults: () => ({}),
    fields: [],
  },
} satisfies Registry;

export function kindSpec(kind: string): KindSpec | undefined {
  return (nodeKinds as Record<string, KindSpec>)[kind];
}

/** A new node of a kind with an id no other node has: "delay", "delay-2", "delay-3"... */
export function newNode(kind: NodeKind, taken: ReadonlySet<string>): GraphNode {
  let id: string = kind;
  for (let i = 2; taken.has(id); i++) id = `${kind}-${i}`;
  return { id, kind, ...nodeKinds[kind].defaults() } as GraphNode;
}
