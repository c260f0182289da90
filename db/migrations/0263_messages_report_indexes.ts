// One mailing's or campaign's report (db/report-mailing.ts, db/effectiveness.ts, db/uplift.ts)
// and attribution's recompute (db/attribution-mailing.ts) read every message of the subject:
// the step, customer, status and the first-time columns. From a (mailing_id, status) index each
// row was a heap fetch, and a mailing's rows lie anywhere in the table (opens and clicks days
// later write new row versions elsewhere), so a cold report of 137,000 messages read 137,000
// random pages (4.8 s at 50 M messages). With the columns held in the index, it is an index-only
// scan of the subject's entries, in key order (docs/analytics.md, Benchmark). Partial: a message
// of a mailing has no campaign and the reverse, so each index holds only its own messages.
// These replace the (mailing_id, status) and (campaign_id, status) indexes, which they cover.
import type { Knex } from 'knex';

// The other subject's column too: the report reads both, and a null costs an index entry nothing.
const COLUMNS =
  'id, customer_id, node_id, created_at, delivered_at, opened_at, machine_opened_at, clicked_at';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists messages_mailing_id_status_index');
  await knex.raw('drop index if exists messages_campaign_id_status_index');
  await knex.raw(`create index if not exists messages_mailing_report on messages
    (mailing_id, status) include (campaign_id, ${COLUMNS}) where mailing_id is not null`);
  await knex.raw(`create index if not exists messages_campaign_report on messages
    (campaign_id, status) include (mailing_id, ${COLUMNS}) where campaign_id is not null`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists messages_mailing_report, messages_campaign_report');
  await knex.raw(
    'create index if not exists messages_mailing_id_status_index on messages (mailing_id, status)',
  );
  await knex.raw(
    'create index if not exists messages_campaign_id_status_index on messages (campaign_id, status)',
  );
}
