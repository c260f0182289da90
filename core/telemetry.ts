// Herald's Prometheus metrics, one registry per process (the api and each worker serve theirs on a
// port of its own: entry/telemetry-server.ts). Counters live in memory; Prometheus sums them over
// processes. Labels are bounded: campaign IDs, channels, statuses, activity and route names.
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'herald_' });

export const httpRequestDuration = new Histogram({
  name: 'herald_http_request_duration_seconds',
  help: 'api requests by method, route pattern and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

/** A counter of this registry. */
const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
  new Counter({ name, help, labelNames, registers: [registry] });

export const eventsAccepted = counter(
  'herald_events_accepted_total',
  'events stored (a repeated idempotency key is counted as duplicate)',
  ['duplicate'] as const,
);

export const journeysStarted = counter(
  'herald_journeys_started_total',
  'journeys started, by campaign',
  ['campaign'] as const,
);

export const journeysFinished = counter(
  'herald_journeys_finished_total',
  'journeys finished, by campaign and how they ended',
  ['campaign', 'status'] as const,
);

export const messagesSent = counter(
  'herald_messages_total',
  'messages by channel and the status their send ended in',
  ['channel', 'status'] as const,
);

export const activityFailures = counter(
  'herald_activity_failures_total',
  'activity attempts that threw, by activity (Temporal retries them)',
  ['activity'] as const,
);
