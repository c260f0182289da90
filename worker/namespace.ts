// Registers Herald's namespace when the Temporal server has none of that name. The dev server
// creates "default" itself; a cluster starts with no namespace at all, so every worker makes
// sure of it at start (compose and Kubernetes have no launcher to do it). Idempotent.
import { status } from '@grpc/grpc-js';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';

export async function ensureNamespace(address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    try {
      await connection.workflowService.describeNamespace({ namespace });
      return;
    } catch (err) {
      if ((err as { code?: number }).code !== status.NOT_FOUND) throw err;
    }
    try {
      await connection.workflowService.registerNamespace({
        namespace,
        workflowExecutionRetentionPeriod: msToTs('7 days'), // how long closed journeys stay in the UI,
      });
    } catch (err) {
      // Another worker registered it first.
      if ((err as { code?: number }).code !== status.ALREADY_EXISTS) throw err;
    }
    // A new namespace reaches the frontend's cache some seconds later (describe reads the
    // database, most other calls the cache): wait until a cached read finds it.
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        await connection.operatorService.listSearchAttributes({ namespace });
        return;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  } finally {
    await connection.close();
  }
}
