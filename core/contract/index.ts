// The api's contract: every request and response schema, by name. The api validates with them
// and generates /v1/openapi.json from them (each export here is a named component there); the
// web app takes its response types from them. One schema and its type share a name.
export { CampaignGraph } from '../graph.ts';
export { DraftGraph } from '../graph-problems.ts';
export {
  CampaignStatus,
  CreateCampaign,
  CreateTemplate,
  JourneyEventInput,
  ManualEntry,
  PublishCampaign,
  UpdateCampaign,
} from '../campaign.ts';
export {
  AccountCurrency,
  ExchangeRate,
  ExchangeRateBatch,
  ExchangeRateInput,
} from '../currency.ts';
export { Contact, CreateCustomer, Customer, CustomerAttributes } from '../customer.ts';
export { CustomField, CustomFieldDefinition } from '../custom-fields.ts';
export { EventBatch, EventInput } from '../event.ts';
export { MetricSettings, MetricSettingsPatch } from '../metric-settings.ts';
export { LedgerEntry, PointsAdjustment, PointsRule, PointsRuleInput } from '../points.ts';
export { CustomerSummary, EventsPage, Profile, ReceiptsPage, TimelineEvent } from '../profile.ts';
export { Receipt, ReceiptBatch, ReceiptInput } from '../receipt.ts';
export { CustomerMetrics } from '../rfm.ts';
export { Permission, Role } from '../permissions.ts';
export * from './api-keys.ts';
export * from './audit.ts';
export * from './campaigns.ts';
export * from './common.ts';
export * from './currency.ts';
export * from './custom-fields.ts';
export * from './customers.ts';
export * from './events.ts';
export * from './event-types.ts';
export * from './exports.ts';
export * from './imports.ts';
export * from './images.ts';
export * from './journeys.ts';
export * from './messaging-types.ts';
export * from './template-blocks.ts';
export * from './template-checks.ts';
export * from './template-versions.ts';
export * from './metric-settings.ts';
export * from './points.ts';
export * from './privacy.ts';
export * from './profile.ts';
export * from './receipts.ts';
export * from './reports.ts';
export * from './segment.ts';
export * from './sessions.ts';
export * from './templates.ts';
export * from './tracker.ts';
export * from './users.ts';
export * from './webhooks.ts';
export * from './segments.ts';
export * from './mailings.ts';
export * from './contact-policy.ts';
