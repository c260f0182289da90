// A mailing whose attribution rules changed is recomputed by a workflow of its own
// (workflows/attribution.ts), not inside the request. Its row here says, while it lasts, that the
// figures are being recomputed and since when; `changes` counts the changes, so a recompute
// that began before a newer change leaves the row for the run that follows it.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`create table if not exists attribution_recomputes (
    mailing_id uuid primary key references mailings(id) on delete cascade,
    since timestamptz not null default now(),
    changes integer not null default 1)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table if exists attribution_recomputes');
}
