// The api's own mail: invites to colleagues, sent at once through the SMTP relay Herald is
// configured with (the worker's gateways send to customers; an invite is not a campaign message).
import nodemailer, { type Transporter } from 'nodemailer';
import type { ApiDeps } from './deps.ts';

export interface StaffEmail {
  to: string;
  subject: string;
  /** Plain text only: nothing a colleague's name could inject into. */
  text: string;
}

/** One transport per app, made when the first mail goes out. */
const transports = new WeakMap<ApiDeps['config'], Transporter>();

export function transportOf({ config }: ApiDeps): Transporter {
  let t = transports.get(config);
  if (!t) {
    t = nodemailer.createTransport({
      host: config.SMTP_HOST,
      port: config.SMTP_PORT,
      secure: config.SMTP_SECURE,
      ...(config.SMTP_USER ? { auth: { user: config.SMTP_USER, pass: config.SMTP_PASSWORD } } : {}),
      // Local catchers and dev relays rarely have valid certificates (as the worker's gateway).
      tls: { rejectUnauthorized: config.SMTP_SECURE },
      connectionTimeout: 10_000,
    });
    transports.set(config, t);
  }
  return t;
}

/** Sends the mail; undefined when it was accepted, else why not (the caller shows it). */
export async function sendStaffEmail(deps: ApiDeps, mail: StaffEmail): Promise<string | undefined> {
  try {
    await transportOf(deps).sendMail({ from: deps.config.EMAIL_FROM, ...mail });
    return undefined;
  } catch (err) {
    const reason = (err as Error).message;
    deps.log.warn({ to: mail.to, reason }, 'staff email not sent');
    return reason;
  }
}
