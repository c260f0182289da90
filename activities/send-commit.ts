// The commit point of an email send, recorded group-commit style: a send asks just before its
// final dot is written (activities/channels/smtp-pool.ts), and every send that asks while one
// statement is in flight is recorded by the next, so a worker sending hundreds of emails a
// second pays a statement per round trip, not per email. A send refused its commit stops before
// the dot: another attempt of the same message reached it first.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../db/connection.ts';
import { markCommitted } from '../db/messages.ts';

interface Waiter {
  id: string;
  resolve: (committed: boolean) => void;
  reject: (err: unknown) => void;
}

/** How long a commit whose answer was lost keeps trying to undo itself (Postgres restarting). */
const UNDO_FOR_MS = 120_000;

function batcher(db: Db) {
  let pending: Waiter[] = [];
  let flushing = false;

  async function flush() {
    flushing = true;
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      const ids = [...new Set(batch.map((w) => w.id))];
      try {
        const marked = await markCommitted(db, ids);
        // Two attempts of one message in the same batch: the first one only.
        for (const w of batch) {
          w.resolve(marked.delete(w.id));
        }
      } catch (err) {
        // The statement may have been recorded before its answer was lost (Postgres stopped
        // mid-commit): undone before these sends fail, else their retries would take them for
        // sent and never send them.
        await undo(db, ids);
        for (const w of batch) w.reject(err);
      }
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

async function undo(db: Db, ids: string[]) {
  const until = Date.now() + UNDO_FOR_MS;
  for (let wait = 100; ; wait = Math.min(wait * 2, 2_000)) {
    try {
      await db('messages').whereIn('id', ids).where({ status: 'sending' }).update({
        committed_at: null,
        error: 'the commit point could not be recorded; stopped before the final dot',
      });
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
