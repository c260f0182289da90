// Test runs of a campaign's draft: a tester follows the graph being edited, before it is
// published, whatever the re-entry rule says. Shared by the api (which starts them), db/ (which
// leaves them out of counters and reports) and the web app (which follows them).
/** The version a test run's entry records: published versions start at 1. */
export const TEST_RUN_VERSION = 0;

/** A test run's journey, told apart from live ones by its workflow ID too (Temporal UI). */
export function testRunWorkflowId(campaignId: string, customerId: string, run: number): string {
  return `test-run:${campaignId}:${customerId}:${run}`;
}
