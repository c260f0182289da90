// Builds a Herald worker: the journey workflows plus activities wired to Postgres and SMTP.
// Used by worker/main.ts and by tests, which run real workers against a real Temporal server.
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { createActivities } from '../activities/index.ts';
import type { EmailGateway } from '../activities/channels/gateway.ts';
import type { Db } from '../db/connection.ts';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export interface HeraldWorkerOptions {
  address: string;
  namespace: string;
  taskQueue: string;
  db: Db;
  email: EmailGateway;
  log: Logger;
  /** Path of a prebuilt workflow bundle; without it the worker bundles workflows/ itself. */
  workflowBundlePath?: string;
}

export async function createHeraldWorker(
  opts: HeraldWorkerOptions,
): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect({ address: opts.address });
  const workflowSource: Pick<WorkerOptions, 'workflowsPath' | 'workflowBundle'> =
    opts.workflowBundlePath
      ? { workflowBundle: { codePath: opts.workflowBundlePath } }
      : { workflowsPath };
  const worker = await Worker.create({
    connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    ...workflowSource,
    activities: createActivities({ db: opts.db, email: opts.email, log: opts.log }),
  });
  return { worker, connection };
}
