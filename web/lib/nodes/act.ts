// The nodes that act, on the canvas (core/nodes/act.ts holds their schemas).
import type { ActNode } from '../../../core/graph.ts';
import {
  channelOptions,
  durationFields,
  newProfileAction,
  profileActionFields,
} from '../fields.ts';
import { circle, settle, type SpecRegistry } from './kind.ts';

export const actKinds = {
  sendEmail: {
    label: 'Email',
    hint: 'Sends an email template once',
    group: 'Act',
    colour: '#059669',
    icon: [
      'M5 5h14a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V7a2 2 0 0 1 2-2z',
      'm3 7 9 6 9-6',
    ],
    hasInput: true,
    defaults: () => ({ templateId: '' }),
    fields: [
      { type: 'template', path: 'templateId', label: 'Template' },
      { type: 'text', path: 'messagingType', label: 'Messaging type', placeholder: 'promo' },
    ],
    summary: (node) => `send email “${node.templateId}”`,
  },
  sendMessage: {
    label: 'Message',
    hint: 'Sends on the first channel that reaches the customer: leaves by "sent" or "undelivered"',
    group: 'Act',
    colour: '#059669',
    icon: ['M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z'],
    hasInput: true,
    defaults: () => ({ channels: [{ channel: 'push', templateId: '' }], messagingType: 'promo' }),
    fields: [
      {
        type: 'list',
        path: 'channels',
        label: 'Try in order',
        addLabel: 'Add fallback channel',
        newItem: () => ({ channel: 'email', templateId: '' }),
        item: [
          { type: 'select', path: 'channel', label: 'Channel', options: channelOptions },
          { type: 'template', path: 'templateId', label: 'Template' },
        ],
      },
      { type: 'text', path: 'sender', label: "Sender (empty: the gateway's)" },
      { type: 'text', path: 'messagingType', label: 'Messaging type', placeholder: 'promo' },
    ],
    summary: (node) => `send by ${node.channels.map((c) => c.channel).join(', else ')}`,
  },
  updateProfile: {
    label: 'Update profile',
    hint: 'Sets attributes, tags, audiences or points on the customer',
    group: 'Act',
    colour: '#0d9488',
    icon: [circle(9, 7, 4), 'M3 21v-2a4 4 0 0 1 4-4h4', 'M16.5 13.5l3 3L14 22h-3v-3z'],
    hasInput: true,
    defaults: () => ({ actions: [newProfileAction()] }),
    fields: [
      {
        type: 'list',
        path: 'actions',
        label: 'Changes',
        addLabel: 'Add change',
        newItem: newProfileAction,
        item: profileActionFields,
      },
    ],
    summary: (node) =>
      `update profile: ${node.actions.length} change${node.actions.length > 1 ? 's' : ''}`,
  },
  httpCall: {
    label: 'HTTP call',
    hint: 'Calls another system (Liquid in URL, headers, body): leaves by "success" or "failure"',
    group: 'Act',
    colour: '#475569',
    icon: [circle(12, 12, 9), 'M3 12h18M12 3a15 15 0 0 1 0 18M12 3a15 15 0 0 0 0 18'],
    hasInput: true,
    defaults: () => ({ method: 'POST', url: '' }),
    fields: [
      {
        type: 'select',
        path: 'method',
        label: 'Method',
        options: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => ({ value: m, label: m })),
      },
      { type: 'text', path: 'url', label: 'URL', placeholder: 'https://crm.example.com/hooks' },
      { type: 'record', path: 'headers', label: 'Headers' },
      {
        type: 'textarea',
        path: 'body',
        label: 'Body',
        placeholder: '{"email": "{{ customer.email }}"}',
      },
      ...durationFields('timeout', 'Give up after'),
    ],
    tidy: settle('timeout', 'amount', (t) => ({ unit: 'seconds', ...t })),
    summary: (node) => `call ${node.method} ${node.url}`,
  },
} satisfies SpecRegistry<ActNode['kind']>;
