// The one registry of node kinds for the canvas: how each kind is named, grouped in the palette,
// coloured, drawn, created and edited. Adding a kind to core/graph.ts means adding an entry
// here (the `satisfies` below and node-kinds.test.ts fail until it exists); the node component,
// palette, side panel and minimap all read from this table.
import type { GraphNode, NodeKind } from '../../core/graph.ts';
import type { Field } from './fields.ts';
import { durationFields, eventMatchFields, operatorOptions, windowFields } from './fields.ts';

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
}

const circle = (cx: number, cy: number, r: number) =>
  `M${cx - r} ${cy}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0`;

type Registry = { [K in NodeKind]: KindSpec<K> };

export const nodeKinds = {
  trigger: {
    label: 'Trigger',
    hint: 'Starts a journey when the customer does something',
    group: 'Start',
    colour: '#7c3aed',
    icon: ['M13 2 4 14h7l-1 8 9-12h-7z'],
    hasInput: false,
    defaults: () => ({ eventType: '' }),
    fields: [{ type: 'text', path: 'eventType', label: 'Event type', placeholder: 'cart_updated' }],
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
  condition: {
    label: 'Condition',
    hint: 'Tests the profile or what the customer did: leaves by "yes" or "no"',
    group: 'Decide',
    colour: '#0284c7',
    icon: ['M12 3 21 12 12 21 3 12z'],
    hasInput: true,
    defaults: () => ({ rule: { kind: 'attribute', attribute: '', operator: 'equals', value: '' } }),
    fields: [
      {
        type: 'select',
        path: 'rule.kind',
        label: 'Test',
        options: [
          { value: 'attribute', label: 'a profile attribute' },
          { value: 'eventSinceEntry', label: 'an event since entering' },
        ],
      },
      {
        type: 'text',
        path: 'rule.attribute',
        label: 'Attribute',
        placeholder: 'city or custom.tier',
        when: (n) => ruleKind(n) === 'attribute',
      },
      {
        type: 'select',
        path: 'rule.operator',
        label: 'Operator',
        options: operatorOptions,
        when: (n) => ruleKind(n) === 'attribute',
      },
      {
        type: 'scalar',
        path: 'rule.value',
        label: 'Value',
        when: (n) => ruleKind(n) === 'attribute',
      },
      {
        type: 'text',
        path: 'rule.eventType',
        label: 'Event type',
        placeholder: 'purchase',
        when: (n) => ruleKind(n) === 'eventSinceEntry',
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

function ruleKind(node: Record<string, unknown>): unknown {
  return (node.rule as { kind?: unknown } | undefined)?.kind;
}

export function kindSpec(kind: string): KindSpec | undefined {
  return (nodeKinds as Record<string, KindSpec>)[kind];
}

/** A new node of a kind with an id no other node has: "delay", "delay-2", "delay-3"... */
export function newNode(kind: NodeKind, taken: ReadonlySet<string>): GraphNode {
  let id: string = kind;
  for (let i = 2; taken.has(id); i++) id = `${kind}-${i}`;
  return { id, kind, ...nodeKinds[kind].defaults() } as GraphNode;
}
