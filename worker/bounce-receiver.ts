// The bounce mailbox as a local SMTP receiver: point the Return-Path (or the provider's bounce
// forwarding) at it, and the DSNs and abuse reports mailed there are read (core/bounce-reports.ts)
// and applied to the messages they name (entry/bounces.ts). Started by the worker when
// BOUNCE_SMTP_PORT is set. It accepts any sender (mailer daemons send from "<>"), refuses mail
// over 10 MB, and answers 451 when applying fails, so the sending MTA tries again later.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { readBounceMail } from '../core/bounce-reports.ts';
import { receiveBounce } from '../entry/bounces.ts';
import type { EntryDeps } from '../entry/deps.ts';

const MAX_SIZE = 10 * 1024 * 1024;

export interface BounceReceiver {
  port: number;
  close(): Promise<void>;
}

export async function startBounceReceiver(
  deps: EntryDeps,
  opts: { port: number; host: string },
): Promise<BounceReceiver> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    size: MAX_SIZE,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (stream.sizeExceeded)
          return callback(Object.assign(new Error('5.3.4 Too big'), { responseCode: 552 }));
        apply(Buffer.concat(chunks)).then(
          () => callback(),
          (err: Error) => {
            deps.log.warn({ err: err.message }, 'bounce not applied');
            callback(Object.assign(new Error('4.3.0 Try again later'), { responseCode: 451 }));
          },
        );
      });
    },
  });
  async function apply(raw: Buffer) {
    const reports = await readBounceMail(raw);
    for (const report of reports) {
      const found = await receiveBounce(deps, report);
      deps.log.info(
        { messageId: report.messageId, kind: report.kind, found },
        found ? 'bounce applied' : 'bounce names no message of ours',
      );
    }
  }
  server.on('error', (err) => deps.log.warn({ err: err.message }, 'bounce receiver'));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
