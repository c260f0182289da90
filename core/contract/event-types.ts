// GET /v1/event-types: the event types Herald has recorded, with their property names, so the
// canvas offers them in a list instead of a field where a typo silently never fires.
import { z } from 'zod';

export const EventPropertyName = z.object({
  name: z.string(),
  /** How many of the type's events carry it (estimated, like `count`, on a large table). */
  count: z.number().int(),
});
export type EventPropertyName = z.infer<typeof EventPropertyName>;

export const EventTypeSummary = z.object({
  type: z.string(),
  count: z.number().int(),
  lastSeenAt: z.iso.datetime({ offset: true }),
  /** Its most common property names, most common first. */
  properties: z.array(EventPropertyName),
});
export type EventTypeSummary = z.infer<typeof EventTypeSummary>;

export const EventTypes = z.object({
  eventTypes: z.array(EventTypeSummary),
  /** True when the counts were read from a sample of a large events table. */
  estimated: z.boolean(),
});
export type EventTypes = z.infer<typeof EventTypes>;
