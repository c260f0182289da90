// A mailing passes the text encoding chosen for its first email to the rest (activities/
// mailing-email.ts): the SMTP gateway reports what nodemailer chose, and a given encoding is
// what the server receives, with the text intact.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { EmailGateway } from './gateway.ts';
import { createSmtpGateway } from './smtp.ts';

/** Each message as the server read it, by recipient: the MIME source, encodings and all. */
const sources = new Map<string, string>();
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  onData(stream, session, done) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      for (const r of session.envelope.rcptTo)
        sources.set(r.address, Buffer.concat(chunks).toString());
      done();
    });
  },
});
let gateway: EmailGateway;
before(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  gateway = createSmtpGateway({
    host: '127.0.0.1',
    port: (server.server.address() as AddressInfo).port,
    secure: false,
    from: 'news@herald.local',
  });
});
after(async () => {
  gateway.close();
  await new Promise<void>((r) => server.close(() => r()));
});

const paragraph = (words: string) =>
  `<html><body><p>${Array.from({ length: 40 }, () => words).join(' ')}</p></body></html>`;
const RUSSIAN = paragraph('Зимние новости для вас, Мария');
const ENGLISH = paragraph('Winter news for you, María');

const send = (to: string, html: string, textEncoding?: 'quoted-printable' | 'base64') =>
  gateway.send({
    to,
    subject: 'Новости',
    html,
    text: 'plain',
    messageId: crypto.randomUUID(),
    ...(textEncoding && { textEncoding }),
  });

/** The HTML part's transfer encoding as sent, and its text decoded. */
const received = async (to: string) => {
  const source = sources.get(to) ?? '';
  const htmlPart = /Content-Type: text\/html[^]*?Content-Transfer-Encoding: ([\w-]+)/i.exec(source);
  return { encoding: htmlPart?.[1], html: (await simpleParser(source)).html };
};

test('the gateway reports the encoding nodemailer chose for the HTML by its text', async () => {
  assert.equal((await send('ru@x.example', RUSSIAN)).textEncoding, 'base64');
  assert.equal((await send('en@x.example', ENGLISH)).textEncoding, 'quoted-printable');
});

test('a given encoding is the one sent, and the HTML arrives as it was written', async () => {
  for (const [to, html, encoding] of [
    ['ru-qp@x.example', RUSSIAN, 'quoted-printable'],
    ['en-b64@x.example', ENGLISH, 'base64'],
  ] as const) {
    await send(to, html, encoding);
    const mail = await received(to);
    assert.equal(mail.encoding, encoding);
    assert.equal(mail.html, html);
  }
});
