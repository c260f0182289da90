// The recipient sink of bench/mailing.ts in a process of its own (started with fork), so that
// neither Herald's worker nor bare nodemailer shares its process with the server it sends to.
// Answers the parent's "count" with the messages accepted so far, and "sample" with the raw
// text of the first one (bare nodemailer is sent the same messages).
import { startRecipientSink } from './recipient-sink.ts';

const sink = await startRecipientSink({ sample: true });
const count = () => [...sink.received.values()].reduce((a, b) => a + b, 0);
process.on('message', (ask: string) => {
  if (ask === 'count') process.send!({ count: count() });
  else if (ask === 'sample') process.send!({ sample: sink.sample?.toString('utf8') ?? null });
  else if (ask === 'close') void sink.close().then(() => process.exit(0));
});
process.send!({ port: sink.port });
// The bench process died: so does its sink.
process.on('disconnect', () => process.exit(0));
