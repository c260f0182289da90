// "Test connection" for a gateway: one attempt on a worker, its answer returned to the api.
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import type { GatewayTestOutcome } from './gateway-test-api.ts';

const { testGateway } = proxyActivities<Activities>({
  startToCloseTimeout: '45 seconds',
  // A refusal is the answer, not a fault: tried once.
  retry: { maximumAttempts: 1 },
});

export async function testGatewayWorkflow(gatewayId: string): Promise<GatewayTestOutcome> {
  return testGateway(gatewayId);
}
