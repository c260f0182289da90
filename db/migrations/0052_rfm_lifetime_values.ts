// Customers whose metrics were stored before 0051 have no windowed RFM values. Without a window
// (the default) a ranking reads them as stored, so they take the lifetime ones: the figures a
// windowless RFM counts. The next full recompute writes them from the receipts either way.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex('customer_metrics')
    .whereNull('rfm_frequency')
    .update({ rfm_frequency: knex.ref('receipts_count'), rfm_monetary: knex.ref('total_spent') });
}

export async function down(): Promise<void> {
  // Nothing to undo: the values are what a recompute would write.
}
