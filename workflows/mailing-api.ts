// What the api needs to start and steer a mailing's workflow, without importing workflow code.
import { defineSignal } from '@temporalio/workflow';

export const MAILING_WORKFLOW_TYPE = 'mailingWorkflow';
/** One workflow per mailing: starting it twice finds the first. */
export const mailingWorkflowId = (mailingId: string) => `mailing:${mailingId}`;

export interface MailingWorkflowInput {
  mailingId: string;
  /** Set by continue-as-new: the audience is frozen and sending has begun. */
  sending?: boolean;
  paused?: boolean;
}

/** true pauses, false resumes; acts between batches, within seconds. */
export const mailingPausedSignal = defineSignal<[boolean]>('mailingPaused');
export const mailingCancelledSignal = defineSignal('mailingCancelled');
/** The mailing was edited (its time or its throttle): read it again now rather than on the next timer. */
export const mailingChangedSignal = defineSignal('mailingChanged');

/** The idempotency key of a mailing's message to one customer (DESIGN decision 4). */
export const mailingMessageKey = (
  mailingId: string,
  customerId: string,
  variant: number | null = null,
) => `mailing:${mailingId}:${customerId}${variant === null ? '' : `:v${variant}`}`;
