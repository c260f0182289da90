// What the canvas knows of each node kind: how it is named, grouped in the palette, coloured,
// drawn, summed up on its card, created and edited. One family module per palette group (start,
// wait, decide, act, finish), beside core/nodes/ and workflows/nodes/ which hold the same kinds'
// schemas and interpretation; nodes/index.ts joins them into one registry over every kind.
import type { Duration, GraphNode, NodeKind, NodeOf } from '../../../core/graph.ts';
import type { Field } from '../fields.ts';

export type PaletteGroup = 'Start' | 'Wait' | 'Decide' | 'Act' | 'Finish';

/** A node as first dropped: every field present so the form has something to edit. */
type Defaults<K extends NodeKind> = Omit<NodeOf<GraphNode, K>, 'id' | 'kind'>;

export type Obj = Record<string, unknown>;

export interface KindSpec<K extends NodeKind = NodeKind> {
  label: string;
  /** One line for the palette's tooltip: what the step does. */
  hint: string;
  group: PaletteGroup;
  /** Card and minimap colour, set on the card as --kind. */
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
  /**
   * One line on the card saying what the step does, e.g. "wait 2 hours". A method, so that the
   * spec of one kind stands in the registry of all kinds.
   */
  summary(node: NodeOf<GraphNode, K>): string;
}

/** The specs of every kind of a family (or of the whole graph): a missing kind is a type error. */
export type SpecRegistry<K extends NodeKind> = { [P in K]: KindSpec<P> };

export const circle = (cx: number, cy: number, r: number) =>
  `M${cx - r} ${cy}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0`;

export const calendar = [
  'M5 5h14a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V7a2 2 0 0 1 2-2z',
  'M3 10h18M8 3v4M16 3v4',
];

/** Drops an optional object whose key field was cleared, or completes it once started. */
export const settle =
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

/** Drops the plural "s" for one unit: "1 hour", "2 hours". */
export function durationText({ amount, unit }: Duration): string {
  return `${amount} ${amount === 1 ? unit.replace(/s$/, '') : unit}`;
}

/** A profile date with its offset and time: "custom.renewsOn -3 days at 10:00". */
/** An ISO instant in a card's few words: "2026-12-13 07:32 UTC" (other forms as they are). */
export function instantText(iso: string): string {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)(?::\d\d(?:\.\d+)?)?Z$/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

export function dateText(d: { attribute: string; offsetDays: number; time: string }): string {
  const offset = d.offsetDays ? ` ${d.offsetDays > 0 ? '+' : ''}${d.offsetDays} days` : '';
  return `${d.attribute}${offset} at ${d.time}`;
}
