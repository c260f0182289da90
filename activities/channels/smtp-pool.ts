// A small pool of SMTP connections (nodemailer's SMTPConnection) that sends each message through
// a stream holding back its end until the caller's commit point is recorded. An SMTP server
// accepts a message only once it has read the final "." of DATA and answered 250; the dot is
// written only when the message stream ends. So a message whose commit was never recorded was
// certainly never accepted, and one whose commit was recorded but whose 250 was not is the only
// kind that may have been. nodemailer's own pool cannot do this: it reads a message's stream
// into its buffers as soon as it is queued, long before DATA, so its end says nothing.
import { Readable } from 'node:stream';
import SMTPConnection from 'nodemailer/lib/smtp-connection/index.js';

export interface PoolOptions {
  host: string;
  port: number;
  secure: boolean;
  auth?: { user: string; pass: string };
  maxConnections: number;
}

/** How far a message got: read by the DATA stream, its commit asked for, recorded. */
export interface HeldState {
  read: boolean;
  committing: boolean;
  committed: boolean;
  /** The commit was refused: another attempt of the same message reached its commit first. */
  superseded?: boolean;
}

/** Where a send stopped: before its commit point (certainly not accepted) or after it. */
export class PoolSendError extends Error {
  constructor(
    override readonly cause: SMTPConnection.SMTPError,
    readonly state: HeldState = { read: false, committing: false, committed: false },
  ) {
    super(cause.message);
  }
}

/**
 * The message, then, once the consumer (the DATA stream, after the server's 354) asks for more,
 * the commit; its end only when the commit says so. A refused or failed commit fails the stream,
 * and the connection is closed with the dot unwritten: the server drops the partial message.
 */
function heldMessage(raw: Buffer, commit: () => Promise<boolean>, state: HeldState) {
  return new Readable({
    read() {
      if (!state.read) {
        state.read = true;
        this.push(raw);
        return;
      }
      if (state.committing) return;
      state.committing = true;
      commit().then(
        (ok) => {
          if (!ok) {
            state.superseded = true;
            return this.destroy(
              new Error('another attempt of this message reached its commit first'),
            );
          }
          state.committed = true;
          this.push(null);
        },
        (err: Error) => this.destroy(err),
      );
    },
  });
}

export function createSmtpPool(opts: PoolOptions) {
  const idle: SMTPConnection[] = [];
  /** Connections open or opening, against maxConnections. */
  let open = 0;
  let closed = false;
  const waiting: ((c: SMTPConnection | Error) => void)[] = [];

  /** A new connection, greeted and logged in; its failure (refused, no greeting) rejects. */
  const connect = () =>
    new Promise<SMTPConnection>((resolve, reject) => {
      const c = new SMTPConnection({
        host: opts.host,
        port: opts.port,
        secure: opts.secure,
        // Local catchers and dev relays rarely have valid certificates.
        tls: { rejectUnauthorized: opts.secure },
      });
      let ready = false;
      // Before it is ready, its errors are the connect's; after, a send's callback gets them
      // too, and a stray one (an idle connection the server dropped) only retires it.
      c.on('error', (err: Error) => (ready ? retire(c) : reject(err)));
      c.on('end', () =>
        ready ? retire(c) : reject(new Error('the SMTP server closed the connection')),
      );
      c.connect((err) => {
        if (err) return reject(err);
        const done = () => {
          ready = true;
          resolve(c);
        };
        if (!opts.auth) return done();
        c.login(opts.auth, (e) => (e ? reject(e) : done()));
      });
    });
  const retired = new WeakSet<SMTPConnection>();
  function retire(c: SMTPConnection) {
    if (retired.has(c)) return;
    retired.add(c);
    open--;
    const at = idle.indexOf(c);
    if (at >= 0) idle.splice(at, 1);
    c.close();
    // A sender waiting for a connection gets a new one in place of this.
    const next = waiting.shift();
    if (next) void acquire().then(next, next);
  }
  async function acquire(): Promise<SMTPConnection> {
    if (closed) throw new Error('the SMTP pool is closed');
    const ready = idle.pop();
    if (ready) return ready;
    if (open >= opts.maxConnections)
      return new Promise((resolve, reject) =>
        waiting.push((c) => (c instanceof Error ? reject(c) : resolve(c))),
      );
    open++;
    try {
      return await connect();
    } catch (err) {
      open--;
      throw err;
    }
  }
  function release(c: SMTPConnection) {
    if (retired.has(c)) return;
    const next = waiting.shift();
    if (next) next(c);
    else idle.push(c);
  }

  const sendOn = (
    c: SMTPConnection,
    envelope: SMTPConnection.Envelope,
    raw: Buffer,
    commit: () => Promise<boolean>,
  ) =>
    new Promise<SMTPConnection.SentMessageInfo>((resolve, reject) => {
      const state: HeldState = { read: false, committing: false, committed: false };
      c.send(envelope, heldMessage(raw, commit, state), (err, info) => {
        if (!err) {
          release(c);
          return resolve(info);
        }
        // Mid-DATA without its dot, or in any state we do not know: this connection is done.
        retire(c);
        reject(new PoolSendError(err, state));
      });
    });

  return {
    /**
     * Sends `raw`, calling `commit` once the server is reading the message and before its end
     * (the dot) is written; the dot follows only if `commit` resolves true. A failure says
     * whether the commit had been recorded.
     */
    async send(
      envelope: SMTPConnection.Envelope,
      raw: Buffer,
      commit: () => Promise<boolean>,
    ): Promise<SMTPConnection.SentMessageInfo> {
      let c: SMTPConnection;
      try {
        c = await acquire();
      } catch (err) {
        throw new PoolSendError(err as Error);
      }
      try {
        return await sendOn(c, envelope, raw, commit);
      } catch (err) {
        // An idle connection the server closed meanwhile fails before a byte of the message:
        // once more on a new one, as nodemailer's pool does.
        const e = err as PoolSendError;
        if (e.state.read || typeof e.cause.responseCode === 'number') throw e;
        let fresh: SMTPConnection;
        try {
          fresh = await acquire();
        } catch {
          throw e;
        }
        return sendOn(fresh, envelope, raw, commit);
      }
    },
    /** Whether the server answers: a new connection, greeted and logged in, then closed. */
    async verify(): Promise<void> {
      const c = await connect();
      c.quit();
    },
    close() {
      closed = true;
      for (const c of idle.splice(0)) c.quit();
      for (const w of waiting.splice(0)) w(new Error('the SMTP pool is closed'));
    },
  };
}
