// Custom field definitions, and the check of ingested values against them.
import type { Knex } from 'knex';
import {
  checkCustomValues,
  type CustomField,
  type CustomFieldDefinition,
  type CustomFieldEntity,
} from '../core/custom-fields.ts';
import { badRequest, conflict, type FieldProblem } from '../core/errors.ts';
import type { Db } from './connection.ts';

interface CustomFieldRow {
  id: string;
  entity: CustomFieldEntity;
  key: string;
  label: string | null;
  type: CustomField['type'];
  options: string[] | null;
  required: boolean;
  created_at: Date;
}

const toField = (r: CustomFieldRow): CustomField => ({
  id: r.id,
  entity: r.entity,
  key: r.key,
  label: r.label,
  type: r.type,
  options: r.options,
  required: r.required,
  createdAt: r.created_at.toISOString(),
});

export async function listCustomFields(
  db: Db | Knex.Transaction,
  entity?: CustomFieldEntity,
): Promise<CustomField[]> {
  const q = db('custom_fields').orderBy(['entity', 'key']);
  if (entity) void q.where({ entity });
  return (await q.select<CustomFieldRow[]>('*')).map(toField);
}

export async function createCustomField(db: Db, d: CustomFieldDefinition): Promise<CustomField> {
  const [row] = await db('custom_fields')
    .insert({
      entity: d.entity,
      key: d.key,
      label: d.label ?? null,
      type: d.type,
      options: d.options ?? null,
      required: d.required,
    })
    .onConflict(['entity', 'key'])
    .ignore()
    .returning<CustomFieldRow[]>('*');
  if (!row)
    throw conflict(
      `A ${d.entity} field "${d.key}" exists; delete it first (DELETE /v1/custom-fields/{id}) to redefine it`,
    );
  return toField(row);
}

export async function deleteCustomField(db: Db, id: string): Promise<boolean> {
  return (await db('custom_fields').where({ id }).delete()) > 0;
}

/**
 * Checks (and coerces) custom values for one record of an entity; throws a 400 naming every
 * field at fault. Reads the definitions only when there is something to check, so the many
 * events that carry no custom data cost no query.
 */
export async function validateCustom(
  db: Db | Knex.Transaction,
  entity: CustomFieldEntity,
  values: Record<string, unknown> | undefined,
  opts: { prefix?: string; creating: boolean },
): Promise<Record<string, unknown> | undefined> {
  if (!opts.creating && (values === undefined || Object.keys(values).length === 0)) return values;
  const fields = await listCustomFields(db, entity);
  const { values: checked, problems } = checkCustomValues(
    fields,
    values,
    opts.prefix ?? '',
    opts.creating,
  );
  throwProblems(problems);
  return checked;
}

export function throwProblems(problems: FieldProblem[]): void {
  if (problems.length > 0)
    throw badRequest(
      `Custom fields are invalid: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
      problems,
    );
}
