// Everything the worker registers as a workflow.
export { journey, journeyTest, journeyV3, journeyWorkflow } from './journey.ts';
export { scheduledEntryWorkflow, segmentChangesWorkflow } from './scheduled-entry.ts';
export { csvImportWorkflow } from './import.ts';
export { exportWorkflow } from './export.ts';
export {
  dailyMaintenanceWorkflow,
  recomputeMetricsWorkflow,
  rfmRankingWorkflow,
} from './maintenance.ts';
export { segmentRefreshWorkflow } from './segment-refresh.ts';
export { segmentExportWorkflow } from './segment-export.ts';
export { testGatewayWorkflow } from './gateway-test.ts';
export { templateTestSendWorkflow } from './template-test-send.ts';
export { mailingWorkflow } from './mailing.ts';
export { reportEmailWorkflow, reportSnapshotsWorkflow } from './reports.ts';
export { attributionWorkflow } from './attribution.ts';
