// The audit log: who did what to which, newest first, paged by cursor like the timelines.
import { z } from 'zod';
import { Timestamp } from './common.ts';

/** What is recorded: each action names its kind of target before the dot. */
export const AuditAction = z.enum([
  'campaign.published',
  'campaign.paused',
  'campaign.resumed',
  'campaign.stopped',
  'campaign.archived',
  'customer.erased',
  'customer.exported',
  'export.downloaded',
  'export.schedule_created',
  'export.schedule_triggered',
  'export.schedule_deleted',
  'setting.custom_field_created',
  'setting.custom_field_deleted',
  'setting.points_rule_created',
  'setting.points_rule_changed',
  'setting.webhook_source_created',
  'setting.webhook_source_revoked',
  'setting.tracker_site_created',
  'setting.tracker_site_secret_renewed',
  'setting.segment_source_created',
  'setting.segment_source_revoked',
  'setting.currency_changed',
  'setting.exchange_rates_stored',
  'setting.exchange_rate_deleted',
  'setting.metric_settings_changed',
  'setting.messaging_type_saved',
  'setting.time_zone_changed',
  'setting.gateway_created',
  'setting.gateway_changed',
  'setting.gateway_deleted',
  'setting.contact_policy_changed',
  'api_key.created',
  'api_key.revoked',
  'user.invited',
  'user.invite_revoked',
  'user.joined',
  'user.role_changed',
  'user.deactivated',
  'user.reactivated',
]);
export type AuditAction = z.infer<typeof AuditAction>;

export const AuditEntry = z.object({
  id: z.uuid(),
  at: Timestamp,
  actor: z.object({
    kind: z.enum(['user', 'apiKey']),
    id: z.string().nullable(),
    /** The user's email or the key's name, as it was then. */
    label: z.string(),
  }),
  action: AuditAction,
  target: z.object({ type: z.string(), id: z.string().nullable() }),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditLogPage = z.object({
  entries: z.array(AuditEntry),
  /** Pass as ?before= for the next (older) page; null on the last. */
  next: z.string().nullable(),
});
export type AuditLogPage = z.infer<typeof AuditLogPage>;

export const AuditLogQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200, 'ask for at most 200 entries a page').default(50),
  before: z.string().optional(),
  /** Actions, comma-separated, or a kind of target ending in a dot ("campaign."). */
  action: z.string().max(500).optional(),
});
export type AuditLogQuery = z.infer<typeof AuditLogQuery>;
