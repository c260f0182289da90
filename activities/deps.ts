// What activities need from the outside world, handed to the factory by the worker (or a test).
import type { Tracking } from '../core/tracking.ts';
import type { EntryDeps } from '../entry/deps.ts';
import type { EmailGateway } from './channels/gateway.ts';
import type { GatewayRegistry } from './channels/registry.ts';

/** Postgres, the gateways, and a Temporal client for the triggers that enter customers. */
export interface ActivityDeps extends EntryDeps {
  email: EmailGateway;
  /** Herald's public links in emails (open and click tracking, unsubscribe); off when absent. */
  tracking?: Tracking;
  /** The gateways table's providers (SMS, and email gateways beside the environment's SMTP). */
  gateways?: GatewayRegistry;
}
