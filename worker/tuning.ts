// The worker's size, from configuration: how many journeys it keeps in memory and how much it
// runs at once. Bounded by default so that memory follows the setting, not the host's size.
import type { WorkerOptions } from '@temporalio/worker';
import type { Config } from '../core/config.ts';

export type WorkerTuning = Pick<
  WorkerOptions,
  | 'maxCachedWorkflows'
  | 'maxConcurrentWorkflowTaskExecutions'
  | 'maxConcurrentActivityTaskExecutions'
  | 'maxConcurrentLocalActivityExecutions'
>;

type TuningConfig = Pick<
  Config,
  | 'WORKER_MAX_CACHED_WORKFLOWS'
  | 'WORKER_WORKFLOW_TASK_SLOTS'
  | 'WORKER_ACTIVITY_SLOTS'
  | 'WORKER_LOCAL_ACTIVITY_SLOTS'
>;

export function workerTuning(config: TuningConfig): WorkerTuning {
  const cache = config.WORKER_MAX_CACHED_WORKFLOWS;
  const tasks = config.WORKER_WORKFLOW_TASK_SLOTS;
  return {
    maxCachedWorkflows: cache,
    // The SDK refuses more concurrent workflow tasks than cached workflows.
    ...(tasks !== undefined && {
      maxConcurrentWorkflowTaskExecutions: cache > 0 ? Math.min(tasks, cache) : tasks,
    }),
    ...(config.WORKER_ACTIVITY_SLOTS !== undefined && {
      maxConcurrentActivityTaskExecutions: config.WORKER_ACTIVITY_SLOTS,
    }),
    ...(config.WORKER_LOCAL_ACTIVITY_SLOTS !== undefined && {
      maxConcurrentLocalActivityExecutions: config.WORKER_LOCAL_ACTIVITY_SLOTS,
    }),
  };
}
