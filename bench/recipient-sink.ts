// An SMTP sink for the benchmarks that must tell who got what: it counts each message once per
// envelope recipient when the message is accepted (after DATA), and discards the body unread, so
// tens of thousands of mails cost it next to nothing. A message cut off mid-DATA (its sender
// killed) is not counted: it was never delivered.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface RecipientSink {
  port: number;
  /** Messages accepted, by recipient address (lower case). */
  received: Map<string, number>;
  /** With `sample`: the first accepted message, whole (the rest are still read unkept). */
  sample?: Buffer;
  close(): Promise<void>;
}

export async function startRecipientSink(opts: { sample?: boolean } = {}): Promise<RecipientSink> {
  const received = new Map<string, number>();
  let sample: Buffer | undefined;
  let sampling = false;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const keep: Buffer[] | undefined = opts.sample && !sampling ? [] : undefined;
      if (keep) {
        sampling = true;
        stream.on('data', (chunk: Buffer) => keep.push(chunk));
      }
      stream.on('end', () => {
        if (keep && !sample) sample = Buffer.concat(keep);
        for (const { address } of session.envelope.rcptTo) {
          const a = address.toLowerCase();
          received.set(a, (received.get(a) ?? 0) + 1);
        }
        callback();
      });
      stream.resume();
    },
  });
  // A sender killed mid-session resets its connection: expected here, and nothing to count.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    received,
    get sample() {
      return sample;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
