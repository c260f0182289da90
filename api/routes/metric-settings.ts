// GET/PATCH /v1/settings/metrics: the RFM window and the CLTV model's settings. A change starts a
// recompute of every customer's metrics as a Temporal workflow (a million customers take a
// minute or two, too long for a request); until it ends, profiles show the old figures.
import {
  MetricSettingsAnswer,
  MetricSettingsChanged,
} from '../../core/contract/metric-settings.ts';
import { HeraldError } from '../../core/errors.ts';
import { MetricSettingsPatch } from '../../core/metric-settings.ts';
import { getMetricSettings, updateMetricSettings } from '../../db/metric-settings.ts';
import {
  RECOMPUTE_METRICS_WORKFLOW_TYPE,
  recomputeMetricsWorkflowId,
} from '../../workflows/maintenance-api.ts';
import { route } from '../route.ts';
import { audit } from '../audit.ts';

export const metricSettingsRoutes = [
  route({
    method: 'get',
    path: '/v1/settings/metrics',
    permission: 'authenticated',
    summary: 'The RFM analysis window and the CLTV settings (docs/metrics.md)',
    responses: { 200: MetricSettingsAnswer },
    handler: async ({ deps: { db } }) => ({ settings: await getMetricSettings(db) }),
  }),
  route({
    method: 'patch',
    path: '/v1/settings/metrics',
    permission: 'settings:write',
    summary:
      'Change some of the metric settings; every customer is recomputed with them by the workflow named in the answer',
    body: MetricSettingsPatch,
    responses: { 200: MetricSettingsChanged },
    errors: [503],
    handler: async ({ body, req, deps }) => {
      const settings = await updateMetricSettings(deps.db, body);
      await audit(deps.db, req, {
        action: 'setting.metric_settings_changed',
        targetType: 'setting',
        targetId: 'metrics',
        details: { ...body },
      });
      const workflowId = recomputeMetricsWorkflowId(new Date().toISOString());
      try {
        await deps.temporal.workflow.start(RECOMPUTE_METRICS_WORKFLOW_TYPE, {
          taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
          workflowId,
          args: [],
        });
      } catch (err) {
        throw new HeraldError(
          503,
          'temporal_unavailable',
          `The settings are stored, but the recompute could not be started (${(err as Error).message}); ` +
            'they apply at the next daily recompute (03:00 UTC).',
        );
      }
      return { settings, recompute: { workflowId } };
    },
  }),
];
