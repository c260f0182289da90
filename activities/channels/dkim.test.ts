// DKIM signing on an SMTP gateway: the message that reaches a real SMTP server verifies against
// the public key (with mailauth, the DNS answered by the test), and the signature covers the
// headers one-click unsubscribe needs signed when they are present.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { loadConfig } from '../../core/config.ts';
import { createCustomer } from '../../db/customers.ts';
import { createTemplate } from '../../db/templates.ts';
import { welcomeTemplate } from '../../scripts/demo-campaigns.ts';
import { createHarness, eventually, type Harness } from '../../scripts/testing/harness.ts';
import { sendEmailActivities } from '../send-email.ts';
import { createGatewayRegistry, type GatewayRegistry } from './registry.ts';
import { createSmtpGateway, DKIM_HEADERS } from './smtp.ts';

const log = pino({ level: 'silent' });
const config = loadConfig();
let h: Harness;
let gateways: GatewayRegistry;
let server: SMTPServer;
const raw: Buffer[] = [];
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

before(async () => {
  h = await createHarness();
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        raw.push(Buffer.concat(chunks));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  gateways = createGatewayRegistry({
    db: h.db,
    secret: config.HERALD_SECRET,
    environmentEmail: createSmtpGateway({
      host: '127.0.0.1',
      port: h.smtp.port,
      secure: false,
      from: 'env@herald.local',
    }),
    egress: config.EGRESS_ALLOW,
    log,
    onReport: () => Promise.resolve(),
  });
});
after(async () => {
  await gateways.close();
  await new Promise<void>((r) => server.close(() => r()));
  await h.close();
});

test('a gateway with a DKIM key signs what it sends, and the signature verifies', async () => {
  const missingKey = await h.api('/v1/gateways', {
    body: {
      name: 'No key',
      provider: 'smtp',
      settings: {
        host: '127.0.0.1',
        dkim: { domainName: 'shop.example', keySelector: 'mail2026' },
      },
    },
  });
  assert.equal(missingKey.status, 400);
  assert.equal(missingKey.body.error.problems[0].field, 'credentials.dkimPrivateKey');

  const port = (server.server.address() as AddressInfo).port;
  const res = await h.api('/v1/gateways', {
    body: {
      name: 'Shop mail',
      provider: 'smtp',
      isDefault: true,
      settings: {
        host: '127.0.0.1',
        port,
        from: 'Shop <news@shop.example>',
        dkim: { domainName: 'shop.example', keySelector: 'mail2026' },
      },
      credentials: {
        dkimPrivateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      },
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.deepEqual(res.body.gateway.credentialFields, ['dkimPrivateKey']);

  const { sendEmail } = sendEmailActivities({
    db: h.db,
    email: createSmtpGateway({
      host: '127.0.0.1',
      port: h.smtp.port,
      secure: false,
      from: 'x@y.z',
    }),
    log,
    gateways,
  });
  const c = await createCustomer(h.db, { email: 'dkim@example.com', firstName: 'Dee' });
  const templateId = (await createTemplate(h.db, welcomeTemplate)).id;
  const result = await sendEmail({
    idempotencyKey: 'journey:dkim:1',
    customerId: c.id,
    templateId,
  });
  assert.equal(result.status, 'sent');
  const [mail] = await eventually(() => Promise.resolve(raw.length ? raw : undefined));
  const row = await h.db('messages').where({ id: result.messageId }).first();
  assert.equal(row.gateway_id, res.body.gateway.id);
  assert.equal(row.sender, 'Shop <news@shop.example>');

  const dns = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const verified = await dkimVerify(mail!, {
    resolver: (name: string, type: string) => {
      assert.equal(`${name}/${type}`, 'mail2026._domainkey.shop.example/TXT');
      return Promise.resolve([[`v=DKIM1; k=rsa; p=${dns}`]]);
    },
  });
  const [signature] = verified.results;
  assert.equal(signature?.status.result, 'pass', JSON.stringify(signature?.status));
  assert.equal(signature?.signingDomain, 'shop.example');
  // One-click unsubscribe's headers are among those signed whenever a message carries them.
  assert.ok(DKIM_HEADERS.split(':').includes('list-unsubscribe'));
  assert.ok(DKIM_HEADERS.split(':').includes('list-unsubscribe-post'));
});
