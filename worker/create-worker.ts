// Builds a Herald worker: the journey workflows plus activities wired to Postgres and SMTP.
// Used by worker/main.ts and by tests, which run real workers against a real Temporal server.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Logger } from 'pino';
import { createActivities } from '../activities/index.ts';
import type { EmailGateway } from '../activities/channels/gateway.ts';
import { createGatewayRegistry } from '../activities/channels/registry.ts';
import { loadConfig } from '../core/config.ts';
import type { Tracking } from '../core/tracking.ts';
import type { Db } from '../db/connection.ts';
import { ensureEnvironmentGateway } from '../db/gateways.ts';
import { receiveDeliveryReport } from '../entry/delivery-reports.ts';
import { ensureHeraldSchedules } from '../entry/schedules.ts';
import { startBounceReceiver } from './bounce-receiver.ts';
import { telemetryInterceptor } from './telemetry-interceptor.ts';
import type { WorkerTuning } from './tuning.ts';
import { bundlerOptions, workflowsPath } from './workflow-bundle.ts';

export { workflowsPath };

export interface HeraldWorkerOptions {
  address: string;
  namespace: string;
  taskQueue: string;
  db: Db;
  email: EmailGateway;
  log: Logger;
  /** Path of a prebuilt workflow bundle; without it the worker bundles workflows/ itself. */
  workflowBundlePath?: string;
  /** Create Herald's own schedules (segment changes, daily upkeep) if they are missing. */
  ensureSchedules?: boolean;
  tracking?: Tracking;
  /** Cache and concurrency (worker/tuning.ts); unset, the SDK sizes them from the host. */
  tuning?: WorkerTuning;
  /** Where the bounce receiver listens (BOUNCE_SMTP_*); absent: no receiver. */
  bounceSmtp?: { port: number; host: string };
}

export async function createHeraldWorker(
  opts: HeraldWorkerOptions,
): Promise<{ worker: Worker; connection: { close(): Promise<void> } }> {
  const native = await NativeConnection.connect({ address: opts.address });
  // Trigger activities start journeys, which takes a client of their own.
  const clientConnection = await Connection.connect({ address: opts.address });
  const temporal = new Client({ connection: clientConnection, namespace: opts.namespace });
  const entryDeps = {
    db: opts.db,
    log: opts.log,
    temporal,
    config: { TEMPORAL_NAMESPACE: opts.namespace, TEMPORAL_TASK_QUEUE: opts.taskQueue },
  };
  const workflowSource: Pick<WorkerOptions, 'workflowsPath' | 'workflowBundle' | 'bundlerOptions'> =
    opts.workflowBundlePath
      ? { workflowBundle: { codePath: opts.workflowBundlePath } }
      : { workflowsPath, bundlerOptions };
  // Gateways as data: the environment's SMTP is the email gateway Herald starts with, the others
  // are built from the gateways table as sends need them.
  const config = loadConfig();
  const secret = opts.tracking?.secret ?? config.HERALD_SECRET;
  if (opts.email.settings) await ensureEnvironmentGateway(opts.db, secret, opts.email.settings);
  const gateways = createGatewayRegistry({
    db: opts.db,
    secret,
    environmentEmail: opts.email,
    callbackBaseUrl: opts.tracking?.baseUrl ?? config.trackingUrl,
    egress: config.EGRESS_ALLOW,
    log: opts.log,
    onReport: async (gatewayId, report) => {
      // Unmatched, the receipt is refused, so the SMSC offers it again later.
      if (!(await receiveDeliveryReport(entryDeps, { gatewayId, ...report })))
        throw new Error(`no message was sent as ${report.providerMessageId}`);
    },
  });
  const worker = await Worker.create({
    connection: native,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    ...workflowSource,
    activities: createActivities({
      ...entryDeps,
      email: opts.email,
      tracking: opts.tracking,
      gateways,
    }),
    interceptors: { activity: [telemetryInterceptor(opts.log)] },
    ...opts.tuning,
  });
  if (opts.ensureSchedules) await ensureHeraldSchedules(entryDeps);
  const bounces = opts.bounceSmtp && (await startBounceReceiver(entryDeps, opts.bounceSmtp));
  const close = async () => {
    await bounces?.close();
    await gateways.close();
    await native.close();
    await clientConnection.close();
  };
  return { worker, connection: { close } };
}
