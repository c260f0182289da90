// The SMTP email gateway, on a pooled nodemailer transport.
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { type EmailGateway, SendFailure } from './gateway.ts';

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

/**
 * The headers a DKIM signature covers. List-Unsubscribe and List-Unsubscribe-Post are among them:
 * mailbox providers honour one-click unsubscribe only when those headers are signed (RFC 8058).
 */
export const DKIM_HEADERS = [
  'from',
  'sender',
  'reply-to',
  'subject',
  'date',
  'message-id',
  'to',
  'cc',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
  'list-unsubscribe',
  'list-unsubscribe-post',
  'list-id',
].join(':');

// Failures that happen before the server could have accepted the message.
const NOT_SENT_CODES = new Set([
  'ECONNECTION',
  'ECONNREFUSED',
  'EDNS',
  'ETLS',
  'EAUTH',
  'ECONNRESET',
]);

function classify(err: unknown): SendFailure {
  const e = err as { responseCode?: number; code?: string; command?: string; message?: string };
  const message = e.message ?? String(err);
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
  return new SendFailure('unknown', message);
}

export function createSmtpGateway(opts: SmtpOptions): EmailGateway {
  const transport = nodemailer.createTransport({
    host: opts.host,
    port: opts.port,
    secure: opts.secure,
    pool: true,
    maxConnections: 5,
    ...(opts.user ? { auth: { user: opts.user, pass: opts.password ?? '' } } : {}),
    // Local catchers and dev relays rarely have valid certificates.
    tls: { rejectUnauthorized: opts.secure },
    ...(opts.dkim && { dkim: { ...opts.dkim, headerFieldNames: DKIM_HEADERS } }),
  });
  return {
    async send(email) {
      try {
        // Composed in memory, then sent whole: streamed, nodemailer writes the message to the
        // socket in small pieces, and each write is a system call (14 a mail against 6).
        const message = new MailComposer({
          from: opts.from,
          to: email.to,
          subject: email.subject,
          html: email.html,
          text: email.text,
          messageId: `<${email.messageId}@herald>`,
          ...(email.headers && { headers: email.headers }),
          ...(email.attachments && { attachments: email.attachments }),
        }).compile();
        const raw = await message.build();
        const info = await transport.sendMail({ envelope: message.getEnvelope(), raw });
        return { providerMessageId: message.messageId(), response: info.response };
      } catch (err) {
        throw classify(err);
      }
    },
    async test() {
      try {
        await transport.verify();
        return `connected to ${opts.host}:${opts.port}${opts.user ? ` as ${opts.user}` : ''}`;
      } catch (err) {
        throw classify(err);
      }
    },
    from: opts.from,
    settings: { host: opts.host, port: opts.port, secure: opts.secure, from: opts.from },
    close: () => transport.close(),
  };
}
