// Migrations are listed here rather than discovered on disk, so that they work the same
// under tsx, in a bundle and in a Docker image.
import type { Knex } from 'knex';
import type { Db } from './connection.ts';
import * as m0001 from './migrations/0001_core.ts';
import * as m0002 from './migrations/0002_contact_quality.ts';
import * as m0003 from './migrations/0003_node_counters.ts';
import * as m0004 from './migrations/0004_engine.ts';
import * as m0020 from './migrations/0020_webhook_sources.ts';
import * as m0021 from './migrations/0021_imports.ts';
import * as m0022 from './migrations/0022_tracker.ts';
import * as m0023 from './migrations/0023_consents.ts';
import * as m0010 from './migrations/0010_receipts.ts';
import * as m0011 from './migrations/0011_custom_fields.ts';
import * as m0012 from './migrations/0012_customer_metrics.ts';
import * as m0013 from './migrations/0013_points.ts';
import * as m0030 from './migrations/0030_message_links.ts';
import * as m0031 from './migrations/0031_webhook_replays.ts';
import * as m0032 from './migrations/0032_tracker_identity.ts';
import * as m0050 from './migrations/0050_receipt_returns.ts';
import * as m0051 from './migrations/0051_metric_settings.ts';
import * as m0052 from './migrations/0052_rfm_lifetime_values.ts';
import * as m0055 from './migrations/0055_currencies.ts';
import * as m0056 from './migrations/0056_phone_carrier.ts';
import * as m0060 from './migrations/0060_roles.ts';
import * as m0061 from './migrations/0061_invites.ts';
import * as m0062 from './migrations/0062_audit_log.ts';
import * as m0070 from './migrations/0070_rate_limits.ts';
import * as m0080 from './migrations/0080_segment_sources.ts';
import * as m0090 from './migrations/0090_segments.ts';
import * as m0091 from './migrations/0091_segment_indexes.ts';
import * as m0100 from './migrations/0100_gateways.ts';
import * as m0110 from './migrations/0110_messaging_types.ts';
import * as m0111 from './migrations/0111_template_revisions.ts';
import * as m0112 from './migrations/0112_images.ts';
import * as m0140 from './migrations/0140_mailings.ts';
import * as m0150 from './migrations/0150_segment_export_schedules.ts';
import * as m0160 from './migrations/0160_devices.ts';
import * as m0170 from './migrations/0170_template_content.ts';
import * as m0200 from './migrations/0200_test_runs.ts';
import * as m0201 from './migrations/0201_campaign_folders.ts';
import * as m0240 from './migrations/0240_report_rollups.ts';
import * as m0241 from './migrations/0241_quality_snapshot_report.ts';
import * as m0280 from './migrations/0280_report_customer_counts.ts';
import * as m0250 from './migrations/0250_message_commit.ts';
import * as m0171 from './migrations/0171_template_blocks.ts';
import * as m0180 from './migrations/0180_contact_policy.ts';
import * as m0181 from './migrations/0181_mailing_ab_tests.ts';
import * as m0190 from './migrations/0190_analytics.ts';
import * as m0220 from './migrations/0220_receipt_period_index.ts';
import * as m0255 from './migrations/0255_catalogue_version.ts';
import * as m0260 from './migrations/0260_customer_purchases.ts';
import * as m0261 from './migrations/0261_event_properties_index.ts';
import * as m0262 from './migrations/0262_receipt_purchase_keys.ts';
import * as m0266 from './migrations/0266_receipt_line_purchase_keys.ts';
import * as m0267 from './migrations/0267_drop_receipt_purchase_keys.ts';
import * as m0268 from './migrations/0268_receipt_line_keys_given.ts';
import * as m0269 from './migrations/0269_receipt_line_keys_missing_receipt.ts';
import * as m0230 from './migrations/0230_template_test_send_parts.ts';
import * as m0270 from './migrations/0270_mailing_due_order.ts';
import * as m0263 from './migrations/0263_messages_report_indexes.ts';
import * as m0264 from './migrations/0264_attribution_recomputes.ts';

const migrations: Record<string, Knex.Migration> = {
  '0001_core': m0001,
  '0002_contact_quality': m0002,
  '0003_node_counters': m0003,
  '0004_engine': m0004,
  '0020_webhook_sources': m0020,
  '0021_imports': m0021,
  '0022_tracker': m0022,
  '0023_consents': m0023,
  '0010_receipts': m0010,
  '0011_custom_fields': m0011,
  '0012_customer_metrics': m0012,
  '0013_points': m0013,
  '0030_message_links': m0030,
  '0031_webhook_replays': m0031,
  '0032_tracker_identity': m0032,
  '0050_receipt_returns': m0050,
  '0051_metric_settings': m0051,
  '0052_rfm_lifetime_values': m0052,
  '0055_currencies': m0055,
  '0056_phone_carrier': m0056,
  '0060_roles': m0060,
  '0061_invites': m0061,
  '0062_audit_log': m0062,
  '0070_rate_limits': m0070,
  '0080_segment_sources': m0080,
  '0090_segments': m0090,
  '0091_segment_indexes': m0091,
  '0100_gateways': m0100,
  '0110_messaging_types': m0110,
  '0111_template_revisions': m0111,
  '0112_images': m0112,
  '0140_mailings': m0140,
  '0150_segment_export_schedules': m0150,
  '0160_devices': m0160,
  '0170_template_content': m0170,
  '0200_test_runs': m0200,
  '0201_campaign_folders': m0201,
  '0240_report_rollups': m0240,
  '0241_quality_snapshot_report': m0241,
  '0171_template_blocks': m0171,
  '0180_contact_policy': m0180,
  '0181_mailing_ab_tests': m0181,
  '0190_analytics': m0190,
  '0220_receipt_period_index': m0220,
  '0255_catalogue_version': m0255,
  '0260_customer_purchases': m0260,
  '0261_event_properties_index': m0261,
  '0262_receipt_purchase_keys': m0262,
  '0266_receipt_line_purchase_keys': m0266,
  '0267_drop_receipt_purchase_keys': m0267,
  '0268_receipt_line_keys_given': m0268,
  '0269_receipt_line_keys_missing_receipt': m0269,
  '0230_template_test_send_parts': m0230,
  '0250_message_commit': m0250,
  '0280_report_customer_counts': m0280,
  '0270_mailing_due_order': m0270,
  '0263_messages_report_indexes': m0263,
  '0264_attribution_recomputes': m0264,
};

const source: Knex.MigrationSource<string> = {
  getMigrations: () => Promise.resolve(Object.keys(migrations).sort()),
  getMigrationName: (name) => name,
  getMigration: (name) => Promise.resolve(migrations[name]!),
};

/** Brings the schema up to date; safe to run from several processes at once (knex locks). */
export async function migrateLatest(db: Db): Promise<void> {
  await db.migrate.latest({ migrationSource: source });
}
