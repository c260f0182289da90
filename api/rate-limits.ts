// Rate limits of the public routes (issue 10): the tracker, tracking links, webhook receivers and invite links
// answer anyone, so one client address may only make so many requests a minute to each group;
// past that, a 429 with Retry-After, before the body is even read. The sign-in has its own
// throttle (api/sign-in-throttle.ts), which counts wrong passwords rather than requests.
//
// Counts live in Postgres (rate_limits, migration 0070), so that several api processes behind a
// load balancer share one count instead of each allowing the limit again. A client already over
// its limit is then refused from this process's memory until its window ends, so a flood costs
// the database one row update per request at most until the limit, none after; should Postgres
// fail, each process falls back to counting alone in memory.
import type { Request, RequestHandler, Response } from 'express';
import { createHash } from 'node:crypto';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from '../core/config.ts';
import { HeraldError } from '../core/errors.ts';
import type { Db } from '../db/connection.ts';

/** The groups of public routes, each with its own limit and count. */
export const RATE_LIMITS = {
  tracker: 'RATE_LIMIT_TRACKER',
  trackingLinks: 'RATE_LIMIT_TRACKING_LINKS',
  /** Webhook receivers, Segment's included. */
  webhooks: 'RATE_LIMIT_WEBHOOKS',
  /** Invite links, looked up and accepted without an account. */
  invites: 'RATE_LIMIT_INVITES',
  /** Preference pages and one-click unsubscribes, reached through signed links in emails. */
  preferences: 'RATE_LIMIT_PREFERENCES',
} as const satisfies Record<string, keyof Config>;
export type RateLimitGroup = keyof typeof RATE_LIMITS;
export type RateLimitConfig = Pick<Config, (typeof RATE_LIMITS)[RateLimitGroup]>;

const WINDOW_SECONDS = 60;

/** Whom a request is counted against: its address, and for webhooks the receiver it posts to. */
const clientOf = (group: RateLimitGroup, req: Request) => {
  const address = req.ip ?? 'unknown';
  if (group !== 'webhooks') return address;
  // One count per receiver (a webhook source, a Segment endpoint), hashed to fit the key column.
  return `${createHash('sha256').update(req.path).digest('base64url').slice(0, 16)}@${address}`;
};

/** A 429 whose Retry-After header says when the caller may try again. */
export function retryLater(
  res: Response,
  msBeforeNext: number,
  code: string,
  message: (seconds: number) => string,
): HeraldError {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  res.set('Retry-After', String(seconds));
  return new HeraldError(429, code, message(seconds));
}

/**
 * A limiter counting in rate_limits, shared by every api process, that refuses a key already
 * over its limit from memory and counts in memory alone while Postgres fails.
 */
export function sharedLimiter(
  db: Db,
  opts: { keyPrefix: string; points: number; duration: number; blockDuration?: number },
): RateLimiterPostgres {
  return new RateLimiterPostgres({
    storeClient: db,
    storeType: 'knex',
    tableName: 'rate_limits',
    tableCreated: true,
    ...opts,
    inMemoryBlockOnConsumed: opts.points + 1,
    insuranceLimiter: new RateLimiterMemory(opts),
  });
}

/** One limiter per group, for one app; `limit(group)` is the middleware that applies it. */
export function createRateLimits(db: Db, config: RateLimitConfig) {
  const limiters = new Map<RateLimitGroup, RateLimiterPostgres>();
  const limiterOf = (group: RateLimitGroup, points: number) => {
    let limiter = limiters.get(group);
    if (!limiter) {
      limiter = sharedLimiter(db, { keyPrefix: group, points, duration: WINDOW_SECONDS });
      limiters.set(group, limiter);
    }
    return limiter;
  };
  return (group: RateLimitGroup): RequestHandler => {
    const points = config[RATE_LIMITS[group]];
    if (points === 0) return (_req, _res, next) => next();
    const limiter = limiterOf(group, points);
    return async (req, res, next) => {
      try {
        await limiter.consume(clientOf(group, req));
      } catch (err) {
        if (!(err instanceof RateLimiterRes)) throw err;
        throw retryLater(
          res,
          err.msBeforeNext,
          'rate_limited',
          (seconds) => `Too many requests from this address; retry after ${seconds} second(s).`,
        );
      }
      next();
    };
  };
}
