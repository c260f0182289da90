// CSV imports. The file is kept in Postgres so that whichever worker resumes an interrupted
// import can read it; rows_done advances in the same transaction as each chunk's rows, so a
// resumed import starts exactly after the last committed chunk.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('imports', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('kind').notNullable();
    t.text('file_name');
    t.binary('content').notNullable();
    t.text('status').notNullable().defaultTo('queued'); // queued | running | completed | failed
    t.integer('rows_total');
    t.integer('rows_done').notNullable().defaultTo(0);
    t.integer('line_done').notNullable().defaultTo(1); // the resume cursor; line 1 is the header
    t.integer('rows_imported').notNullable().defaultTo(0);
    t.integer('rows_failed').notNullable().defaultTo(0);
    t.text('error');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('started_at', { useTz: true });
    t.timestamp('finished_at', { useTz: true });
    t.check("kind in ('customers', 'events', 'receipts')", [], 'imports_kind');
  });
  await knex.schema.createTable('import_errors', (t) => {
    t.bigIncrements('id');
    t.uuid('import_id').notNullable().references('imports.id').onDelete('CASCADE');
    t.integer('row').notNullable(); // 1-based data row; the header is row 0
    t.text('column');
    t.text('message').notNullable();
    t.index(['import_id', 'row']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('import_errors');
  await knex.schema.dropTableIfExists('imports');
}
