// A counter that moves whenever what an event can set off changes: a campaign's status or
// current version, a published version, a points rule. The api caches the active campaigns and
// points rules per process and reads this counter in the statement that stores each event
// (db/catalogue.ts), so a publish, a pause or a new rule is seen by the very next event, from
// every api process, without reading the catalogue per event (issue 18).
//
// A row, not a sequence: the counter must move with the change's transaction, or an api could
// see the new number before the change commits and cache the old catalogue under it.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table catalogue_version (
      only_row boolean primary key default true check (only_row),
      version bigint not null default 1
    );
    insert into catalogue_version default values;

    create function bump_catalogue_version() returns trigger language plpgsql as $$
    begin
      update catalogue_version set version = version + 1;
      return null;
    end $$;

    -- A campaign's name, folder or draft change often; only its status and version matter here.
    create trigger campaigns_catalogue after insert or delete
      on campaigns for each statement execute function bump_catalogue_version();
    create trigger campaigns_catalogue_update after update of status, current_version
      on campaigns for each row
      when (old.status is distinct from new.status
        or old.current_version is distinct from new.current_version)
      execute function bump_catalogue_version();
    create trigger campaign_versions_catalogue after insert or update or delete
      on campaign_versions for each statement execute function bump_catalogue_version();
    create trigger points_rules_catalogue after insert or update or delete
      on points_rules for each statement execute function bump_catalogue_version();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop trigger campaigns_catalogue on campaigns;
    drop trigger campaigns_catalogue_update on campaigns;
    drop trigger campaign_versions_catalogue on campaign_versions;
    drop trigger points_rules_catalogue on points_rules;
    drop function bump_catalogue_version();
    drop table catalogue_version;
  `);
}
