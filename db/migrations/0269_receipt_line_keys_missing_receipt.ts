// A line naming a receipt that does not exist failed on the lines' new NOT NULL columns (the
// trigger of migration 0266 found no receipt to copy from), before the foreign key could say
// what is wrong. The trigger now answers as the foreign key does (23503, naming the receipt).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`create or replace function receipt_lines_fill_purchase() returns trigger
    language plpgsql as $$
    begin
      select r.customer_id, r.occurred_at, r.kind into new.customer_id, new.occurred_at, new.kind
        from receipts r where r.id = new.receipt_id;
      if not found then
        raise foreign_key_violation using
          message = format('receipt %s of a receipt line does not exist', new.receipt_id),
          table = 'receipt_lines', constraint = 'receipt_lines_receipt_id_foreign';
      end if;
      return new;
    end $$`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`create or replace function receipt_lines_fill_purchase() returns trigger
    language plpgsql as $$
    begin
      select r.customer_id, r.occurred_at, r.kind into new.customer_id, new.occurred_at, new.kind
        from receipts r where r.id = new.receipt_id;
      return new;
    end $$`);
}
