// A real SMTP server for tests (smtp-server, with mailparser reading what arrives).
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** Recipients at this domain are refused with a permanent 550. */
export const REJECTED_DOMAIN = 'rejected.example';
/** Recipients at this domain are refused with a transient 451, every time: sends retry. */
export const BUSY_DOMAIN = 'busy.example';

export interface SmtpPeer {
  port: number;
  mails: ParsedMail[];
  /** How many emails arrived, parsed or not. */
  received(): number;
  /** Resolves with the mails matching `predicate` once there are `count` of them. */
  waitFor(
    predicate: (m: ParsedMail) => boolean,
    opts?: { count?: number; timeoutMs?: number },
  ): Promise<ParsedMail[]>;
  /** Mails to one address. */
  to(address: string): ParsedMail[];
  stop(): Promise<void>;
}

/**
 * `parse: false` only drains what arrives (a benchmark's sink, where parsing every email would
 * spend the cores the stack under measurement needs); `mails` then stays empty.
 */
export async function startSmtpPeer({ parse = true } = {}): Promise<SmtpPeer> {
  const mails: ParsedMail[] = [];
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // Like a real server refusing an unknown mailbox: a permanent 550 for one test domain.
    onRcptTo(address, _session, callback) {
      if (address.address.endsWith(`@${BUSY_DOMAIN}`))
        return callback(Object.assign(new Error('4.3.2 Try again later'), { responseCode: 451 }));
      if (!address.address.endsWith(`@${REJECTED_DOMAIN}`)) return callback();
      callback(Object.assign(new Error('5.1.1 No such mailbox'), { responseCode: 550 }));
    },
    onData(stream, _session, callback) {
      if (!parse) {
        stream
          .on('end', () => {
            received++;
            callback();
          })
          .resume();
        return;
      }
      simpleParser(stream)
        .then((mail) => {
          mails.push(mail);
          received++;
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  const addressesOf = (m: ParsedMail) =>
    (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).flatMap((a) =>
      a.value.map((v) => v.address?.toLowerCase()),
    );
  return {
    port,
    mails,
    received: () => received,
    to: (address) => mails.filter((m) => addressesOf(m).includes(address.toLowerCase())),
    async waitFor(predicate, { count = 1, timeoutMs = 20_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = mails.filter(predicate);
        if (found.length >= count) return found;
        if (Date.now() > deadline)
          throw new Error(
            `expected ${count} matching mail(s) within ${timeoutMs} ms, got ${found.length}`,
          );
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
