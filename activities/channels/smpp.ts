// The SMPP gateway: one bound transceiver session per gateway and worker, a window of
// submit_sm in flight, enquire_link to keep it alive, reconnection with backoff (the session
// also carries delivery receipts, so it is re-bound even when nothing is being sent), long texts
// split with a concatenation header, GSM-7 or UCS-2 chosen by the text.
import { randomInt } from 'node:crypto';
import smpp, { type Pdu, type Session } from 'smpp';
import type { ProviderCredentials, ProviderSettings } from '../../core/gateways.ts';
import { smsSegments } from '../../core/sms-text.ts';
import { type ReceivedReport, SendFailure, type SmsGateway, type SmsSent } from './gateway.ts';
import { classifyStatus, parseReceipt, partMessages, smppAddress, statusName } from './smpp-pdu.ts';

export interface SmppGatewayOptions {
  settings: ProviderSettings['smpp'];
  credentials: ProviderCredentials['smpp'];
  /** The sender when a message names none. */
  defaultSender?: string;
  /** Called for every final delivery receipt; the gateway answers deliver_sm after it settles. */
  onReport?: (report: ReceivedReport) => Promise<void>;
  onError?: (err: Error) => void;
}

/** A counting semaphore: the SMPP window. */
function window(size: number) {
  let free = size;
  const waiting: (() => void)[] = [];
  return {
    async take() {
      if (free > 0) {
        free--;
        return;
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    },
    give() {
      const next = waiting.shift();
      if (next) next();
      else free++;
    },
  };
}

const MAX_BACKOFF_MS = 30_000;

export function createSmppGateway(opts: SmppGatewayOptions): SmsGateway {
  const { settings, credentials } = opts;
  const where = `${settings.host}:${settings.port}`;
  const slots = window(settings.windowSize);
  let bound: Promise<Session> | undefined;
  let everBound = false;
  let closed = false;
  let backoff = 1_000;
  let reconnectTimer: NodeJS.Timeout | undefined;

  /** Connects and binds a session; rejects with a SendFailure in the SMSC's words. */
  function bind(): Promise<Session> {
    return new Promise<Session>((resolve, reject) => {
      const session = smpp.connect({
        host: settings.host,
        port: settings.port,
        tls: settings.tls,
        auto_enquire_link_period: settings.enquireLinkSeconds * 1000,
      });
      let settled = false;
      const fail = (err: SendFailure) => {
        if (settled) return;
        settled = true;
        session.destroy();
        reject(err);
      };
      session.on('error', (err: Error) =>
        // Before the bind answered, nothing was sent: a retry is safe.
        fail(new SendFailure('transient', `SMSC ${where}: ${err.message}`)),
      );
      session.on('close', () =>
        fail(new SendFailure('transient', `SMSC ${where} closed the connection`)),
      );
      session.on('connect', () => {
        session.bind_transceiver(
          {
            system_id: credentials.systemId,
            password: credentials.password,
            system_type: settings.systemType,
          },
          (pdu) => {
            if (pdu.command_status !== 0)
              // Wrong credentials stay wrong: the message fails with the SMSC's reason.
              return fail(
                new SendFailure(
                  'permanent',
                  `SMSC ${where} refused the bind: ${statusName(pdu.command_status)}`,
                ),
              );
            settled = true;
            resolve(session);
          },
        );
      });
    });
  }

  function watch(session: Session): void {
    // Each submit in the window listens for the connection closing under it.
    session.setMaxListeners(settings.windowSize + 10);
    session.on('enquire_link', (pdu: Pdu) => session.send(pdu.response()));
    session.on('unbind', (pdu: Pdu) => {
      session.send(pdu.response());
      session.close();
    });
    session.on('deliver_sm', (pdu: Pdu) => {
      const report = parseReceipt(pdu);
      // Answered once the report is stored: an SMSC resends a receipt we did not acknowledge.
      const stored = report && opts.onReport ? opts.onReport(report) : Promise.resolve();
      stored.then(
        () => session.send(pdu.response()),
        (err: Error) => {
          opts.onError?.(err);
          session.send(pdu.response({ command_status: smpp.errors.ESME_RX_T_APPN }));
        },
      );
    });
    session.on('error', (err: Error) => opts.onError?.(err));
    session.on('close', () => {
      bound = undefined;
      scheduleReconnect();
    });
  }

  function scheduleReconnect(): void {
    if (closed || !everBound || reconnectTimer) return;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      if (closed || bound) return;
      session().catch(() => {
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        scheduleReconnect();
      });
    }, backoff);
    reconnectTimer.unref();
  }

  function session(): Promise<Session> {
    if (!bound) {
      const attempt = bind();
      bound = attempt;
      attempt.then(
        (s) => {
          everBound = true;
          backoff = 1_000;
          watch(s);
        },
        () => {
          if (bound === attempt) bound = undefined;
        },
      );
    }
    return bound;
  }

  /** One submit_sm inside the window; its answer's message_id, or a classified failure. */
  async function submit(fields: Record<string, unknown>): Promise<string> {
    const s = await session();
    await slots.take();
    try {
      return await new Promise<string>((resolve, reject) => {
        let answered = false;
        const timer = setTimeout(() => {
          answered = true;
          // Written but unanswered: the SMSC may have the message. Never send it again.
          reject(
            new SendFailure(
              'unknown',
              `no submit_sm_resp from ${where} within ${settings.submitTimeoutSeconds} s`,
            ),
          );
        }, settings.submitTimeoutSeconds * 1000);
        const lost = () => {
          if (answered) return;
          answered = true;
          clearTimeout(timer);
          reject(
            new SendFailure(
              'unknown',
              `the connection to ${where} closed before the SMSC answered`,
            ),
          );
        };
        s.once('close', lost);
        const written = s.submit_sm(fields, (pdu) => {
          s.off('close', lost);
          if (answered) return;
          answered = true;
          clearTimeout(timer);
          if (pdu.command_status === 0) return resolve(pdu.message_id ?? '');
          const { kind, addressInvalid } = classifyStatus(pdu.command_status);
          reject(
            new SendFailure(
              kind,
              `SMSC refused: ${statusName(pdu.command_status)}`,
              addressInvalid,
            ),
          );
        });
        if (!written) {
          s.off('close', lost);
          answered = true;
          clearTimeout(timer);
          reject(new SendFailure('transient', `the connection to ${where} is not writable`));
        }
      });
    } finally {
      slots.give();
    }
  }

  return {
    async send(sms): Promise<SmsSent> {
      const sender = sms.from ?? opts.defaultSender;
      if (!sender)
        throw new SendFailure('permanent', 'the gateway has no sender: add one to its senders');
      const source = smppAddress(sender);
      const destination = smppAddress(sms.to);
      const parts = partMessages(smsSegments(sms.text), randomInt(256));
      const ids: string[] = [];
      for (const [i, part] of parts.entries()) {
        try {
          ids.push(
            await submit({
              source_addr: source.addr,
              source_addr_ton: source.ton,
              source_addr_npi: source.npi,
              destination_addr: destination.addr,
              dest_addr_ton: destination.ton,
              dest_addr_npi: destination.npi,
              registered_delivery: 1,
              ...part,
            }),
          );
        } catch (err) {
          // Parts already accepted reach the handset: a retry would send them twice.
          if (i > 0 && err instanceof SendFailure)
            throw new SendFailure(
              'unknown',
              `part ${i + 1} of ${parts.length}: ${err.message}; the parts before it were accepted (${ids.join(', ')})`,
            );
          throw err;
        }
      }
      return {
        providerMessageIds: ids,
        response: `accepted by ${where} as ${ids.join(', ')}`,
      };
    },
    async test() {
      await unbindAndClose(await bind());
      return `bound to ${where} as ${credentials.systemId}`;
    },
    async close() {
      closed = true;
      clearTimeout(reconnectTimer);
      const current = bound;
      bound = undefined;
      const s = await current?.catch(() => undefined);
      if (s) await unbindAndClose(s);
    },
  };
}

/** Unbinds politely; an SMSC that does not answer within 2 s has its connection dropped. */
function unbindAndClose(s: Session): Promise<void> {
  return new Promise<void>((resolve) => {
    const drop = () => s.destroy(() => resolve());
    const timer = setTimeout(drop, 2_000);
    const sent = s.unbind({}, () => {
      clearTimeout(timer);
      s.close(() => resolve());
    });
    if (!sent) {
      clearTimeout(timer);
      drop();
    }
  });
}
