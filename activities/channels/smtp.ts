// The SMTP email gateway: messages composed and signed by nodemailer, sent through a pool that
// holds each one's final dot until the caller's commit point is recorded (./smtp-pool.ts).
import DKIM from 'nodemailer/lib/dkim/index.js';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type MimeNode from 'nodemailer/lib/mime-node/index.js';
// The headers a DKIM signature covers are core/dkim.ts's: the api signs its test sends the same way.
import { DKIM_HEADERS } from '../../core/dkim.ts';
import { type EmailGateway, SendFailure, type TextEncoding } from './gateway.ts';
import { createSmtpPool, PoolSendError } from './smtp-pool.ts';

export interface SmtpOptions {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  password?: string;
  from: string;
  /** DKIM: messages are signed for this domain with the key published at <selector>._domainkey. */
  dkim?: { domainName: string; keySelector: string; privateKey: string };
}

export { DKIM_HEADERS };

// Failures that happen before the server could have accepted the message.
const NOT_SENT_CODES = new Set([
  'ECONNECTION',
  'ECONNREFUSED',
  'EDNS',
  'ETLS',
  'EAUTH',
  'ECONNRESET',
]);

function classify(failure: unknown): SendFailure {
  const err = failure instanceof PoolSendError ? failure.cause : failure;
  const e = err as { responseCode?: number; code?: string; command?: string; message?: string };
  const message = e.message ?? String(err);
  if (failure instanceof PoolSendError && failure.state.superseded)
    return new SendFailure('superseded', message);
  if (typeof e.responseCode === 'number') {
    // A hard bounce at send time: the server refused the recipient itself (5.1.x: no such
    // mailbox, bad address syntax), as opposed to the content or the sender.
    const addressInvalid =
      e.responseCode >= 550 && e.command === 'RCPT TO' && !/\b5\.[2-7]\.\d/.test(message);
    return new SendFailure(
      e.responseCode >= 500 ? 'permanent' : 'transient',
      message,
      addressInvalid,
    );
  }
  if ((e.code && NOT_SENT_CODES.has(e.code)) || e.command === 'CONN')
    return new SendFailure('transient', message);
  // Stopped before its commit point: the final dot was never written, so the server has nothing.
  if (failure instanceof PoolSendError && !failure.state.committed)
    return new SendFailure('transient', message);
  return new SendFailure('unknown', message);
}

/**
 * Connections per SMTP gateway. Each email spends most of its time on one waiting for round
 * trips (the envelope, its commit point, the final answer), not working, so a few more than
 * nodemailer's default of 5 keep a busy worker's sends going while others wait.
 */
export const SMTP_CONNECTIONS = 10;

/** Whatever a send of no commit point (a staff email, a test send) records: nothing. */
const noCommit = () => Promise.resolve(true);

const bufferOf = async (stream: NodeJS.ReadableStream) => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

/**
 * The transfer encoding nodemailer chose for the HTML part of a built message: quoted-printable
 * or base64 by the share of Latin letters in it (7bit, for short-lined ASCII, is not passed on).
 */
function htmlEncoding(node: MimeNode): TextEncoding | undefined {
  if (node.contentType === 'text/html') {
    const chosen = node.getHeader('Content-Transfer-Encoding');
    return chosen === 'quoted-printable' || chosen === 'base64' ? chosen : undefined;
  }
  for (const child of node.childNodes ?? []) {
    const chosen = htmlEncoding(child);
    if (chosen) return chosen;
  }
  return undefined;
}

export function createSmtpGateway(opts: SmtpOptions): EmailGateway {
  const pool = createSmtpPool({
    host: opts.host,
    port: opts.port,
    secure: opts.secure,
    maxConnections: SMTP_CONNECTIONS,
    ...(opts.user && { auth: { user: opts.user, pass: opts.password ?? '' } }),
  });
  const signer = opts.dkim && new DKIM({ ...opts.dkim, headerFieldNames: DKIM_HEADERS });
  return {
    async send(email) {
      try {
        // Composed in memory, then sent whole: streamed, nodemailer writes the message to the
        // socket in small pieces, and each write is a system call (14 a mail against 6).
        const message = new MailComposer({
          from: email.from ?? opts.from,
          to: email.to,
          subject: email.subject,
          html: email.html,
          text: email.text,
          messageId: `<${email.messageId}@herald>`,
          ...(email.headers && { headers: email.headers }),
          ...(email.attachments && { attachments: email.attachments }),
          // Known, it spares nodemailer a count of every character of every part.
          ...(email.textEncoding && { textEncoding: email.textEncoding }),
        }).compile();
        const built = await message.build();
        const raw = signer ? await bufferOf(signer.sign(built)) : built;
        const envelope = message.getEnvelope() as { from: string; to: string[] };
        const info = await pool.send(envelope, raw, email.commit ?? noCommit);
        return {
          providerMessageId: message.messageId(),
          response: info.response,
          textEncoding: email.textEncoding ?? htmlEncoding(message),
        };
      } catch (err) {
        throw classify(err);
      }
    },
    async test() {
      try {
        await pool.verify();
        return `connected to ${opts.host}:${opts.port}${opts.user ? ` as ${opts.user}` : ''}`;
      } catch (err) {
        throw classify(err);
      }
    },
    from: opts.from,
    settings: { host: opts.host, port: opts.port, secure: opts.secure, from: opts.from },
    close: () => pool.close(),
  };
}
