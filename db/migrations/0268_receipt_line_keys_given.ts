// The code paths that write receipt lines (db/receipts.ts, db/import-receipts.ts) give each line
// its receipt's customer, time and kind, which they hold already; the trigger of migration 0266
// then only fills a line written without them (a bulk SQL load, another writer), instead of
// looking up the receipt of every line (a plpgsql call and an index probe: about a third more
// per line in a bulk insert of 50,000 lines on the segments benchmark's database). A line moved
// to another receipt still takes that receipt's values.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`drop trigger if exists receipt_lines_fill_purchase on receipt_lines;
    create trigger receipt_lines_fill_purchase before insert on receipt_lines for each row
      when (new.customer_id is null or new.occurred_at is null or new.kind is null)
      execute function receipt_lines_fill_purchase();
    create trigger receipt_lines_move_purchase before update of receipt_id on receipt_lines
      for each row when (new.receipt_id is distinct from old.receipt_id)
      execute function receipt_lines_fill_purchase();`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`drop trigger if exists receipt_lines_move_purchase on receipt_lines;
    drop trigger if exists receipt_lines_fill_purchase on receipt_lines;
    create trigger receipt_lines_fill_purchase before insert or update of receipt_id
      on receipt_lines for each row execute function receipt_lines_fill_purchase();`);
}
