// One email send activity in a process of its own, as a worker runs it: the kill tests
// (activities/send-commit.test.ts) kill it with -9 at a chosen point of the SMTP transaction.
// Usage: DATABASE_URL=… SMTP_PORT=… node --import tsx scripts/testing/sending-worker.ts '<input JSON>'
import pino from 'pino';
import { createSmtpGateway } from '../../activities/channels/smtp.ts';
import { sendEmailActivities } from '../../activities/send-email.ts';
import { createDb } from '../../db/connection.ts';

const db = createDb(process.env.DATABASE_URL!);
const email = createSmtpGateway({
  host: '127.0.0.1',
  port: Number(process.env.SMTP_PORT),
  secure: false,
  from: 'Kill tests <k@herald.local>',
});
const { sendEmail } = sendEmailActivities({ db, email, log: pino({ level: 'silent' }) });
const result = await sendEmail(JSON.parse(process.argv[2]!));
console.log(JSON.stringify(result));
email.close();
await db.destroy();
