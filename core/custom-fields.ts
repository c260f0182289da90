// Custom fields an admin defines for customers, receipts and receipt lines, and the check every
// ingested value passes. Values are coerced where the intent is plain ("42" for a number, "true"
// for a boolean: CSV files carry only text), and anything else is a problem naming the field.
import { z } from 'zod';
import type { FieldProblem } from './errors.ts';

export const CustomFieldEntity = z.enum(['customer', 'receipt', 'receipt_line']);
export type CustomFieldEntity = z.infer<typeof CustomFieldEntity>;

export const CustomFieldType = z.enum(['text', 'number', 'date', 'boolean', 'list']);
export type CustomFieldType = z.infer<typeof CustomFieldType>;

export const CustomFieldDefinition = z
  .object({
    entity: CustomFieldEntity,
    key: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'start with a letter; use letters, digits and "_"'),
    label: z.string().max(200).optional(),
    type: CustomFieldType,
    /** For a list: the values allowed; leave out to allow any text values. */
    options: z.array(z.string().min(1).max(200)).min(1).max(500).optional(),
    /** A required field must be present whenever a record of this entity is created. */
    required: z.boolean().default(false),
  })
  .refine((d) => d.options === undefined || d.type === 'list', {
    message: 'only a list field takes options',
    path: ['options'],
  });
export type CustomFieldDefinition = z.infer<typeof CustomFieldDefinition>;

export const CustomField = z.object({
  id: z.uuid(),
  entity: CustomFieldEntity,
  key: z.string(),
  label: z.string().nullable(),
  type: CustomFieldType,
  options: z.array(z.string()).nullable(),
  required: z.boolean(),
  createdAt: z.string(),
});
export type CustomField = z.infer<typeof CustomField>;

type Checked = { value: unknown } | { problem: string };

const DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

function checkValue(field: Pick<CustomField, 'type' | 'options'>, v: unknown): Checked {
  switch (field.type) {
    case 'text':
      if (typeof v === 'string') return { value: v };
      if (typeof v === 'number' || typeof v === 'boolean') return { value: String(v) };
      return { problem: 'send text' };
    case 'number': {
      const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
      if (typeof n === 'number' && Number.isFinite(n)) return { value: n };
      return { problem: 'send a number such as 42 or 9.5' };
    }
    case 'boolean':
      if (typeof v === 'boolean') return { value: v };
      if (v === 'true' || v === 'false') return { value: v === 'true' };
      return { problem: 'send true or false' };
    case 'date':
      if (typeof v === 'string' && DATE.test(v) && !Number.isNaN(Date.parse(v)))
        return { value: v.length === 10 ? v : new Date(v).toISOString() };
      return { problem: 'send a date such as "2026-11-24" (or an ISO 8601 time)' };
    case 'list': {
      const items = typeof v === 'string' ? [v] : v;
      if (!Array.isArray(items) || !items.every((i) => typeof i === 'string'))
        return { problem: 'send a list of text values such as ["a", "b"]' };
      const unknown = field.options ? items.filter((i) => !field.options!.includes(i)) : [];
      if (unknown.length > 0)
        return {
          problem: `${unknown.map((u) => `"${u}"`).join(', ')} is not an option; use one of ${field.options!.map((o) => `"${o}"`).join(', ')}`,
        };
      return { value: items };
    }
  }
}

/**
 * Checks custom values against the entity's definitions. Keys nobody defined pass as sent (a
 * system may send extra data before an admin describes it); null clears a field. `creating`
 * adds the required-field check. Problems name `<prefix>custom.<key>`.
 */
export function checkCustomValues(
  fields: Pick<CustomField, 'key' | 'type' | 'options' | 'required'>[],
  values: Record<string, unknown> | undefined,
  prefix: string,
  creating: boolean,
): { values: Record<string, unknown> | undefined; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const out = values === undefined ? undefined : { ...values };
  for (const field of fields) {
    const name = `${prefix}custom.${field.key}`;
    const v = out?.[field.key];
    if (v === undefined || v === null) {
      if (creating && field.required)
        problems.push({ field: name, message: `${field.key} is required; send a ${field.type}` });
      continue;
    }
    const checked = checkValue(field, v);
    if ('problem' in checked) problems.push({ field: name, message: checked.problem });
    else out![field.key] = checked.value;
  }
  return { values: out, problems };
}

/** A receipt's custom values and its lines', as every load path hands them over. */
export interface ReceiptCustomValues {
  custom?: Record<string, unknown>;
  lines: { custom?: Record<string, unknown> }[];
}

/** A problem of line fields, once per field and fix: the lines (0-based) it was found on. */
export type LineProblem = FieldProblem & { lines: number[] };

/**
 * The one check of a receipt's custom values, used by the api, its batch and the CSV import
 * alike, so they accept and refuse the same receipts. A problem shared by many lines (a required
 * line field missing on all 21 lines) is one problem naming `lines.*.custom.<key>` with the
 * lines it was found on, not one per line.
 */
export function checkReceiptCustom(
  fields: Pick<CustomField, 'entity' | 'key' | 'type' | 'options' | 'required'>[],
  receipt: ReceiptCustomValues,
  creating: boolean,
): {
  custom: Record<string, unknown> | undefined;
  lines: (Record<string, unknown> | undefined)[];
  problems: FieldProblem[];
  lineProblems: LineProblem[];
} {
  const of = (entity: CustomFieldEntity) => fields.filter((f) => f.entity === entity);
  const head = checkCustomValues(of('receipt'), receipt.custom, '', creating);
  const lineFields = of('receipt_line');
  const grouped = new Map<string, LineProblem>();
  const lines = receipt.lines.map((line, i) => {
    const checked = checkCustomValues(lineFields, line.custom, 'lines.*.', creating);
    for (const p of checked.problems) {
      const key = `${p.field}\n${p.message}`;
      const group = grouped.get(key) ?? { ...p, lines: [] };
      group.lines.push(i);
      grouped.set(key, group);
    }
    return checked.values;
  });
  return {
    custom: head.values,
    lines,
    problems: head.problems,
    lineProblems: [...grouped.values()],
  };
}

/** "lines 0, 1, 2, 3, 4 and 16 more" (or rows): the first few places a problem was found. */
export function placesOf(what: string, places: number[]): string {
  const shown = places.slice(0, 5).join(', ');
  const more = places.length > 5 ? ` and ${places.length - 5} more` : '';
  return `${places.length === 1 ? what.replace(/s$/, '') : what} ${shown}${more}`;
}
