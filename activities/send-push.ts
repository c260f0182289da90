// What a push send needs beyond any gateway send: the device (the active one seen last, whose
// token reachability answered) and a gateway whose provider reaches its platform. The
// notification itself is rendered like every channel's message (activities/channel-message.ts).
import { providersReaching } from '../core/push-gateways.ts';
import { type DeviceRow, pushTarget } from '../db/devices.ts';
import type { PushGateway } from './channels/gateway.ts';
import type { Resolved } from './channels/registry.ts';
import type { ActivityDeps } from './deps.ts';

type PushRoute =
  | { device: DeviceRow; resolved: Resolved<PushGateway>; skipped?: never }
  | { device?: DeviceRow; resolved?: never; skipped: string };

export async function pushRoute(
  deps: Pick<ActivityDeps, 'db' | 'gateways'>,
  customerId: string,
  token: string,
): Promise<PushRoute> {
  const device = await pushTarget(deps.db, customerId);
  // Reachability read the same device an instant ago; one deactivated since is skipped likewise.
  if (!device || device.token !== token) return { skipped: 'the customer has no push address' };
  const resolved = await deps.gateways?.resolve(
    'push',
    undefined,
    providersReaching(device.platform),
  );
  if (!resolved)
    return { device, skipped: `no push gateway for ${device.platform} devices is configured` };
  return { device, resolved };
}
