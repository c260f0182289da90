// What the api needs to run a gateway's "test connection" on a worker (which holds the
// providers' clients and the network egress), without importing workflow code.
export const TEST_GATEWAY_WORKFLOW_TYPE = 'testGatewayWorkflow';
export const testGatewayWorkflowId = (gatewayId: string, at: string) =>
  `gateway-test:${gatewayId}:${at}`;

export interface GatewayTestOutcome {
  ok: boolean;
  /** The provider's own words: its greeting, or why it refused. */
  detail: string;
}
