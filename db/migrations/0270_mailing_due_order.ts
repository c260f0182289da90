// The next batch of a mailing (db/mailing-recipients.ts dueRecipients) is read in the order
// (send_at, customer_id): with customer_id in the index, a batch reads its 1,000 rows in index
// order and stops. Without it, a mailing sent now (every recipient due at the same instant) sorted
// all its pending recipients for every batch: 100 batches of 100,000 recipients read 5 million rows.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('mailing_recipients', (t) => {
    t.index(['mailing_id', 'state', 'send_at', 'customer_id'], 'mailing_recipients_due');
    // Its first three columns: the new index serves what it served.
    t.dropIndex(['mailing_id', 'state', 'send_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('mailing_recipients', (t) => {
    t.index(['mailing_id', 'state', 'send_at']);
    t.dropIndex([], 'mailing_recipients_due');
  });
}
