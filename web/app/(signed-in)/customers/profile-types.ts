// The api's answers the customer pages read, typed from the core schemas they are built from.
import type { Customer } from '../../../../core/customer.ts';
import type { Profile } from '../../../../core/profile.ts';
import type { RfmSegment } from '../../../../core/rfm.ts';

export type {
  CampaignEntered,
  EventsPage,
  MessageHistory as Message,
  Profile,
  TimelineEvent,
  WebVisit,
} from '../../../../core/profile.ts';
export type { Customer };
export type { LedgerEntry } from '../../../../core/points.ts';
export type { Receipt } from '../../../../core/receipt.ts';
export type { CustomerMetrics, Interest } from '../../../../core/rfm.ts';

/** A journey as the profile lists it, with its Temporal UI page. */
export type JourneyEntry = Profile['campaigns'][number];

export type { CustomerPage as CustomerList } from '../../../../core/contract/customers.ts';

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

const SEGMENT_WORDS: Record<RfmSegment, string> = {
  champions: 'Champions',
  loyal: 'Loyal',
  potential_loyalists: 'Potential loyalists',
  new: 'New',
  promising: 'Promising',
  need_attention: 'Need attention',
  about_to_sleep: 'About to sleep',
  at_risk: 'At risk',
  cannot_lose: 'Cannot lose',
  hibernating: 'Hibernating',
  lost: 'Lost',
  lapsed: 'Lapsed',
};

/** "Potential loyalists" for potential_loyalists. */
export const segmentName = (s: RfmSegment) => SEGMENT_WORDS[s];
