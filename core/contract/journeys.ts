// Journeys from the outside: manual entries, an event for one journey, a journey's live state.
import { z } from 'zod';
import { Timestamp } from './common.ts';
import { EntryStatus } from './campaigns.ts';
import { StartedJourney } from './events.ts';

export const WorkflowParams = z.object({ workflowId: z.string().min(1).max(1000) });
export type WorkflowParams = z.infer<typeof WorkflowParams>;

export const Entered = z.object({ journey: StartedJourney });
export type Entered = z.infer<typeof Entered>;

export const JourneyEventDelivered = z.object({
  delivered: z.literal(true),
  event: z.object({
    id: z.uuid(),
    type: z.string(),
    properties: z.record(z.string(), z.unknown()),
    occurredAt: Timestamp,
  }),
});
export type JourneyEventDelivered = z.infer<typeof JourneyEventDelivered>;

/** The journey workflow's answer to its state query (workflows/journey-api.ts). */
export const JourneyState = z.object({
  currentNode: z.string().nullable(),
  /** Node IDs in the order the journey visited them (the latest 100 after a continue-as-new). */
  path: z.array(z.string()),
  steps: z.number(),
  wakeUpAt: z.string().nullable(),
  eventsReceived: z.number(),
  paused: z.boolean(),
  outcome: z.enum(['completed', 'converted', 'exited', 'stopped']).nullable(),
});
export type JourneyState = z.infer<typeof JourneyState>;

export const JourneyDetail = z.object({
  journey: z.object({
    workflowId: z.string(),
    campaignId: z.uuid(),
    customerId: z.uuid(),
    version: z.number(),
    entryNumber: z.number(),
    status: EntryStatus,
    enteredAt: Timestamp,
    finishedAt: Timestamp.nullable(),
    temporalUrl: z.string(),
    /** Null when the workflow cannot be asked (finished past Temporal's retention). */
    state: JourneyState.nullable(),
  }),
});
export type JourneyDetail = z.infer<typeof JourneyDetail>;
