// Loyalty points: rules that accrue automatically, a ledger with the reason for every change,
// and a balance per customer kept in step with the ledger in one transaction. An accrual may
// expire: `remaining` is the part of it not yet spent or expired (spending takes the accruals
// that expire first), so expiry removes exactly what is left of it.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('points_rules', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('name').notNullable();
    t.text('kind').notNullable(); // receipt | event
    t.decimal('percent', 7, 3); // receipt: points = total * percent / 100
    t.text('event_type'); // event: the event type that earns `amount`
    t.decimal('amount', 14, 2);
    t.integer('expires_after_days');
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check("kind in ('receipt', 'event')", [], 'points_rules_kind');
  });
  await knex.schema.createTable('points_ledger', (t) => {
    t.bigIncrements('id');
    t.uuid('customer_id').notNullable().references('customers.id').onDelete('CASCADE');
    t.decimal('delta', 14, 2).notNullable();
    t.text('reason').notNullable();
    t.uuid('rule_id').references('points_rules.id').onDelete('SET NULL');
    t.uuid('receipt_id').references('receipts.id').onDelete('SET NULL');
    t.uuid('event_id');
    t.timestamp('expires_at', { useTz: true });
    t.decimal('remaining', 14, 2).notNullable().defaultTo(0);
    // Accruals are keyed by what earned them, so a redelivered receipt or event earns once.
    t.text('idempotency_key').unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['customer_id', 'created_at']);
  });
  await knex.raw(
    'create index points_ledger_open_accruals on points_ledger (expires_at) where remaining > 0',
  );
  await knex.schema.createTable('points_balances', (t) => {
    t.uuid('customer_id').primary().references('customers.id').onDelete('CASCADE');
    t.decimal('balance', 14, 2).notNullable().defaultTo(0);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['points_balances', 'points_ledger', 'points_rules'])
    await knex.schema.dropTableIfExists(table);
}
