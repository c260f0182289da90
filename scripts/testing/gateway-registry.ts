// What the channel tests share: a gateway registry as the worker builds one (delivery reports
// applied as they arrive, callbacks at the harness's api) and a template to send.
import pino from 'pino';
import { createGatewayRegistry } from '../../activities/channels/registry.ts';
import { loadConfig } from '../../core/config.ts';
import { receiveDeliveryReport } from '../../entry/delivery-reports.ts';
import type { Harness } from './harness.ts';

export function testGatewayRegistry(h: Harness) {
  const config = loadConfig();
  const log = pino({ level: 'silent' });
  const entryDeps = { db: h.db, temporal: h.temporal, log, config };
  return createGatewayRegistry({
    db: h.db,
    secret: config.HERALD_SECRET,
    environmentEmail: undefined as never, // no email in these tests
    callbackBaseUrl: h.apiUrl,
    egress: config.EGRESS_ALLOW,
    log,
    onReport: async (id, report) => {
      await receiveDeliveryReport(entryDeps, { gatewayId: id, ...report });
    },
  });
}

/** A template of one channel; returns its ID. */
export async function insertTemplate(
  h: Harness,
  t: { name: string; channel: string; body: string; content?: object },
): Promise<string> {
  const [row] = await h
    .db('templates')
    .insert({
      name: t.name,
      channel: t.channel,
      subject: '',
      body: t.body,
      ...(t.content && { content: JSON.stringify(t.content) }),
    })
    .returning<{ id: string }[]>('id');
  return row!.id;
}
