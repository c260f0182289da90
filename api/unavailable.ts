// Errors that mean a dependency is down, not that the request or Herald is wrong: Postgres
// refusing or dropping connections (a restart, a failover), or the Temporal frontend unreachable.
// The api answers them with 503 and Retry-After, naming what is down, so that clients retry
// instead of taking a 500 for a refusal. A request that met the outage wrote nothing it did not
// commit; what was accepted before stays accepted.
import { status } from '@grpc/grpc-js';

export interface Unavailable {
  code: 'database_unavailable' | 'temporal_unavailable';
  message: string;
}

/** Socket errors of a dropped or refused connection. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);
/** Postgres: admin_shutdown, crash_shutdown, cannot_connect_now (starting or stopping). */
const PG_DOWN_CODES = new Set(['57P01', '57P02', '57P03']);

function* causes(err: unknown): Generator<Record<string, unknown>> {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    yield e as Record<string, unknown>;
    e = (e as { cause?: unknown }).cause;
  }
}

/** What is down, when `err` says a dependency is; undefined for any other error. */
export function dependencyDown(err: unknown): Unavailable | undefined {
  for (const e of causes(err)) {
    const code = e.code;
    const message = typeof e.message === 'string' ? e.message : '';
    // gRPC status codes are numbers: Temporal's client.
    if (code === status.UNAVAILABLE || code === status.DEADLINE_EXCEEDED)
      return {
        code: 'temporal_unavailable',
        message: 'Temporal is unavailable (restarting or unreachable); retry in a few seconds.',
      };
    if (
      (typeof code === 'string' && (PG_DOWN_CODES.has(code) || code.startsWith('08'))) ||
      (typeof code === 'string' && SOCKET_CODES.has(code)) ||
      e.name === 'KnexTimeoutError' ||
      /Connection (terminated|ended) unexpectedly/.test(message)
    )
      return {
        code: 'database_unavailable',
        message: 'The database is unavailable (restarting or unreachable); retry in a few seconds.',
      };
  }
  return undefined;
}
