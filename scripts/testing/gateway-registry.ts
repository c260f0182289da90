// What the channel tests share: a gateway registry as the worker builds one (delivery reports
// applied as they arrive, callbacks at the harness's api) and a template to send.
import assert from 'node:assert/strict';
import pino from 'pino';
import { createGatewayRegistry } from '../../activities/channels/registry.ts';
import { loadConfig } from '../../core/config.ts';
import { receiveDeliveryReport } from '../../entry/delivery-reports.ts';
import type { Harness } from './harness.ts';
import { type Smsc, SMSC_PASSWORD, SMSC_SYSTEM_ID } from './smsc.ts';

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

/**
 * A template of one channel, published as its revision 1 as the api publishes a new one (sends
 * render a published revision, never the draft); returns its ID. Webhook templates, which the
 * api does not take, are made this way too.
 */
export async function insertTemplate(
  h: Pick<Harness, 'db'>,
  t: { name: string; channel: string; body: string; subject?: string; content?: object },
): Promise<string> {
  return h.db.transaction(async (trx) => {
    const content = JSON.stringify(t.content ?? {});
    const [row] = await trx('templates')
      .insert({
        name: t.name,
        channel: t.channel,
        subject: t.subject ?? '',
        body: t.body,
        content,
        published_revision: 1,
      })
      .returning<{ id: string; revision: number }[]>(['id', 'revision']);
    await trx('template_revisions').insert({
      template_id: row!.id,
      revision: row!.revision,
      subject: t.subject ?? '',
      body: t.body,
      content,
    });
    return row!.id;
  });
}

/** The local SMSC as the default SMS gateway, added through the api; returns its ID. */
export async function addSmscGateway(
  h: Pick<Harness, 'api'>,
  smsc: Pick<Smsc, 'port'>,
  senders = ['Shop'],
): Promise<string> {
  const res = await h.api('/v1/gateways', {
    body: {
      name: 'SMSC',
      provider: 'smpp',
      settings: { host: '127.0.0.1', port: smsc.port },
      credentials: { systemId: SMSC_SYSTEM_ID, password: SMSC_PASSWORD },
      senders,
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.gateway.id as string;
}
