// The condition kinds of each family, in the order the builder lists them.
import { AudienceCondition, RandomBucketCondition, SegmentCondition } from './membership.ts';
import {
  EventCondition,
  EventOccurrenceCondition,
  InterestCondition,
  SurveyCondition,
  WebsiteCondition,
} from './behaviour.ts';
import {
  CampaignEntriesCondition,
  LastMessageCondition,
  MessagesCondition,
} from './communication.ts';
import {
  AttributeCondition,
  ContactCondition,
  CustomFieldCondition,
  SubscriptionCondition,
} from './customer.ts';

export const CustomerConditions = [
  AttributeCondition,
  CustomFieldCondition,
  ContactCondition,
  SubscriptionCondition,
] as const;
export const BehaviourConditions = [
  EventCondition,
  EventOccurrenceCondition,
  WebsiteCondition,
  InterestCondition,
  SurveyCondition,
] as const;
export const CommunicationConditions = [
  MessagesCondition,
  LastMessageCondition,
  CampaignEntriesCondition,
] as const;
export const MembershipConditions = [
  SegmentCondition,
  AudienceCondition,
  RandomBucketCondition,
] as const;
