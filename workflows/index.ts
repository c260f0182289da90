// Everything the worker registers as a workflow.
export { journeyWorkflow } from './journey.ts';
export { scheduledEntryWorkflow, segmentChangesWorkflow } from './scheduled-entry.ts';
