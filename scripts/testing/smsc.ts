// A real SMSC for tests and the SMS benchmark, made with the smpp package's server side. It binds
// one system_id/password, answers submit_sm by the destination number's ending, joins long
// messages by their concatenation header, and sends delivery receipts back on request.
import type { AddressInfo } from 'node:net';
import smpp, { type Pdu, type Session } from 'smpp';

export const SMSC_SYSTEM_ID = 'herald';
export const SMSC_PASSWORD = 'secret';

/** Numbers ending so are refused for good (ESME_RINVDSTADR). */
export const INVALID_SUFFIX = '0000';
/** Numbers ending so are throttled (ESME_RTHROTTLED) on their first submit, then accepted. */
export const BUSY_ONCE_SUFFIX = '1111';
/** Numbers ending so are never answered: the sender times out mid-send. */
export const SILENT_SUFFIX = '2222';

export interface SmscMessage {
  from: string;
  to: string;
  text: string;
  dataCoding: number;
  /** The SMSC's IDs of the parts, in order. */
  ids: string[];
}

export interface Smsc {
  port: number;
  /** Whole messages, long ones once all their parts arrived. */
  messages: SmscMessage[];
  /** submit_sm PDUs received (each part counts), answered or not. */
  submits: number;
  binds: number;
  enquireLinks: number;
  /** Most submit_sm awaiting an answer at once (the client's window). */
  maxInFlight: number;
  /** Delay before each submit_sm_resp, to hold the client's window open. */
  answerDelayMs: number;
  /** Sends a delivery receipt for one part's ID on a bound session. */
  receipt(id: string, stat: 'DELIVRD' | 'UNDELIV', err?: string): Promise<void>;
  /** Drops every connection, as an SMSC restart would. */
  dropAll(): void;
  waitFor(count: number, timeoutMs?: number): Promise<SmscMessage[]>;
  stop(): Promise<void>;
}

const text = (pdu: Pdu): { body: string; udh?: Buffer } => {
  const m = pdu.short_message;
  if (typeof m === 'string') return { body: m };
  if (Buffer.isBuffer(m)) return { body: m.toString() };
  const body = typeof m?.message === 'string' ? m.message : (m?.message?.toString() ?? '');
  return { body, udh: m?.udh?.[0] };
};

export async function startSmsc(): Promise<Smsc> {
  const sessions = new Set<Session>();
  const partsByRef = new Map<string, { texts: string[]; ids: string[]; got: number }>();
  const busySeen = new Set<string>();
  let nextId = 1000;
  let inFlight = 0;

  const smsc: Smsc = {
    port: 0,
    messages: [],
    submits: 0,
    binds: 0,
    enquireLinks: 0,
    maxInFlight: 0,
    answerDelayMs: 0,
    async receipt(id, stat, err = stat === 'DELIVRD' ? '000' : '001') {
      const session = [...sessions][0];
      if (!session) throw new Error('no bound session to send the receipt on');
      const now = new Date().toISOString().replace(/\D/g, '').slice(2, 12);
      await new Promise<void>((resolve, reject) =>
        session.deliver_sm(
          {
            esm_class: 0x04,
            short_message: `id:${id} sub:001 dlvrd:${stat === 'DELIVRD' ? '001' : '000'} submit date:${now} done date:${now} stat:${stat} err:${err} text:`,
          },
          (pdu) =>
            pdu.command_status === 0
              ? resolve()
              : reject(new Error(`deliver_sm refused: ${pdu.command_status}`)),
        ),
      );
    },
    dropAll() {
      for (const s of sessions) s.destroy();
    },
    async waitFor(count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (smsc.messages.length < count) {
        if (Date.now() > deadline)
          throw new Error(
            `expected ${count} SMS within ${timeoutMs} ms, got ${smsc.messages.length}`,
          );
        await new Promise((r) => setTimeout(r, 50));
      }
      return smsc.messages;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        smsc.dropAll();
        server.close(() => resolve());
      }),
  };

  function accept(pdu: Pdu): string[] {
    const id = String(nextId++);
    const { body, udh } = text(pdu);
    const whole = (texts: string[], ids: string[]) =>
      smsc.messages.push({
        from: pdu.source_addr ?? '',
        to: pdu.destination_addr ?? '',
        text: texts.join(''),
        dataCoding: pdu.data_coding ?? 0,
        ids,
      });
    // IEI 0x00: reference, total, sequence.
    if (udh && udh[0] === 0x00) {
      const [ref, total, seq] = [udh[2]!, udh[3]!, udh[4]!];
      const key = `${pdu.destination_addr}:${ref}`;
      const entry = partsByRef.get(key) ?? { texts: [], ids: [], got: 0 };
      entry.texts[seq - 1] = body;
      entry.ids[seq - 1] = id;
      entry.got++;
      partsByRef.set(key, entry);
      if (entry.got === total) {
        partsByRef.delete(key);
        whole(entry.texts, entry.ids);
      }
    } else whole([body], [id]);
    return [id];
  }

  const server = smpp.createServer((session) => {
    session.on('error', () => undefined);
    session.on('close', () => sessions.delete(session));
    session.on('bind_transceiver', (pdu: Pdu) => {
      if (pdu.system_id !== SMSC_SYSTEM_ID || pdu.password !== SMSC_PASSWORD) {
        session.send(pdu.response({ command_status: smpp.errors.ESME_RINVPASWD }));
        session.close();
        return;
      }
      smsc.binds++;
      sessions.add(session);
      session.send(pdu.response({ system_id: 'test-smsc' }));
    });
    session.on('enquire_link', (pdu: Pdu) => {
      smsc.enquireLinks++;
      session.send(pdu.response());
    });
    session.on('unbind', (pdu: Pdu) => {
      session.send(pdu.response());
      session.close();
    });
    session.on('submit_sm', (pdu: Pdu) => {
      smsc.submits++;
      const to = pdu.destination_addr ?? '';
      if (to.endsWith(SILENT_SUFFIX)) return;
      inFlight++;
      smsc.maxInFlight = Math.max(smsc.maxInFlight, inFlight);
      setTimeout(() => {
        inFlight--;
        if (to.endsWith(INVALID_SUFFIX))
          return session.send(pdu.response({ command_status: smpp.errors.ESME_RINVDSTADR }));
        if (to.endsWith(BUSY_ONCE_SUFFIX) && !busySeen.has(to)) {
          busySeen.add(to);
          return session.send(pdu.response({ command_status: smpp.errors.ESME_RTHROTTLED }));
        }
        const [id] = accept(pdu);
        session.send(pdu.response({ message_id: id }));
      }, smsc.answerDelayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  smsc.port = (server.address() as AddressInfo).port;
  return smsc;
}
