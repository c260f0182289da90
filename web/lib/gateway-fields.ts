// The gateway form as field descriptions (lib/fields.ts), per provider: its settings and its
// credentials as core/gateways.ts and core/push-gateways.ts declare them. Validation stays with
// those schemas: the api answers a 400 naming each field's path, shown under that field.
import type { GatewayProvider } from '../../core/gateways.ts';
import type { Field } from './fields.ts';

type Obj = Record<string, unknown>;

export const CHANNEL_ORDER = ['email', 'sms', 'viber', 'push', 'webhook'] as const;

export const PROVIDER_LABELS: Record<GatewayProvider, string> = {
  smtp: 'SMTP relay',
  smpp: 'SMPP (SMSC)',
  twilio: 'Twilio',
  http: 'HTTP SMS provider',
  infobip: 'Infobip Viber',
  fcm: 'Firebase Cloud Messaging',
  apns: 'Apple Push (APNs)',
  huawei: 'Huawei Push Kit',
  webhook: 'Webhook',
};

const timeout = (label = 'Seconds before a send counts as unknown'): Field => ({
  type: 'number',
  path: 'timeoutSeconds',
  label,
});

const settings: Record<GatewayProvider, Field[]> = {
  smtp: [
    { type: 'text', path: 'host', label: 'Host', placeholder: 'smtp.example.com' },
    { type: 'number', path: 'port', label: 'Port' },
    { type: 'checkbox', path: 'secure', label: 'TLS from the first byte (port 465)' },
    { type: 'text', path: 'from', label: 'From', placeholder: 'Shop <news@shop.example>' },
    { type: 'text', path: 'dkim.domainName', label: 'DKIM domain', placeholder: 'shop.example' },
    { type: 'text', path: 'dkim.keySelector', label: 'DKIM selector', placeholder: 'mail2026' },
  ],
  smpp: [
    { type: 'text', path: 'host', label: 'SMSC host', placeholder: 'smsc.example.com' },
    { type: 'number', path: 'port', label: 'Port' },
    { type: 'checkbox', path: 'tls', label: 'SMPP over TLS' },
    { type: 'text', path: 'systemType', label: 'system_type' },
    { type: 'number', path: 'windowSize', label: 'Window (submit_sm in flight)' },
    { type: 'number', path: 'enquireLinkSeconds', label: 'enquire_link every (seconds)' },
    { type: 'number', path: 'submitTimeoutSeconds', label: 'submit_sm answer within (seconds)' },
  ],
  twilio: [
    {
      type: 'text',
      path: 'apiBaseUrl',
      label: 'API base URL',
      placeholder: 'https://api.twilio.com',
    },
    {
      type: 'text',
      path: 'messagingServiceSid',
      label: 'Messaging Service SID',
      placeholder: 'MG…',
    },
    timeout(),
  ],
  http: [
    { type: 'text', path: 'url', label: 'URL', placeholder: 'https://api.provider.example/send' },
    { type: 'select', path: 'method', label: 'Method', options: opts('POST', 'GET') },
    { type: 'select', path: 'encoding', label: 'Body', options: opts('json', 'form', 'query') },
    {
      type: 'record',
      path: 'fields',
      label: 'Fields sent (Liquid over to, from, text, messageId, statusCallbackUrl)',
      help: 'One per line, e.g. "phone: {{ to }}"',
    },
    {
      type: 'text',
      path: 'messageIdPath',
      label: 'Message ID in the answer',
      placeholder: 'result.id',
    },
    { type: 'text', path: 'invalidNumberText', label: 'Words of a refusal that flag the number' },
    timeout(),
    { type: 'text', path: 'report.idField', label: 'Report: message ID field' },
    { type: 'text', path: 'report.statusField', label: 'Report: status field' },
    { type: 'textList', path: 'report.delivered', label: 'Report: delivered statuses' },
    { type: 'textList', path: 'report.failed', label: 'Report: failed statuses' },
    { type: 'text', path: 'report.errorField', label: 'Report: error field' },
  ],
  infobip: [
    {
      type: 'text',
      path: 'baseUrl',
      label: 'API base URL',
      placeholder: 'https://xxxxx.api.infobip.com',
    },
    timeout(),
  ],
  fcm: [
    timeout('Seconds before a send counts as unknown (at most 15)'),
    {
      type: 'text',
      path: 'connectTo',
      label: 'Connect through (host:port)',
      placeholder: 'fcm-proxy.internal:443',
    },
    { type: 'textarea', path: 'caCertificate', label: 'Further CA to trust (PEM)' },
  ],
  apns: [
    { type: 'text', path: 'topic', label: 'Bundle ID (topic)', placeholder: 'com.shop.app' },
    { type: 'checkbox', path: 'production', label: 'Production (off: the sandbox)', initial: true },
    { type: 'text', path: 'address', label: 'Another APNs host' },
    { type: 'number', path: 'port', label: 'Port' },
    { type: 'textarea', path: 'caCertificate', label: 'Further CA to trust (PEM)' },
    timeout(),
  ],
  huawei: [
    { type: 'text', path: 'appId', label: 'App ID', placeholder: '10xxxxxxx' },
    { type: 'text', path: 'apiBaseUrl', label: 'Push Kit base URL' },
    { type: 'text', path: 'tokenUrl', label: 'OAuth token URL' },
    timeout(),
  ],
  webhook: [
    { type: 'text', path: 'url', label: 'URL', placeholder: 'https://crm.example.com/herald' },
    timeout(),
  ],
};

const credentials: Record<GatewayProvider, Field[]> = {
  smtp: [
    { type: 'text', path: 'user', label: 'User' },
    { type: 'secret', path: 'password', label: 'Password' },
    { type: 'secret', path: 'dkimPrivateKey', label: 'DKIM private key (PEM)', multiline: true },
  ],
  smpp: [
    { type: 'text', path: 'systemId', label: 'system_id' },
    { type: 'secret', path: 'password', label: 'Password' },
  ],
  twilio: [
    { type: 'text', path: 'accountSid', label: 'Account SID', placeholder: 'AC…' },
    { type: 'secret', path: 'authToken', label: 'Auth Token' },
  ],
  http: [{ type: 'record', path: 'headers', label: 'Headers sent with every request' }],
  infobip: [{ type: 'secret', path: 'apiKey', label: 'API key' }],
  fcm: [
    {
      type: 'json',
      path: 'serviceAccount',
      label: 'Service account key (the JSON file)',
      placeholder: '{ "project_id": …, "client_email": …, "private_key": … }',
    },
  ],
  apns: [
    { type: 'secret', path: 'key', label: 'Signing key (.p8)', multiline: true },
    { type: 'text', path: 'keyId', label: 'Key ID' },
    { type: 'text', path: 'teamId', label: 'Team ID' },
  ],
  huawei: [
    { type: 'secret', path: 'clientSecret', label: 'App Secret' },
    {
      type: 'text',
      path: 'receiptUserName',
      label: 'Receipt callback user name',
      help: 'As set in AppGallery Connect (Push Kit, message receipts); with the key, receipts must be signed',
    },
    { type: 'secret', path: 'receiptKey', label: 'Receipt callback key' },
  ],
  webhook: [{ type: 'secret', path: 'signingSecret', label: 'Signing secret (16+ characters)' }],
};

function opts(...values: string[]) {
  return values.map((value) => ({ value, label: value }));
}

export const settingsFieldsOf = (p: GatewayProvider) => settings[p];
export const credentialFieldsOf = (p: GatewayProvider) => credentials[p];

/** A new gateway's settings: the schema's defaults filled where the form shows them. */
export const newSettings = (p: GatewayProvider): Obj =>
  (
    ({
      smtp: { port: 587 },
      smpp: { port: 2775, windowSize: 10 },
      http: { method: 'POST', encoding: 'json' },
      apns: { production: true, port: 443 },
      huawei: { apiBaseUrl: 'https://push-api.cloud.huawei.com' },
    }) as Partial<Record<GatewayProvider, Obj>>
  )[p] ?? {};

/**
 * Settings as sent: sub-objects left empty (DKIM, a report mapping never filled in) are dropped,
 * so an untouched optional part is absent rather than half-filled.
 */
export function pruneEmpty(value: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined || v === '') continue;
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const inner = pruneEmpty(v as Obj);
      if (Object.keys(inner).length > 0 || k === 'fields' || k === 'headers') out[k] = inner;
    } else out[k] = v;
  }
  return out;
}
