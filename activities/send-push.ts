// What a push send needs beyond any gateway send: the device (the active one seen last, whose
// token reachability answered), a gateway whose provider reaches its platform, and the
// template's push content rendered: subject as the title, body as the text, and the image and
// deep link of its content (core/channel-content.ts), all Liquid over the customer and event.
import { renderText } from '../core/message-text.ts';
import { providersReaching } from '../core/push-gateways.ts';
import { type DeviceRow, pushTarget } from '../db/devices.ts';
import type { TemplateRow } from '../db/templates.ts';
import type { OutgoingPush, PushGateway } from './channels/gateway.ts';
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

export async function pushContent(
  template: Pick<TemplateRow, 'subject' | 'body' | 'content'>,
  variables: Record<string, unknown>,
): Promise<Pick<OutgoingPush, 'title' | 'body' | 'imageUrl' | 'deepLink'>> {
  const render = (text: string) => renderText(text, variables);
  const [title, body, imageUrl, deepLink] = await Promise.all([
    render(template.subject ?? ''),
    render(template.body),
    template.content?.imageUrl ? render(template.content.imageUrl) : undefined,
    template.content?.deepLink ? render(template.content.deepLink) : undefined,
  ]);
  return {
    title,
    body,
    ...(imageUrl && { imageUrl }),
    ...(deepLink && { deepLink }),
  };
}
