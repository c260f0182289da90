// What goes into the workflow bundle, for every place that builds one (the worker, the prebuilt
// production bundle, the test stack), so that tests run the bundle production runs.
import { fileURLToPath } from 'node:url';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

const core = (name: string) => fileURLToPath(new URL(`../core/${name}.ts`, import.meta.url));

/**
 * Modules evaluated once per worker thread instead of once per workflow. With a reused V8 context
 * the SDK evaluates every module a workflow imports anew for each workflow it runs (to keep one
 * workflow's module state from leaking into another), and luxon alone is about 2 % of the
 * workflow thread's time at load. These hold no state a workflow could change: luxon's caches are
 * of formatters and zones, and the core modules export functions and constants only. Workflow
 * modules themselves are not preloaded (issue 18).
 */
export const preloadModules = [
  'luxon',
  ...['conditions', 'date-attribute', 'graph-walk', 'ids', 'split', 'time-window'].map(core),
];

export const bundlerOptions = { preloadModules };
