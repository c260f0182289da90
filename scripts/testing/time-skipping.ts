// Temporal's time-skipping test server, for journeys that wait days or loop for months: the
// server jumps to the next timer whenever every workflow is waiting, so a 30-day campaign
// finishes in seconds against the real workflow code, activities and Postgres.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { findBinary, TEMPORAL_TEST_SERVER } from '../temporal-binaries.ts';
import { createHarness, type Harness } from './harness.ts';

export function startTimeSkipping(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: findBinary(TEMPORAL_TEST_SERVER) } },
  });
}

/** A harness whose api and in-process worker run on a fresh time-skipping server. */
export async function timeSkippingHarness(): Promise<{
  env: TestWorkflowEnvironment;
  h: Harness;
  close: () => Promise<void>;
}> {
  const env = await startTimeSkipping();
  const h = await createHarness({ temporalAddress: env.address });
  await h.startWorker();
  return {
    env,
    h,
    close: async () => {
      await h.close();
      await env.teardown();
    },
  };
}
