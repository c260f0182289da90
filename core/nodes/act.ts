// Nodes that act on the outside world: send an email or a message, update the profile, call an
// HTTP API. Every one acts once per visit, however often the workflow retries it.
import { z } from 'zod';
import { Channel } from '../channels.ts';
import { Duration } from '../duration.ts';
import { NodeBase } from '../graph-base.ts';
import { duplicates, type KindRegistry } from './kind.ts';

export const SendEmailNode = z.object({
  ...NodeBase,
  kind: z.literal('sendEmail'),
  templateId: z.string().min(1, 'pick the email template'),
  /** The template revision this node sends: pinned when the campaign version is published. */
  templateRevision: z.number().int().min(1).optional(),
  /**
   * "promo" when absent. A marketing type respects unsubscribes and carries an unsubscribe link;
   * a transactional one (messaging_types) does neither.
   */
  messagingType: z.string().min(1).optional(),
});
export type SendEmailNode = z.infer<typeof SendEmailNode>;

/** One step of a send's fallback cascade: a channel and the template written for it. */
export const ChannelTemplate = z.object({
  channel: Channel,
  templateId: z.string().min(1, 'pick a template for this channel'),
  /** Pinned when the campaign version is published, as on sendEmail. */
  templateRevision: z.number().int().min(1).optional(),
});

/**
 * Sends on the first channel that reaches the customer: push, else SMS, else email. A channel
 * is skipped when the customer has no valid address or consent on it, or its gateway refuses
 * the message for good. Leaves by "sent", or by "undelivered" when no channel got through.
 */
export const SendMessageNode = z.object({
  ...NodeBase,
  kind: z.literal('sendMessage'),
  channels: z.array(ChannelTemplate).min(1, 'add at least one channel'),
  /** The sender shown to the customer (email "from", SMS sender ID); the gateway's default otherwise. */
  sender: z.string().max(200).optional(),
  /** Promotional sends respect unsubscribes; transactional ones go to any valid address. */
  messagingType: z.string().min(1).default('promo'),
});
export type SendMessageNode = z.infer<typeof SendMessageNode>;

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const ProfileAction = z.discriminatedUnion('op', [
  /** Sets a standard attribute ("city") or a custom field ("custom.tier"); null clears it. */
  z.object({
    op: z.literal('set'),
    attribute: z.string().min(1, 'name the attribute'),
    value: Scalar,
  }),
  z.object({ op: z.literal('addTag'), tag: z.string().min(1, 'name the tag').max(100) }),
  z.object({ op: z.literal('removeTag'), tag: z.string().min(1, 'name the tag').max(100) }),
  z.object({ op: z.literal('addToAudience'), audienceId: z.string().min(1, 'pick an audience') }),
  z.object({
    op: z.literal('accruePoints'),
    amount: z
      .number()
      .int()
      .refine((n) => n !== 0, 'accrue a non-zero number of points'),
    reason: z.string().min(1).max(200).default('campaign'),
  }),
]);
export type ProfileAction = z.infer<typeof ProfileAction>;

/** Changes the customer's profile; every action is applied once, even if the step is retried. */
export const UpdateProfileNode = z.object({
  ...NodeBase,
  kind: z.literal('updateProfile'),
  actions: z.array(ProfileAction).min(1, 'add at least one change'),
});
export type UpdateProfileNode = z.infer<typeof UpdateProfileNode>;

/**
 * Calls an external system. The URL, headers and body are Liquid templates over the customer
 * and the trigger event. Leaves by "success" (2xx) or "failure" (any other answer, or no answer
 * after the retries).
 */
export const HttpCallNode = z.object({
  ...NodeBase,
  kind: z.literal('httpCall'),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('POST'),
  url: z.string().min(1, 'give the URL to call, e.g. "https://crm.example.com/hooks"'),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.string().max(100_000).optional(),
  timeout: Duration.optional(),
});
export type HttpCallNode = z.infer<typeof HttpCallNode>;

export const actNodes = [SendEmailNode, SendMessageNode, UpdateProfileNode, HttpCallNode] as const;
export type ActNode = z.infer<(typeof actNodes)[number]>;

export const actRules: KindRegistry<ActNode> = {
  sendEmail: {
    exits: () => ['next'],
    templates: (node) => [{ field: 'templateId', templateId: node.templateId }],
    docs: { exits: 'next', does: 'renders a template and sends it once' },
  },
  sendMessage: {
    exits: () => ['sent', 'undelivered'],
    problems: (node) =>
      duplicates(node.channels.map((c) => c.channel)).map(
        (channel) => `${channel} appears twice in the cascade: keep one`,
      ),
    templates: (node) =>
      node.channels.map((c, i) => ({
        field: `channels.${i}.templateId`,
        templateId: c.templateId,
      })),
    docs: {
      exits: 'sent, undelivered',
      does: 'a fallback cascade (push, else SMS, else email): a channel without a valid address, with an unsubscribe, or without a gateway is skipped with its reason',
    },
  },
  updateProfile: {
    exits: () => ['next'],
    docs: {
      exits: 'next',
      does: 'sets attributes and custom fields, adds and removes tags, adds to a static audience; applied once per visit even if retried',
    },
  },
  httpCall: {
    exits: () => ['success', 'failure'],
    problems: (node) =>
      /^(https?:\/\/|\{\{)/.test(node.url) ? [] : ['the URL must start with http:// or https://'],
    docs: {
      exits: 'success, failure',
      does: 'calls an external system (Liquid in URL, headers and body: percent-encoded in the URL, JSON-escaped in a JSON body, filter `json` or `raw` to opt out; an `Idempotency-Key` header); 4xx fails at once, 5xx and timeouts after 3 attempts',
    },
  },
};
