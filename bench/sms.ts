// SMS benchmark: messages per second through Herald's SMPP gateway (activities/channels/smpp.ts:
// its session, window, segmentation and receipt bookkeeping) to a local SMSC, beside a bare
// `smpp` client sending the same messages to the same SMSC in the same run with the same window.
// The ratio is Herald's cost over the protocol's own (goal: at least 0.7).
// Usage: node --import tsx bench/sms.ts [messages=5000] [window=10]
import pMap from 'p-map';
import smpp, { type Session } from 'smpp';
import { createSmppGateway } from '../activities/channels/smpp.ts';
import { SmppSettings } from '../core/gateways.ts';
import { SMSC_PASSWORD, SMSC_SYSTEM_ID, startSmsc } from '../scripts/testing/smsc.ts';

const MESSAGES = Number(process.argv[2] ?? 5_000);
const WINDOW = Number(process.argv[3] ?? 10);
const text = (i: number) => `Your code is ${100000 + i}. Herald benchmark message.`;
// Never ending like the SMSC's refused, throttled or silent numbers (scripts/testing/smsc.ts).
const to = (i: number) => `+1415${String(5_000_000 + i).padStart(7, '0')}7`;

async function timed(label: string, run: () => Promise<void>) {
  const t0 = performance.now();
  await run();
  const seconds = (performance.now() - t0) / 1000;
  return { label, seconds, rate: MESSAGES / seconds };
}

async function bare(port: number): Promise<void> {
  const session = await new Promise<Session>((resolve, reject) => {
    const s = smpp.connect({ host: '127.0.0.1', port }, () =>
      s.bind_transceiver({ system_id: SMSC_SYSTEM_ID, password: SMSC_PASSWORD }, (pdu) =>
        pdu.command_status === 0 ? resolve(s) : reject(new Error('bind refused')),
      ),
    );
    s.on('error', reject);
  });
  await pMap(
    Array.from({ length: MESSAGES }, (_, i) => i),
    (i) =>
      new Promise<void>((resolve, reject) =>
        session.submit_sm(
          {
            source_addr: 'Herald',
            source_addr_ton: 5,
            destination_addr: to(i).slice(1),
            dest_addr_ton: 1,
            dest_addr_npi: 1,
            registered_delivery: 1,
            short_message: text(i),
          },
          (pdu) => (pdu.command_status === 0 ? resolve() : reject(new Error('refused'))),
        ),
      ),
    { concurrency: WINDOW },
  );
  session.close();
}

async function herald(port: number): Promise<void> {
  const gateway = createSmppGateway({
    settings: SmppSettings.parse({ host: '127.0.0.1', port, windowSize: WINDOW }),
    credentials: { systemId: SMSC_SYSTEM_ID, password: SMSC_PASSWORD },
    defaultSender: 'Herald',
  });
  // More callers than the window: the gateway's window is what bounds the SMSC's load.
  await pMap(
    Array.from({ length: MESSAGES }, (_, i) => i),
    (i) => gateway.send({ to: to(i), text: text(i), messageId: `bench-${i}` }),
    { concurrency: WINDOW * 4 },
  );
  await gateway.close();
}

const smsc = await startSmsc();
// A warm-up of each, so neither pays for the JIT alone.
const rounds = [];
for (const round of [1, 2]) {
  const b = await timed(`bare smpp client (round ${round})`, () => bare(smsc.port));
  const h = await timed(`Herald's SMPP gateway (round ${round})`, () => herald(smsc.port));
  rounds.push({ b, h });
}
await smsc.stop();
const { b, h } = rounds.at(-1)!;
console.log(`${MESSAGES} messages, window ${WINDOW}, local SMSC (smpp.createServer)`);
for (const r of rounds.flatMap((x) => [x.b, x.h]))
  console.log(
    `  ${r.label.padEnd(36)} ${r.rate.toFixed(0).padStart(7)} SMS/s (${r.seconds.toFixed(2)} s)`,
  );
console.log(`ratio Herald / bare: ${(h.rate / b.rate).toFixed(2)} (goal ≥ 0.7)`);
