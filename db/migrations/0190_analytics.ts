// Analytics (issue 16). Each message keeps the first time it was delivered, opened by a person,
// opened by a machine and clicked, so reports and attribution read one row per message instead
// of its history. Machine opens (privacy proxies, scanners) are kept apart with why they were
// judged so. Attributions credit each purchase to one message. Attribution rules have a default
// per channel (a mailing may hold its own). Daily snapshot tables feed the trend charts, and
// report schedules mail a report as a file.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table messages
      add column delivered_at timestamptz,
      add column opened_at timestamptz,
      add column clicked_at timestamptz,
      add column unsubscribed_at timestamptz,
      add column machine_opened_at timestamptz;
    update messages m set
      delivered_at = (select min(at) from message_status_history h
                      where h.message_id = m.id and h.status = 'delivered'),
      opened_at = (select min(at) from message_status_history h
                   where h.message_id = m.id and h.status = 'opened'),
      clicked_at = (select min(at) from message_status_history h
                    where h.message_id = m.id and h.status = 'clicked'),
      unsubscribed_at = (select min(at) from message_status_history h
                         where h.message_id = m.id and h.status = 'unsubscribed')
    where exists (select 1 from message_status_history h
                  where h.message_id = m.id and h.status in ('delivered', 'opened', 'clicked', 'unsubscribed'));
    create index messages_created_at_idx on messages (created_at);

    create table machine_opens (
      id bigserial primary key,
      message_id uuid not null references messages(id) on delete cascade,
      reason text not null,
      user_agent text,
      ip text,
      at timestamptz not null default now()
    );
    create index machine_opens_message_idx on machine_opens (message_id);

    create table attribution_defaults (
      channel text primary key,
      touch text not null check (touch in ('received', 'opened', 'clicked')),
      window_hours integer not null check (window_hours between 1 and 2160)
    );
    insert into attribution_defaults values
      ('email', 'opened', 120), ('sms', 'received', 24), ('push', 'received', 24),
      ('viber', 'received', 24);

    create table attributions (
      receipt_id uuid primary key references receipts(id) on delete cascade,
      message_id uuid not null references messages(id) on delete cascade,
      customer_id uuid not null,
      mailing_id uuid,
      campaign_id uuid,
      node_id text,
      channel text not null,
      touch text not null,
      touched_at timestamptz not null,
      total numeric(14, 2) not null,
      occurred_at timestamptz not null
    );
    create index attributions_mailing_idx on attributions (mailing_id);
    create index attributions_campaign_idx on attributions (campaign_id, node_id);
    create index attributions_occurred_idx on attributions (occurred_at);

    -- The mailings helper (issue 15) may add these too: a control flag and an A/B variant.
    alter table mailing_recipients add column if not exists control boolean not null default false;
    alter table mailing_recipients add column if not exists variant text;

    create table report_daily_quality (
      day date primary key,
      customers integer not null,
      valid_emails integer not null,
      valid_phones integer not null,
      with_time_zone integer not null,
      subscribed_email integer not null,
      subscribed_sms integer not null
    );
    create table report_daily_channels (
      day date not null,
      channel text not null,
      messaging_type text not null,
      sent integer not null,
      delivered integer not null,
      opened integer not null,
      machine_opened integer not null,
      clicked integer not null,
      failed integer not null,
      unsubscribed integer not null,
      primary key (day, channel, messaging_type)
    );
    create table report_daily_customers (
      day date primary key,
      customers integer not null,
      new_customers integer not null
    );
    create table report_schedules (
      id uuid primary key default gen_random_uuid(),
      report text not null,
      query jsonb not null default '{}',
      format text not null check (format in ('csv', 'xlsx')),
      recipients text[] not null,
      every text not null check (every in ('day', 'week', 'month')),
      created_at timestamptz not null default now()
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop table if exists report_schedules, report_daily_customers, report_daily_channels,
      report_daily_quality, attributions, attribution_defaults, machine_opens;
    drop index if exists messages_created_at_idx;
    alter table messages drop column delivered_at, drop column opened_at,
      drop column clicked_at, drop column unsubscribed_at, drop column machine_opened_at;
  `);
}
