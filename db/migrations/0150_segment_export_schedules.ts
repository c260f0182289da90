// A segment's CSV sent by email on a schedule (issue 12): to whom, daily or weekly, at an hour
// of the account time zone; a Temporal Schedule "segment-export:<id>" runs it. Goes with its
// segment.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('segment_export_schedules', (t) => {
    t.uuid('segment_id').primary().references('segments.id').onDelete('CASCADE');
    t.specificType('recipients', 'text[]').notNullable();
    t.text('cadence').notNullable();
    t.integer('hour').notNullable();
    t.integer('weekday');
    t.timestamp('last_sent_at', { useTz: true });
    t.integer('last_rows');
    t.timestamps(true, true);
  });
  await knex.raw(`alter table segment_export_schedules
    add constraint segment_export_cadence check (cadence in ('daily', 'weekly')),
    add constraint segment_export_hour check (hour between 0 and 23),
    add constraint segment_export_weekday check (weekday between 1 and 7)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('segment_export_schedules');
}
