// Daily rollups for the reports that read messages (issue 16): email opens by the recipient's
// local weekday and hour, sends and failures by provider and recipient domain, and failures by
// the server's answer. The herald:report-snapshots schedule recounts the last days of each
// (db/report-rollups.ts); a report reads whole days from them and only the period's edges (today,
// days not yet rolled up) from messages. report_rollup_days records which days each rollup holds,
// so a day with nothing to count is told apart from a day not counted.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table report_rollup_days (
      rollup text not null,
      day date not null,
      primary key (rollup, day)
    );
    create table report_daily_opens (
      day date not null,
      weekday smallint not null,
      hour smallint not null,
      opens integer not null,
      machine_opens integer not null,
      primary key (day, weekday, hour)
    );
    create table report_daily_delivery (
      day date not null,
      channel text not null,
      messaging_type text not null,
      provider text not null,
      domain text not null,
      sent integer not null,
      failed integer not null,
      primary key (day, channel, messaging_type, provider, domain)
    );
    create table report_daily_failures (
      day date not null,
      channel text not null,
      messaging_type text not null,
      response text not null,
      failed integer not null,
      primary key (day, channel, messaging_type, response)
    );
    -- The edges of a period are found by when the open came, not when the message was sent:
    -- today's opens, without reading the month of sends they may belong to. Partial: most
    -- messages are never opened, and a send writes nothing to these.
    create index messages_opened_at_idx on messages (opened_at) where opened_at is not null;
    create index messages_machine_opened_at_idx on messages (machine_opened_at)
      where machine_opened_at is not null;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists messages_opened_at_idx, messages_machine_opened_at_idx');
  await knex.raw(`drop table if exists report_daily_failures, report_daily_delivery,
    report_daily_opens, report_rollup_days`);
}
