// The 360° profile's answer, shared by the api (which builds it) and the web app (which shows it).
import { z } from 'zod';
import { Customer } from './customer.ts';
import { LedgerEntry } from './points.ts';
import { Receipt } from './receipt.ts';
import { CustomerMetrics, Interest, RfmSegment } from './rfm.ts';

export const TimelineEvent = z.object({
  id: z.uuid(),
  type: z.string(),
  properties: z.record(z.string(), z.unknown()),
  occurredAt: z.string(),
  source: z.string().nullable(),
});
export type TimelineEvent = z.infer<typeof TimelineEvent>;

/** A page of events, newest first; `next` is the cursor of the following page, if any. */
export const EventsPage = z.object({ events: z.array(TimelineEvent), next: z.string().nullable() });
export type EventsPage = z.infer<typeof EventsPage>;

/** A page of receipts, newest first; `next` is the cursor of the following page, if any. */
export const ReceiptsPage = z.object({ receipts: z.array(Receipt), next: z.string().nullable() });
export type ReceiptsPage = z.infer<typeof ReceiptsPage>;

export const MessageHistory = z.object({
  id: z.uuid(),
  channel: z.string(),
  subject: z.string().nullable(),
  toAddress: z.string().nullable(),
  status: z.string(),
  error: z.string().nullable(),
  campaignId: z.string().nullable(),
  campaignName: z.string().nullable(),
  createdAt: z.string(),
  history: z.array(z.object({ status: z.string(), detail: z.string().nullable(), at: z.string() })),
});
export type MessageHistory = z.infer<typeof MessageHistory>;

export const CampaignEntered = z.object({
  id: z.uuid(),
  campaignId: z.uuid(),
  campaignName: z.string(),
  version: z.number(),
  entryNumber: z.number(),
  status: z.string(),
  currentNode: z.string().nullable(),
  workflowId: z.string(),
  enteredAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type CampaignEntered = z.infer<typeof CampaignEntered>;

export const WebVisit = z.object({
  id: z.uuid(),
  url: z.string().nullable(),
  title: z.string().nullable(),
  occurredAt: z.string(),
  properties: z.record(z.string(), z.unknown()),
});
export type WebVisit = z.infer<typeof WebVisit>;

/** A row of the customer list: the profile with a few of its metrics. */
export const CustomerSummary = Customer.extend({
  receiptsCount: z.number(),
  totalSpent: z.number(),
  rfmSegment: RfmSegment.nullable(),
});
export type CustomerSummary = z.infer<typeof CustomerSummary>;

export const Profile = z.object({
  customer: Customer,
  metrics: CustomerMetrics,
  interests: z.array(Interest),
  receipts: ReceiptsPage,
  events: EventsPage,
  webVisits: z.array(WebVisit),
  messages: z.array(MessageHistory),
  /** Each journey with its page in the Temporal UI. */
  campaigns: z.array(CampaignEntered.extend({ temporalUrl: z.string() })),
  points: z.object({ balance: z.number(), ledger: z.array(LedgerEntry) }),
});
export type Profile = z.infer<typeof Profile>;
