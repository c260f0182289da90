// A send's commit point (activities/send-commit.ts): recorded just before SMTP's final dot is
// written. A message still "sending" without it certainly never reached the server and is sent
// again; one with it may have, and a retry records it "unknown" instead.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('messages', (t) => {
    t.timestamp('committed_at', { useTz: true });
  });
  // Claims an older worker left mid-send may have reached the server: counted as committed so
  // that they stay "unknown" rather than sent again. A mailing's email never handed over (no
  // attempt) and any claim with an error noted certainly did not, as before.
  await knex.raw(
    `update messages set committed_at = coalesce(updated_at, created_at)
     where status = 'sending' and error is null
       and not (mailing_id is not null and channel = 'email' and attempts = 0)`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('messages', (t) => {
    t.dropColumn('committed_at');
  });
}
