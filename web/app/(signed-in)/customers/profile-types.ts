// The api's answers the customer pages read, typed from the core schemas they are built from.
import type { Customer } from '../../../../core/customer.ts';
import type { LedgerEntry } from '../../../../core/points.ts';
import type { Receipt } from '../../../../core/receipt.ts';
import type { CustomerMetrics, Interest } from '../../../../core/rfm.ts';

export type { Customer, CustomerMetrics, Interest, LedgerEntry, Receipt };

export type TimelineEvent = {
  id: string;
  type: string;
  properties: Record<string, unknown>;
  occurredAt: string;
  source: string | null;
};

export type EventsPage = { events: TimelineEvent[]; next: string | null };

export type Message = {
  id: string;
  channel: string;
  subject: string | null;
  toAddress: string | null;
  status: string;
  error: string | null;
  campaignId: string | null;
  campaignName: string | null;
  createdAt: string;
  history: { status: string; detail: string | null; at: string }[];
};

export type CampaignEntered = {
  id: string;
  campaignId: string;
  campaignName: string;
  version: number;
  entryNumber: number;
  status: string;
  currentNode: string | null;
  workflowId: string;
  enteredAt: string;
  finishedAt: string | null;
  temporalUrl: string;
};

export type WebVisit = {
  id: string;
  url: string | null;
  title: string | null;
  occurredAt: string;
};

export type Profile = {
  customer: Customer;
  metrics: CustomerMetrics;
  interests: Interest[];
  receipts: Receipt[];
  events: EventsPage;
  webVisits: WebVisit[];
  messages: Message[];
  campaigns: CampaignEntered[];
  points: { balance: number; ledger: LedgerEntry[] };
};

export type CustomerList = { customers: Customer[]; total: number };

/** "Ann Lee", else the email, else the external ID, else the Herald ID. */
export function displayName(c: Customer): string {
  const name = [c.firstName, c.lastName].filter(Boolean).join(' ');
  return name || c.email || c.externalId || c.id;
}

export function formatAmount(n: number | null | undefined, currency?: string): string {
  if (n === null || n === undefined) return '—';
  return n.toLocaleString(undefined, {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
    ...(currency && { style: 'currency', currency }),
  });
}
