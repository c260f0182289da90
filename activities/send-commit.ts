// The commit point of an email send, recorded group-commit style: a send asks just before its
// final dot is written (activities/channels/smtp-pool.ts), and every send that asks while one
// batch is in flight is marked by the next, so a worker sending hundreds of emails a second pays
// a statement per round trip, not per email. A send refused its commit stops before the dot:
// another attempt of the same message reached it first.
//
// A mailing's emails that the server took are recorded "sent" (recordSent) in the same
// transactions: their statement rides in the round trip of the next marks and commits with
// them, so a worker sending hundreds of emails a second pays no statement and no commit of its
// own for its outcomes. When no mark is on the way, they are written on their own.
//
// The marks are made in a transaction that is committed just after the dots are written, in the
// same turn of the event loop. So a worker killed before its dots leaves no mark (Postgres rolls
// the transaction back, even one still waiting for a lock: the retry sends again, rightly), one
// killed after them leaves its marks committed (the retry records "unknown", rightly), and only
// a kill in the microseconds between the two writes is misread. Marking first and writing the
// dots on the commit's answer would leave the whole commit round trip in doubt instead: a kill
// there keeps the marks of emails whose dots were never written, and loses them.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../db/connection.ts';
import { emailsSentStatement, recordEmailsSent, type SentEmail } from '../db/mailing-sends.ts';

interface Waiter {
  id: string;
  resolve: (committed: boolean) => void;
  reject: (err: unknown) => void;
}

interface Outcome {
  sent: SentEmail;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** How long marks whose commit failed keep being written again (Postgres restarting). */
const REDO_FOR_MS = 120_000;

/**
 * Marks the messages of `ids` (an SQL uuid[] expression) at their commit point, answering those
 * marked: each still "sending" and not yet committed. One missing from the answer was committed
 * by another attempt (or settled meanwhile): that attempt must stop. A mailing's message also
 * counts the attempt (activities/mailings.ts resends those at 0).
 */
const mark = (ids: string) =>
  `update messages set committed_at = now(), error = null,
     attempts = attempts + (mailing_id is not null)::int
   where id = any(${ids}) and status = 'sending' and committed_at is null
   returning id`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The pg client under knex's pool: one of its connections, held for a transaction. */
interface PgConnection {
  /** Several statements answer one result each. */
  query(sql: string): Promise<unknown>;
  __knex__disposed?: unknown;
}
interface PoolClient {
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(c: PgConnection): Promise<void>;
}

function batcher(db: Db) {
  let pending: Waiter[] = [];
  let outcomes: Outcome[] = [];
  let flushing = false;

  const pool = db.client as unknown as PoolClient;

  /** Outcomes written on their own, when no mark came to carry them. */
  async function writeAlone(group: Outcome[]) {
    try {
      await recordEmailsSent(
        db,
        group.map((o) => o.sent),
      );
      for (const o of group) o.resolve();
    } catch (err) {
      for (const o of group) o.reject(err);
    }
  }

  async function flushOne(batch: Waiter[], sent: Outcome[]) {
    if (batch.length === 0) return writeAlone(sent);
    const ids = [...new Set(batch.map((w) => w.id))];
    let conn: PgConnection | undefined;
    let marked: Set<string>;
    try {
      // Message IDs are ours (UUIDs), checked by form all the same before they are written into
      // the statement: BEGIN, the marks and the outcomes go in one round trip (the simple
      // protocol, which has no parameters), as that round trip is on every email's way to its
      // final dot.
      if (!ids.every((id) => UUID.test(id))) throw new Error('a message ID that is no UUID');
      conn = await pool.acquireConnection();
      const outcomesSql = sent.length ? `; ${emailsSentStatement(sent.map((o) => o.sent))}` : '';
      const [, marks] = (await conn.query(
        `begin; ${mark(`'{${ids.join(',')}}'::uuid[]`)}${outcomesSql}`,
      )) as [unknown, { rows: { id: string }[] }];
      marked = new Set(marks.rows.map((r) => r.id));
    } catch (err) {
      // Nothing marked, no dot written: these sends stop, certainly unsent. The outcomes were
      // not written either: on their own, so that one bad outcome cannot stop the marks again.
      if (conn) void release(conn, 'rollback');
      for (const w of batch) w.reject(err);
      if (sent.length) void writeAlone(sent);
      return;
    }
    // Two attempts of one message in the same batch: the first one only.
    const granted = new Set(marked);
    for (const w of batch) w.resolve(granted.delete(w.id));
    // The dots are written from the callbacks above within this turn; the commit goes out after.
    await new Promise((r) => setImmediate(r));
    if (await release(conn, 'commit')) {
      for (const o of sent) o.resolve();
      return;
    }
    // The dots are out but the marks may not be: written again until Postgres answers, so that
    // a retry never takes these emails for unsent and sends them twice; the outcomes with them.
    void redo(db, [...marked]).then(() => writeAlone(sent));
  }

  /** Ends the transaction and gives the connection back (to be dropped if it failed). */
  async function release(conn: PgConnection, end: 'commit' | 'rollback'): Promise<boolean> {
    try {
      await conn.query(end);
      return true;
    } catch (err) {
      conn.__knex__disposed = err;
      return false;
    } finally {
      await pool.releaseConnection(conn);
    }
  }

  async function flush() {
    while (pending.length > 0 || outcomes.length > 0) {
      const batch = pending;
      const sent = outcomes;
      pending = [];
      outcomes = [];
      await flushOne(batch, sent);
    }
    flushing = false;
  }

  /** Started on the next microtask, so that everything asked in the same tick shares it. */
  const start = () => {
    if (flushing) return;
    flushing = true;
    queueMicrotask(() => void flush());
  };

  return {
    mark: (id: string) =>
      new Promise<boolean>((resolve, reject) => {
        pending.push({ id, resolve, reject });
        start();
      }),
    sent: (sent: SentEmail) =>
      new Promise<void>((resolve, reject) => {
        outcomes.push({ sent, resolve, reject });
        start();
      }),
  };
}

async function redo(db: Db, ids: string[]) {
  if (ids.length === 0) return;
  const until = Date.now() + REDO_FOR_MS;
  for (let wait = 100; ; wait = Math.min(wait * 2, 2_000)) {
    try {
      await db.raw(mark('?::uuid[]'), [ids]);
      return;
    } catch {
      if (Date.now() > until) return;
      await sleep(wait);
    }
  }
}

const batchers = new WeakMap<Db, ReturnType<typeof batcher>>();

const batcherOf = (db: Db) => {
  let b = batchers.get(db);
  if (!b) batchers.set(db, (b = batcher(db)));
  return b;
};

/** The commit point of one message's send, for OutgoingEmail.commit. */
export function commitPoint(db: Db, messageId: string): () => Promise<boolean> {
  const b = batcherOf(db);
  return () => b.mark(messageId);
}

/**
 * Records a mailing's email as sent, with the next commit point's marks (or on its own); resolves
 * once it is committed.
 */
export const recordSent = (db: Db, sent: SentEmail): Promise<void> => batcherOf(db).sent(sent);
