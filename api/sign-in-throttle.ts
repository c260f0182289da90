// Throttling of the web sign-in (issue 10, finding 5): guessing passwords is slowed per email and
// per address. An email is locked for a while after a run of wrong passwords, whoever tries them,
// and an address that fails against many emails is locked too; a locked attempt is a 429 with
// Retry-After, and its password is not even checked, so a guess during the lock learns nothing.
import type { Response } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { retryLater } from './rate-limits.ts';

/** Wrong passwords in a row for one email before it is locked, and for how long. */
export const EMAIL_FAILURES = 10;
const EMAIL_LOCK_SECONDS = 15 * 60;
/** Wrong passwords from one address within an hour, against any emails, before it is locked. */
export const ADDRESS_FAILURES = 100;
const ADDRESS_LOCK_SECONDS = 60 * 60;

export interface SignInThrottle {
  /** Throws a 429 (and sets Retry-After) when the email or the address is locked. */
  check(email: string, address: string, res: Response): Promise<void>;
  /** Counts a wrong password; throws a 429 when it locks the email or the address. */
  failed(email: string, address: string, res: Response): Promise<void>;
  /** A right password clears the email's run of failures. */
  succeeded(email: string): Promise<void>;
}

const tooMany = (res: Response, msBeforeNext: number) =>
  retryLater(
    res,
    msBeforeNext,
    'too_many_attempts',
    (seconds) =>
      `Too many wrong passwords; try again in ${Math.ceil(seconds / 60)} minute(s), or ask an admin to reset the password.`,
  );

/**
 * Counters in this process's memory: an api process restarted forgets them, and each of several
 * api processes counts its own (so N processes allow N times the attempts; still a lock).
 */
export function createSignInThrottle(): SignInThrottle {
  const byEmail = new RateLimiterMemory({
    keyPrefix: 'sign-in-email',
    points: EMAIL_FAILURES,
    duration: EMAIL_LOCK_SECONDS,
    blockDuration: EMAIL_LOCK_SECONDS,
  });
  const byAddress = new RateLimiterMemory({
    keyPrefix: 'sign-in-address',
    points: ADDRESS_FAILURES,
    duration: 60 * 60,
    blockDuration: ADDRESS_LOCK_SECONDS,
  });
  const key = (email: string) => email.trim().toLowerCase();
  const locked = async (limiter: RateLimiterMemory, k: string, points: number) => {
    const state = await limiter.get(k);
    return state && state.consumedPoints >= points ? state.msBeforeNext : undefined;
  };
  return {
    async check(email, address, res) {
      const wait =
        (await locked(byEmail, key(email), EMAIL_FAILURES)) ??
        (await locked(byAddress, address, ADDRESS_FAILURES));
      if (wait !== undefined) throw tooMany(res, wait);
    },
    async failed(email, address, res) {
      try {
        await Promise.all([byEmail.consume(key(email)), byAddress.consume(address)]);
      } catch (err) {
        if (err instanceof RateLimiterRes) throw tooMany(res, err.msBeforeNext);
        throw err;
      }
    },
    async succeeded(email) {
      await byEmail.delete(key(email));
    },
  };
}
