// Gateway chores the api asks of a worker: "test connection".
import type { GatewayTestOutcome } from '../workflows/gateway-test-api.ts';
import type { ActivityDeps } from './deps.ts';

export function gatewayActivities({ gateways }: Pick<ActivityDeps, 'gateways'>) {
  return {
    testGateway: async (gatewayId: string): Promise<GatewayTestOutcome> =>
      gateways
        ? gateways.test(gatewayId)
        : { ok: false, detail: 'this worker was started without gateways' },
  };
}
