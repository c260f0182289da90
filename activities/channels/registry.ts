// The worker's gateways: built from the gateways table on first use, kept (an SMPP session stays
// bound) until the row changes, each behind its rate limit. The environment's SMTP gateway is the
// transport the worker was started with.
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterQueue } from 'rate-limiter-flexible';
import type { EgressAllow } from '../../core/egress.ts';
import type { GatewayConfig, GatewayProvider } from '../../core/gateways.ts';
import { pushReceiptToken } from '../../core/push-receipts.ts';
import type { Db } from '../../db/connection.ts';
import {
  gatewayConfig,
  gatewayFor,
  getGateway,
  type GatewayRow,
  pushGatewayFor,
} from '../../db/gateways.ts';
import { egressFetch } from '../egress.ts';
import { buildGateway, type Built } from './build.ts';
import type {
  EmailGateway,
  PushGateway,
  ReceivedReport,
  SmsGateway,
  ViberGateway,
} from './gateway.ts';
import { SendFailure } from './gateway.ts';
import type { WebhookGateway } from './webhook.ts';

export interface GatewayRegistryOptions {
  db: Db;
  /** HERALD_SECRET: opens the sealed credentials. */
  secret: string;
  /** The SMTP transport of the SMTP_* settings: the "Environment SMTP" gateway. */
  environmentEmail: EmailGateway;
  /** The api's public address, where providers post status callbacks. */
  callbackBaseUrl?: string;
  egress: EgressAllow;
  log: Logger;
  /** Stores a delivery report that arrived on a gateway's own connection (SMPP). */
  onReport(gatewayId: string, report: ReceivedReport): Promise<void>;
}

export interface Resolved<G> {
  row: GatewayRow;
  gateway: G;
  /** Waits for the gateway's rate limit (messages per second) to let one more message go. */
  throttle(): Promise<void>;
}

type ByChannel = {
  email: EmailGateway;
  sms: SmsGateway;
  viber: ViberGateway;
  webhook: WebhookGateway;
  push: PushGateway;
};
type Live = { stamp: string; built: Built; limiter?: RateLimiterQueue };

const limiterFor = (rate: number | null) => {
  if (!rate) return undefined;
  // Whole tokens per window: 0.5 a second is 1 every 2 seconds, 2.5 a second 3 every 1.2.
  const points = Math.max(1, Math.ceil(rate));
  return new RateLimiterQueue(new RateLimiterMemory({ points, duration: points / rate }));
};

export function createGatewayRegistry(opts: GatewayRegistryOptions) {
  const live = new Map<string, Live>();
  const fetch = egressFetch(opts.egress);

  function build(config: GatewayConfig): Built {
    return buildGateway(config, {
      fetch,
      egress: opts.egress,
      callbackBaseUrl: opts.callbackBaseUrl,
      onReport: (report) => opts.onReport(config.id, report),
      onError: (err) => opts.log.warn({ gateway: config.name, err: err.message }, 'gateway error'),
      pushReceipt: (messageId) => pushReceiptToken(opts.secret, messageId),
    });
  }

  /**
   * A gateway its provider's library cannot even be set up with (a key that is no key) refuses
   * every send for good, in the library's words, rather than failing the activity for ever.
   */
  function builtFor(row: GatewayRow): Built {
    if (row.managed_by === 'environment')
      return { channel: 'email', gateway: opts.environmentEmail };
    try {
      return build(gatewayConfig(row, opts.secret));
    } catch (err) {
      throw new SendFailure('permanent', `gateway ${row.name}: ${(err as Error).message}`);
    }
  }

  async function liveFor(row: GatewayRow): Promise<Live> {
    const stamp = row.updated_at.toISOString();
    const current = live.get(row.id);
    if (current?.stamp === stamp) return current;
    // The row changed (new credentials, a new host): the old connection goes, a new one comes.
    if (current) await closeBuilt(current.built);
    const fresh = { stamp, built: builtFor(row), limiter: limiterFor(row.rate_per_second) };
    live.set(row.id, fresh);
    return fresh;
  }

  const closeBuilt = async (built: Built) => {
    if (built.gateway !== opts.environmentEmail) await built.gateway.close();
  };

  /** The gateway of a row the caller read already (a send reads it with everything else). */
  async function resolveRow<C extends keyof ByChannel>(
    channel: C,
    row: GatewayRow,
  ): Promise<Resolved<ByChannel[C]>> {
    const { built, limiter } = await liveFor(row);
    if (built.channel !== channel)
      throw new SendFailure('permanent', `gateway ${row.name} does not send ${channel}`);
    return {
      row,
      gateway: built.gateway as ByChannel[C],
      throttle: async () => {
        await limiter?.removeTokens(1);
      },
    };
  }

  return {
    /** The gateway for a channel (the one named, else the default); undefined when none is set. */
    async resolve<C extends keyof ByChannel>(
      channel: C,
      id?: string,
      /** push: the providers that reach the device's platform. */
      providers?: readonly GatewayProvider[],
    ): Promise<Resolved<ByChannel[C]> | undefined> {
      const row = providers
        ? await pushGatewayFor(opts.db, providers)
        : await gatewayFor(opts.db, channel, id);
      return row && resolveRow(channel, row);
    },
    resolveRow,
    /**
     * "Test connection" on a gateway of its own, so that a test never disturbs the live session:
     * the provider's answer, or its refusal in its own words.
     */
    async test(id: string): Promise<{ ok: boolean; detail: string }> {
      const row = await getGateway(opts.db, id);
      if (!row) return { ok: false, detail: `gateway ${id} not found` };
      let built: Built | undefined;
      try {
        built = builtFor(row);
        return { ok: true, detail: await built.gateway.test() };
      } catch (err) {
        return { ok: false, detail: (err as Error).message };
      } finally {
        if (built) await closeBuilt(built);
      }
    },
    async close() {
      await Promise.all([...live.values()].map((l) => closeBuilt(l.built)));
      live.clear();
    },
  };
}

export type GatewayRegistry = ReturnType<typeof createGatewayRegistry>;
