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
