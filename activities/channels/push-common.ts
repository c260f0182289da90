// What the push providers share: a deadline on a request Herald cannot take back. Past it the
// provider may still deliver the notification, so the send is "unknown" and never repeated.
import { SendFailure } from './gateway.ts';

export async function pushTimeout<T>(provider: string, seconds: number, work: Promise<T>) {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new SendFailure('unknown', `${provider} did not answer within ${seconds} s`)),
      seconds * 1000,
    );
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
