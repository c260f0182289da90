// Counts what the worker's activities do, for Prometheus (core/telemetry.ts), and logs a failed
// attempt with the workflow and customer it was for: one interceptor around every activity, so no
// activity has to remember either.
import type { Context } from '@temporalio/activity';
import type { ActivityInterceptors } from '@temporalio/worker';
import type { Logger } from 'pino';
import { activityFailures, journeysFinished, messagesSent } from '../core/telemetry.ts';
import type { JourneyFinish } from '../workflows/journey-api.ts';

/** journey:<campaign>:<customer>:<entry> (core/ids.ts), or undefined for other workflows. */
const journeyParts = (workflowId: string) => {
  const [kind, campaign, customer] = workflowId.split(':');
  return kind === 'journey' ? { campaign, customer } : undefined;
};

export function telemetryInterceptor(log: Logger) {
  return (ctx: Context): ActivityInterceptors => ({
    inbound: {
      async execute(input, next) {
        const { activityType, workflowExecution, attempt } = ctx.info;
        const workflowId = workflowExecution?.workflowId ?? '';
        try {
          const result = await next(input);
          count(activityType, input.args, result);
          return result;
        } catch (err) {
          activityFailures.inc({ activity: activityType });
          const arg = input.args[0] as { customerId?: string } | undefined;
          log.warn(
            {
              err,
              activity: activityType,
              attempt,
              workflowId,
              customerId: arg?.customerId ?? journeyParts(workflowId)?.customer,
            },
            'activity failed; Temporal retries it',
          );
          throw err;
        }
      },
    },
  });
}

function count(activity: string, args: unknown[], result: unknown) {
  if (activity === 'sendEmail' || activity === 'sendMessage') {
    const status = (result as { status?: string } | undefined)?.status;
    const input = args[0] as { channel?: string; finish?: JourneyFinish } | undefined;
    if (status) messagesSent.inc({ channel: input?.channel ?? 'email', status });
    // A last send records its journey's end itself (journeyV3): no finishJourney follows.
    if (input?.finish) finished(input.finish.workflowId, input.finish.status);
  } else if (activity === 'finishJourney') {
    finished(String(args[0]), String(args[1]));
  }
}

function finished(workflowId: string, status: string) {
  const campaign = journeyParts(workflowId)?.campaign;
  if (campaign) journeysFinished.inc({ campaign, status });
}
