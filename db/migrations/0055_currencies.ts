// Currencies: one account currency, exchange rates by date, and receipts that keep what was sent.
// Every amount column metrics and points read (receipts.total, receipt_lines.price and .amount)
// holds the account currency; original_* columns keep the amounts and currency as sent.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // One row: the account's settings (a boolean key that can only be true).
  await knex.schema.createTable('account_settings', (t) => {
    t.boolean('id').primary().defaultTo(true);
    t.text('currency').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('alter table account_settings add constraint account_settings_one check (id)');
  // An installation with receipts keeps the currency most of them were sent in, so its stored
  // figures stay meaningful; an empty one starts in USD until an admin says otherwise.
  await knex.raw(`
    insert into account_settings (currency)
    select coalesce((select currency from receipts group by currency
                     order by count(*) desc, currency limit 1), 'USD')`);

  await knex.schema.createTable('exchange_rates', (t) => {
    t.text('currency').notNullable();
    t.date('valid_from').notNullable();
    /** Units of the account currency one unit of `currency` is worth. */
    t.decimal('rate', 24, 10).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['currency', 'valid_from']);
  });

  await knex.schema.alterTable('receipts', (t) => {
    t.decimal('original_total', 14, 2);
    t.text('original_currency');
    /** The rate the amounts were converted with; null for a receipt stored before currencies
     * existed in a currency other than the account's, which keeps its amounts as sent until a
     * rate for its date arrives. */
    t.decimal('exchange_rate', 24, 10);
  });
  await knex.schema.alterTable('receipt_lines', (t) => {
    t.decimal('original_price', 14, 2);
    t.decimal('original_amount', 14, 2);
  });
  await knex.raw(`
    update receipts set original_total = total, original_currency = currency,
      exchange_rate = case when currency = (select currency from account_settings) then 1 end`);
  await knex.raw('update receipt_lines set original_price = price, original_amount = amount');
  await knex.raw(`alter table receipts alter column original_total set not null,
    alter column original_currency set not null, alter column currency drop default`);
  await knex.raw(`alter table receipt_lines alter column original_price set not null,
    alter column original_amount set not null`);
  // A row written without its originals (raw SQL: benchmarks, tests) was sent as stored, in the
  // account currency when it names none: the invariant holds for every writer, not only ours.
  await knex.raw(`
    create function receipts_fill_originals() returns trigger language plpgsql as $$
    begin
      new.currency := coalesce(new.currency, (select currency from account_settings));
      new.original_currency := coalesce(new.original_currency, new.currency);
      new.original_total := coalesce(new.original_total, new.total);
      if new.exchange_rate is null and new.original_currency = new.currency then
        new.exchange_rate := 1;
      end if;
      return new;
    end $$`);
  await knex.raw(`create trigger receipts_fill_originals before insert on receipts
    for each row execute function receipts_fill_originals()`);
  await knex.raw(`
    create function receipt_lines_fill_originals() returns trigger language plpgsql as $$
    begin
      new.original_price := coalesce(new.original_price, new.price);
      new.original_amount := coalesce(new.original_amount, new.amount);
      return new;
    end $$`);
  await knex.raw(`create trigger receipt_lines_fill_originals before insert on receipt_lines
    for each row execute function receipt_lines_fill_originals()`);
  // Finding a currency's receipts when its rates change.
  await knex.schema.alterTable('receipts', (t) =>
    t.index(['original_currency', 'occurred_at'], 'receipts_original_currency'),
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop trigger receipt_lines_fill_originals on receipt_lines');
  await knex.raw('drop function receipt_lines_fill_originals');
  await knex.raw('drop trigger receipts_fill_originals on receipts');
  await knex.raw('drop function receipts_fill_originals');
  await knex.schema.alterTable('receipt_lines', (t) =>
    t.dropColumns('original_price', 'original_amount'),
  );
  await knex.schema.alterTable('receipts', (t) => {
    t.dropIndex([], 'receipts_original_currency');
    t.dropColumns('original_total', 'original_currency', 'exchange_rate');
  });
  await knex.raw(`alter table receipts alter column currency set default 'USD'`);
  await knex.schema.dropTable('exchange_rates');
  await knex.schema.dropTable('account_settings');
}
