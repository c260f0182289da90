// The commit point of an email send, recorded group-commit style: a send asks just before its
// final dot is written (activities/channels/smtp-pool.ts), and every send that asks while one
// batch is in flight is marked by the next, so a worker sending hundreds of emails a second pays
// a statement per round trip, not per email. A send refused its commit stops before the dot:
// another attempt of the same message reached it first.
//
// The marks are made in a transaction that is committed just after the dots are written, in the
// same turn of the event loop. So a worker killed before its dots leaves no mark (Postgres rolls
// the transaction back, even one still waiting for a lock: the retry sends again, rightly), one
// killed after them leaves its marks committed (the retry records "unknown", rightly), and only
// a kill in the microseconds between the two writes is misread. Marking first and writing the
// dots on the commit's answer would leave the whole commit round trip in doubt instead: a kill
// there keeps the marks of emails whose dots were never written, and loses them.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db, Trx } from '../db/connection.ts';
import { markCommitted } from '../db/messages.ts';

interface Waiter {
  id: string;
  resolve: (committed: boolean) => void;
  reject: (err: unknown) => void;
}

/** How long marks whose commit failed keep being written again (Postgres restarting). */
const REDO_FOR_MS = 120_000;

function batcher(db: Db) {
  let pending: Waiter[] = [];
  let flushing = false;

  async function flushOne(batch: Waiter[]) {
    const ids = [...new Set(batch.map((w) => w.id))];
    let trx: Trx | undefined;
    let marked: Set<string>;
    try {
      trx = await db.transaction();
      marked = await markCommitted(trx, ids);
    } catch (err) {
      // Nothing marked, no dot written: these sends stop, certainly unsent.
      void trx?.rollback().catch(() => {});
      for (const w of batch) w.reject(err);
      return;
    }
    // Two attempts of one message in the same batch: the first one only.
    const granted = new Set(marked);
    for (const w of batch) w.resolve(granted.delete(w.id));
    // The dots are written from the callbacks above within this turn; the commit goes out after.
    await new Promise((r) => setImmediate(r));
    try {
      await trx.commit();
    } catch {
      // The dots are out but the marks may not be: written again until Postgres answers, so that
      // a retry never takes these emails for unsent and sends them twice.
      void redo(db, [...marked]);
    }
  }

  async function flush() {
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      await flushOne(batch);
    }
    flushing = false;
  }

  return (id: string) =>
    new Promise<boolean>((resolve, reject) => {
      pending.push({ id, resolve, reject });
      // Started on the next microtask, so that sends asking in the same tick share it.
      if (!flushing) {
        flushing = true;
        queueMicrotask(() => void flush());
      }
    });
}

async function redo(db: Db, ids: string[]) {
  if (ids.length === 0) return;
  const until = Date.now() + REDO_FOR_MS;
  for (let wait = 100; ; wait = Math.min(wait * 2, 2_000)) {
    try {
      await db.raw(
        `update messages set committed_at = now(), error = null,
           attempts = attempts + (mailing_id is not null)::int
         where id = any(?::uuid[]) and status = 'sending' and committed_at is null`,
        [ids],
      );
      return;
    } catch {
      if (Date.now() > until) return;
      await sleep(wait);
    }
  }
}

const batchers = new WeakMap<Db, ReturnType<typeof batcher>>();

/** The commit point of one message's send, for OutgoingEmail.commit. */
export function commitPoint(db: Db, messageId: string): () => Promise<boolean> {
  let commit = batchers.get(db);
  if (!commit) batchers.set(db, (commit = batcher(db)));
  return () => commit(messageId);
}
