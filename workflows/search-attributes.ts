// The search attributes every journey carries, so ops can list, for example, every journey of
// one campaign or one customer in the Temporal UI. Registered by the worker at start.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const CampaignIdKey = defineSearchAttributeKey('CampaignId', SearchAttributeType.KEYWORD);
export const CustomerIdKey = defineSearchAttributeKey('CustomerId', SearchAttributeType.KEYWORD);
export const CampaignVersionKey = defineSearchAttributeKey(
  'CampaignVersion',
  SearchAttributeType.INT,
);

/** The node a journey is at now, so ops can list, say, every customer waiting in one delay. */
export const JourneyNodeKey = defineSearchAttributeKey('JourneyNode', SearchAttributeType.KEYWORD);

export const journeySearchAttributeKeys = [
  CampaignIdKey,
  CustomerIdKey,
  CampaignVersionKey,
  JourneyNodeKey,
];
