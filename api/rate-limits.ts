// Rate limits of the public routes (issue 10): the tracker, tracking links and webhook receivers
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
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from '../core/config.ts';
import { HeraldError } from '../core/errors.ts';
import type { Db } from '../db/connection.ts';

/** The groups of public routes, each with its own limit and count. */
export const RATE_LIMITS = {
  tracker: 'RATE_LIMIT_TRACKER',
  trackingLinks: 'RATE_LIMIT_TRACKING_LINKS',
  webhooks: 'RATE_LIMIT_WEBHOOKS',
} as const satisfies Record<string, keyof Config>;
export type RateLimitGroup = keyof typeof RATE_LIMITS;
export type RateLimitConfig = Pick<Config, (typeof RATE_LIMITS)[RateLimitGroup]>;

const WINDOW_SECONDS = 60;

/** Whom a request is counted against: its address, and for webhooks the source it posts to. */
const clientOf = (group: RateLimitGroup, req: Request) => {
  const address = req.ip ?? 'unknown';
  return group === 'webhooks' ? `${String(req.params.source)}@${address}` : address;
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

/** One limiter per group, for one app; `limit(group)` is the middleware that applies it. */
export function createRateLimits(db: Db, config: RateLimitConfig) {
  const limiters = new Map<RateLimitGroup, RateLimiterPostgres>();
  const limiterOf = (group: RateLimitGroup, points: number) => {
    let limiter = limiters.get(group);
    if (!limiter) {
      limiter = new RateLimiterPostgres({
        storeClient: db,
        storeType: 'knex',
        tableName: 'rate_limits',
        tableCreated: true,
        keyPrefix: group,
        points,
        duration: WINDOW_SECONDS,
        inMemoryBlockOnConsumed: points + 1,
        insuranceLimiter: new RateLimiterMemory({ points, duration: WINDOW_SECONDS }),
      });
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
