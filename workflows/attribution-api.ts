// What the api needs to start and signal a mailing's attribution recompute, without importing
// workflow code.
import { defineSignal } from '@temporalio/workflow';

export const ATTRIBUTION_WORKFLOW_TYPE = 'attributionWorkflow';
/** One per mailing: changes in a row are recomputed one after the other, the last rules last. */
export const attributionWorkflowId = (mailingId: string) => `attribution:${mailingId}`;
/** The rules changed again while a recompute ran: run once more when it ends. */
export const attributionChangedSignal = defineSignal('attributionChanged');
