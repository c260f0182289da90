// What the api needs to start the metrics workflows, without importing workflow code.
export const RECOMPUTE_METRICS_WORKFLOW_TYPE = 'recomputeMetricsWorkflow';
/** One recompute per settings change: each reads the settings current when it runs. */
export const recomputeMetricsWorkflowId = (changedAt: string) => `metrics-recompute:${changedAt}`;
