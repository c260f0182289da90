// The bare baseline's worker, in a process of its own as Herald's worker is, with the same
// tuning (core/config.ts's WORKER_* settings), on the task queue given by the environment.
import { NativeConnection, Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../core/config.ts';
import { workerTuning } from '../../worker/tuning.ts';

const config = loadConfig();
Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
const worker = await Worker.create({
  connection: await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS }),
  namespace: config.TEMPORAL_NAMESPACE,
  taskQueue: config.TEMPORAL_TASK_QUEUE,
  workflowsPath: fileURLToPath(new URL('./workflow.ts', import.meta.url)),
  activities: { noop: () => Promise.resolve(Date.now()) },
  ...workerTuning(config),
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => worker.shutdown());
console.log('worker running');
await worker.run();
process.exit(0);
