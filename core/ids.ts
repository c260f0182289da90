// Deterministic identifiers. The same inputs always give the same ID, which is what makes
// duplicate deliveries harmless (DESIGN decisions 1 and 4).

/** One journey per customer per campaign entry. */
export function journeyWorkflowId(
  campaignId: string,
  customerId: string,
  entryNumber: number,
): string {
  return `journey:${campaignId}:${customerId}:${entryNumber}`;
}

/** The idempotency key of one message: journey, node and the how-many-th visit of that node. */
export function journeyMessageKey(workflowId: string, nodeId: string, visit: number): string {
  return `${workflowId}:${nodeId}:${visit}`;
}

/** Where ops open one workflow in the Temporal UI. */
export function temporalWorkflowUrl(uiUrl: string, namespace: string, workflowId: string): string {
  return `${uiUrl}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}
