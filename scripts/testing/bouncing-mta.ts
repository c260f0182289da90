// A local SMTP server that behaves like a receiving MTA with bad mailboxes, for the bounce tests:
// it refuses recipients at rejected.example at RCPT TO (550 5.1.1, a bounce at send time), and
// accepts the others but mails a report back to the bounce receiver for some domains: an RFC 3464
// DSN (hard 5.1.1 for bounce.example, a 4.2.2 delay for full.example) or an RFC 5965 abuse report
// for complain.example, each quoting the original's headers with its Message-ID.
import type { AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { REJECTED_DOMAIN } from './smtp-peer.ts';

export const HARD_BOUNCE_DOMAIN = 'bounce.example';
export const SOFT_BOUNCE_DOMAIN = 'full.example';
export const COMPLAINT_DOMAIN = 'complain.example';

export interface BouncingMta {
  port: number;
  /** The reports mailed back, raw, in order (a test may mail one again). */
  reports: string[];
  /** Mails a report again, as a provider retrying would. */
  resend(raw: string): Promise<void>;
  stop(): Promise<void>;
}

const CRLF = (s: string) => s.replace(/\r?\n/g, '\r\n');

function dsn(to: string, headers: string, status: string, diagnostic: string) {
  const action = status.startsWith('5') ? 'failed' : 'delayed';
  return CRLF(`From: Mail Delivery System <MAILER-DAEMON@mx.test>
To: bounces@herald.local
Subject: Undelivered Mail Returned to Sender
Message-ID: <dsn-${Date.now()}-${Math.random()}@mx.test>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="dsn-boundary"

--dsn-boundary
Content-Type: text/plain; charset=utf-8

Your message to ${to} could not be delivered.

--dsn-boundary
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.test
Arrival-Date: ${new Date().toUTCString()}

Final-Recipient: rfc822; ${to}
Original-Recipient: rfc822; ${to}
Action: ${action}
Status: ${status}
Remote-MTA: dns; mx.test
Diagnostic-Code: smtp; ${diagnostic}

--dsn-boundary
Content-Type: text/rfc822-headers

${headers.trim()}

--dsn-boundary--
`);
}

function arf(to: string, headers: string) {
  return CRLF(`From: Feedback Loop <fbl@mx.test>
To: bounces@herald.local
Subject: Complaint about a message
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="arf-boundary"

--arf-boundary
Content-Type: text/plain; charset=utf-8

A recipient marked this message as spam.

--arf-boundary
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: TestFBL/1.0
Version: 1
Original-Rcpt-To: <${to}>
Arrival-Date: ${new Date().toUTCString()}

--arf-boundary
Content-Type: message/rfc822

${headers.trim()}

(body left out)
--arf-boundary--
`);
}

export async function startBouncingMta(bounceReceiverPort: number): Promise<BouncingMta> {
  const reports: string[] = [];
  const back = nodemailer.createTransport({
    host: '127.0.0.1',
    port: bounceReceiverPort,
    secure: false,
    ignoreTLS: true,
  });
  const mailBack = async (raw: string) => {
    await back.sendMail({ envelope: { from: '', to: ['bounces@herald.local'] }, raw });
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!address.address.endsWith(`@${REJECTED_DOMAIN}`)) return callback();
      callback(
        Object.assign(
          new Error('5.1.1 <' + address.address + '>: Recipient address rejected: User unknown'),
          { responseCode: 550 },
        ),
      );
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      // The envelope is reset once the DATA is answered: read the recipients first.
      const recipients = session.envelope.rcptTo.map((r) => r.address);
      stream.on('end', () => {
        callback();
        const raw = Buffer.concat(chunks).toString('utf8');
        const headers = raw.split(/\r?\n\r?\n/)[0]!;
        void (async () => {
          for (const to of recipients) {
            const report = to.endsWith(`@${HARD_BOUNCE_DOMAIN}`)
              ? dsn(to, headers, '5.1.1', `550 5.1.1 <${to}>: user unknown`)
              : to.endsWith(`@${SOFT_BOUNCE_DOMAIN}`)
                ? dsn(to, headers, '4.2.2', `452 4.2.2 <${to}>: mailbox full`)
                : to.endsWith(`@${COMPLAINT_DOMAIN}`)
                  ? arf(to, headers)
                  : undefined;
            if (!report) continue;
            reports.push(report);
            await mailBack(report);
          }
        })();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    reports,
    resend: mailBack,
    stop: async () => {
      back.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
