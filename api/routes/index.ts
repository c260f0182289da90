// The route table: every route the api serves, in the order express matches them. The same
// table is mounted by api/app.ts and written out as /v1/openapi.json.
import { OpenApiDocument } from '../../core/contract/sessions.ts';
import { buildDocument } from '../openapi.ts';
import { type AnyRoute, route } from '../route.ts';
import { apiKeyRoutes } from './api-keys.ts';
import { auditRoutes } from './audit.ts';
import { campaignLifecycleRoutes } from './campaign-lifecycle.ts';
import { campaignRoutes } from './campaigns.ts';
import { campaignDuplicateRoutes } from './campaign-duplicate.ts';
import { contactPolicyRoutes } from './contact-policy.ts';
import { currencyRoutes } from './currency.ts';
import { customFieldRoutes } from './custom-fields.ts';
import { customerRoutes } from './customers.ts';
import { deviceRoutes } from './devices.ts';
import { eventRoutes } from './events.ts';
import { eventTypeRoutes } from './event-types.ts';
import { exportRoutes } from './exports.ts';
import { gatewayCallbackRoutes } from './gateway-callbacks.ts';
import { pushReceiptRoutes } from './push-receipts.ts';
import { gatewayRoutes } from './gateways.ts';
import { imageRoutes } from './images.ts';
import { importRoutes } from './imports.ts';
import { inviteRoutes } from './invites.ts';
import { journeyRoutes } from './journeys.ts';
import { testRunRoutes } from './test-runs.ts';
import { mailingRoutes } from './mailings.ts';
import { messagingTypeRoutes } from './messaging-types.ts';
import { metricSettingsRoutes } from './metric-settings.ts';
import { pointsRoutes } from './points.ts';
import { preferenceRoutes } from './preferences.ts';
import { privacyRoutes } from './privacy.ts';
import { profileRoutes } from './profile.ts';
import { receiptRoutes } from './receipts.ts';
import { reportRoutes } from './reports.ts';
import { analyticsRoutes } from './analytics.ts';
import { reportScheduleRoutes } from './report-schedules.ts';
import { segmentRoutes, segmentWebhookRoute } from './segment.ts';
import { segmentSourceRoutes } from './segment-sources.ts';
import { segmentRuleRoutes } from './segments.ts';
import { segmentValueRoutes } from './segment-values.ts';
import { segmentExportRoutes } from './segment-exports.ts';
import { audienceRoutes } from './audiences.ts';
import { sessionRoutes } from './sessions.ts';
import { teamRoutes } from './team.ts';
import { templateBlockRoutes } from './template-blocks.ts';
import { templateCheckRoutes } from './template-checks.ts';
import { templateRoutes } from './templates.ts';
import { templateVersionRoutes } from './template-versions.ts';
import { trackerPublicRoutes, trackerSiteRoutes } from './tracker.ts';
import { trackingRoutes } from './tracking.ts';
import { webhookReceiverRoute, webhookSourceRoutes } from './webhooks.ts';

let document: ReturnType<typeof buildDocument> | undefined;

export const routes: AnyRoute[] = [
  ...sessionRoutes,
  ...inviteRoutes,
  ...trackingRoutes,
  ...preferenceRoutes,
  ...trackerPublicRoutes,
  webhookReceiverRoute,
  ...segmentRoutes,
  segmentWebhookRoute,
  ...eventRoutes,
  ...eventTypeRoutes,
  ...customerRoutes,
  ...deviceRoutes,
  ...privacyRoutes,
  ...profileRoutes,
  ...receiptRoutes,
  ...metricSettingsRoutes,
  ...customFieldRoutes,
  ...currencyRoutes,
  ...pointsRoutes,
  ...campaignRoutes,
  ...campaignDuplicateRoutes,
  ...campaignLifecycleRoutes,
  ...journeyRoutes,
  ...testRunRoutes,
  ...templateRoutes,
  ...templateCheckRoutes,
  ...templateVersionRoutes,
  ...templateBlockRoutes,
  ...imageRoutes,
  ...messagingTypeRoutes,
  ...mailingRoutes,
  ...contactPolicyRoutes,
  ...reportRoutes,
  ...reportScheduleRoutes,
  ...analyticsRoutes,
  ...webhookSourceRoutes,
  ...importRoutes,
  ...trackerSiteRoutes,
  ...segmentSourceRoutes,
  ...segmentRuleRoutes,
  ...segmentValueRoutes,
  ...segmentExportRoutes,
  ...audienceRoutes,
  ...exportRoutes,
  ...apiKeyRoutes,
  ...teamRoutes,
  ...auditRoutes,
  ...gatewayRoutes,
  ...gatewayCallbackRoutes,
  ...pushReceiptRoutes,
  route({
    method: 'get',
    path: '/v1/openapi.json',
    permission: 'authenticated',
    summary: 'This document',
    responses: { 200: OpenApiDocument },
    handler: () => Promise.resolve((document ??= buildDocument(routes))),
  }),
];
