// Signed webhook deliveries already received (issue 10, finding 4): a signature is accepted once,
// so a captured delivery replayed within the tolerance window stores no second event. Rows older
// than the window are useless (the timestamp check refuses them) and are pruned on insert.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('webhook_replays', (t) => {
    t.uuid('source_id').notNullable().references('webhook_sources.id').onDelete('CASCADE');
    t.text('signature').notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['source_id', 'signature']);
    t.index(['received_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('webhook_replays');
}
