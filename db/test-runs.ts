// A test run's entry: a row like any journey's (the journey records its steps and end there),
// marked as test and numbered below zero, so the re-entry rule, counters and lists skip it.
import { TEST_RUN_VERSION, testRunWorkflowId } from '../core/test-runs.ts';
import type { Db } from './connection.ts';
import type { EntryRow } from './entries.ts';

export async function insertTestEntry(
  db: Db,
  input: { campaignId: string; customerId: string },
): Promise<EntryRow> {
  return db.transaction(async (trx) => {
    // The same lock as a live entry of this customer takes: two test runs started at once
    // get numbers of their own.
    await trx.raw('select pg_advisory_xact_lock(hashtext(?), hashtext(?))', [
      input.campaignId,
      input.customerId,
    ]);
    const { n } = (await trx('campaign_entries')
      .where({ campaign_id: input.campaignId, customer_id: input.customerId, test: true })
      .count('* as n')
      .first()) as { n: string | number };
    const run = Number(n) + 1;
    const [entry] = await trx('campaign_entries')
      .insert({
        campaign_id: input.campaignId,
        customer_id: input.customerId,
        entry_number: -run,
        version: TEST_RUN_VERSION,
        workflow_id: testRunWorkflowId(input.campaignId, input.customerId, run),
        test: true,
      })
      .returning<EntryRow[]>('*');
    return entry!;
  });
}
