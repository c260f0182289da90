// Counts what the worker's activities do, for Prometheus (core/telemetry.ts), and logs a failed
// attempt with the workflow and customer it was for: one interceptor around every activity, so no
// activity has to remember either.
import type { Context } from '@temporalio/activity';
import type { ActivityInterceptors } from '@temporalio/worker';
import type { Logger } from 'pino';
import { activityFailures, journeysFinished, messagesSent } from '../core/telemetry.ts';

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
    const channel = (args[0] as { channel?: string } | undefined)?.channel ?? 'email';
    if (status) messagesSent.inc({ channel, status });
  } else if (activity === 'finishJourney') {
    const campaign = journeyParts(String(args[0]))?.campaign;
    if (campaign) journeysFinished.inc({ campaign, status: String(args[1]) });
  }
}
