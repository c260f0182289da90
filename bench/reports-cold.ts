// One mailing's report opened cold, as a user opens a report nobody opened today: the server
// restarted (its buffers empty) and the OS page cache dropped, where this process may (root, on
// Linux); where it may not, it says so and the figures are marked warm. Then the attribution of
// a mailing whose rules change, recomputed (db/attribution-mailing.ts) with the rules widened
// and set back, so the benchmark's data stays as it was.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { Db } from '../db/connection.ts';
import { reattributeMailing } from '../db/attribution-mailing.ts';
import { mailingReport } from '../db/report-mailing.ts';

const load = () => `load ${loadavg()[0]!.toFixed(1)}`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2).padStart(7)} s`;

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  console.log(`${label.padEnd(58)} ${seconds(performance.now() - started)}   ${load()}`);
  return result;
}

/** Empties the OS page cache; false where this process may not. */
export function dropCaches(): boolean {
  try {
    execFileSync('sync');
    writeFileSync('/proc/sys/vm/drop_caches', '3');
    return true;
  } catch {
    return false;
  }
}

/** A server restarted with its buffers empty, and the OS cache dropped where it may be. */
export type Restart = () => Promise<{ db: Db; cold: boolean }>;

/** The mailings the cold runs open: each one only once, so none is warmed by an earlier run. */
async function mailings(db: Db, n: number): Promise<string[]> {
  const rows = await db('mailings').orderBy('started_at', 'desc').offset(30).limit(n).select('id');
  return rows.map((r: { id: string }) => r.id);
}

export async function timeColdMailing(first: Db, restart: Restart): Promise<void> {
  const [a, b] = await mailings(first, 2);
  let { db, cold } = await restart();
  if (!cold) console.log('the OS cache could not be dropped (not root?): these figures are warm');
  const how = cold ? 'cold' : 'server restarted, OS cache warm';
  await timed(`one mailing (${how}, catalogue cold too)`, () =>
    mailingReport(db, { mailingId: a! }),
  );
  await timed('one mailing, again (warm)', () => mailingReport(db, { mailingId: a! }));
  ({ db, cold } = await restart());
  // A report of no messages first: the catalogue and the indexes' upper levels are read.
  await mailingReport(db, { mailingId: '00000000-0000-0000-0000-000000000000' });
  await timed(`another mailing (${cold ? 'cold' : 'server restarted'}, catalogue warm)`, () =>
    mailingReport(db, { mailingId: b! }),
  );
  await timed('another mailing, again (warm)', () => mailingReport(db, { mailingId: b! }));
  ({ db, cold } = await restart());
  await timeAttributionChange(db, a!, cold ? 'cold' : 'server restarted');
  await timeAttributionChange(db, a!, 'warm');
}

/** The mailing's rules widened to 10 days and recomputed, then set back and recomputed. */
export async function timeAttributionChange(db: Db, mailingId: string, how: string) {
  const { attribution } = await db('mailings')
    .where({ id: mailingId })
    .first<{ attribution: object | null }>('attribution');
  const messages = await db('messages').where({ mailing_id: mailingId }).count<{ n: string }[]>({
    n: '*',
  });
  const change = async (label: string, rules: object) => {
    await db('mailings')
      .where({ id: mailingId })
      .update({ attribution: JSON.stringify(rules) });
    const r = await timed(`attribution of ${messages[0]!.n} messages: ${label} (${how})`, () =>
      reattributeMailing(db, mailingId),
    );
    console.log(`  ${r.credited} purchases kept or moved to it, ${r.redone} looked up again`);
  };
  await change('window widened to 10 days', {
    ...attribution,
    windowDays: undefined,
    windowHours: 240,
  });
  await change('rules set back', attribution ?? {});
}
