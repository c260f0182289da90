// Creating or updating a customer by external ID, as events and imports name them: one statement
// in the usual cases (new, or known and unchanged), a locked transaction for a real change.
import type { Knex } from 'knex';
import type { CustomerAttributes } from '../core/customer.ts';
import type { Db } from './connection.ts';
import {
  type CustomerRow,
  type Derived,
  derive,
  diffProfiles,
  type ProfileChanges,
  syncContacts,
  toCustomer,
  toRow,
} from './customers.ts';
import { validateCustom } from './custom-fields.ts';

/**
 * Creates the customer with this external ID, or updates only the attributes given, telling
 * whether it created the customer and what changed. Custom fields are merged key by key, so a
 * partial update never drops other fields.
 */
export async function upsertCustomerWithChanges(
  db: Db | Knex.Transaction,
  externalId: string,
  attrs: CustomerAttributes,
): Promise<{ row: CustomerRow; created: boolean; changes: ProfileChanges | null }> {
  if (attrs.custom !== undefined)
    attrs = {
      ...attrs,
      custom: await validateCustom(db, 'customer', attrs.custom, { creating: false }),
    };
  const row = toRow(attrs);
  // Most events name a customer who is new, or who is known and whose attributes they repeat:
  // one statement settles both, and only a real change takes the locked transaction below.
  const found = await insertOrFind(db, externalId, row);
  if (found?.created) return { row: found.row, created: true, changes: null };
  // What this request alone tells is written with it, so the usual upsert is one statement;
  // what needs the stored profile too (a locale sent earlier) is settled below.
  const { columns: sent } = derive(row);
  if (attrs.email !== undefined)
    Object.assign(row, { email: sent.email, email_provider: sent.email_provider });
  if (attrs.phone !== undefined)
    Object.assign(row, {
      phone: sent.phone,
      phone_country: sent.phone_country,
      phone_type: sent.phone_type,
      phone_carrier: sent.phone_carrier,
    });
  if (found && repeats(found.row, row, attrs.custom))
    return { row: found.row, created: false, changes: null };
  const updates: Record<string, unknown> = { ...row, updated_at: db.fn.now() };
  if (row.custom !== undefined) updates.custom = db.raw('customers.custom || excluded.custom');
  // One transaction: the upsert's row lock keeps a concurrent upsert of the same customer
  // from interleaving with the second pass.
  return db.transaction(async (trx) => {
    // Read under lock only when something may change: the diff needs the profile as it was.
    const before =
      Object.keys(row).length === 0
        ? undefined
        : await trx('customers')
            .where({ external_id: externalId })
            .forUpdate()
            .first<CustomerRow | undefined>();
    const query = trx('customers')
      .insert({ ...row, external_id: externalId })
      .onConflict('external_id');
    // With nothing to change, still return the row: "merge" with only updated_at would touch it.
    let [result] = await (
      Object.keys(row).length === 0
        ? query.merge({ external_id: trx.raw('customers.external_id') })
        : query.merge(updates)
    ).returning<CustomerRow[]>('*');
    const { columns: full, contacts } = derive(result!);
    const changed = Object.fromEntries(
      Object.entries(full).filter(([k, v]) => result![k as keyof Derived] !== v),
    );
    if (Object.keys(changed).length > 0)
      [result] = await trx('customers')
        .where({ id: result!.id })
        .update({ ...changed, updated_at: trx.fn.now() })
        .returning<CustomerRow[]>('*');
    await syncContacts(trx, result!.id, contacts);
    return {
      row: result!,
      created: before === undefined,
      changes: before ? diffProfiles(before, result!) : null,
    };
  });
}

/**
 * Creates the customer with their derived columns and contacts if the external ID is new, or
 * reads the stored customer (unlocked), in one statement. Undefined when neither happened: a
 * concurrent request is creating the customer (the upsert after it settles that).
 */
async function insertOrFind(
  db: Db | Knex.Transaction,
  externalId: string,
  row: Partial<CustomerRow>,
): Promise<{ row: CustomerRow; created: boolean } | undefined> {
  const { columns: derived, contacts } = derive(row);
  const insert = db('customers')
    .insert({ ...row, ...derived, external_id: externalId })
    .onConflict('external_id')
    .ignore()
    .returning('*')
    .toSQL();
  const { rows } = await db.raw<{ rows: (CustomerRow & { created: boolean })[] }>(
    `with made as (${insert.sql}),
     contacts_made as (
       insert into contacts (customer_id, channel, address, is_valid, carrier)
       select made.id, c.channel, c.address, c.is_valid, c.carrier
       from made cross join jsonb_to_recordset(?::jsonb)
         as c(channel text, address text, is_valid boolean, carrier text)
     )
     select made.*, true as created from made
     union all
     select customers.*, false from customers
     where external_id = ? and not exists (select 1 from made)`,
    [...insert.bindings, JSON.stringify(contacts), externalId],
  );
  if (!rows[0]) return undefined;
  const { created, ...customer } = rows[0];
  return { row: customer, created };
}

/** Whether the attributes sent (normalised as stored) are the ones the customer has already. */
function repeats(
  stored: CustomerRow,
  row: Partial<CustomerRow>,
  custom: Record<string, unknown> | undefined,
): boolean {
  const after: CustomerRow = { ...stored, ...row, custom: { ...stored.custom, ...custom } };
  const shape = (r: CustomerRow) => JSON.stringify({ ...toCustomer(r), updatedAt: null });
  return shape(after) === shape(stored);
}
