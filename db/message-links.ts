// The links recorded for a message at send time (migration 0030): where its click links may lead.
import { createHash } from 'node:crypto';
import type { Db } from './connection.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const digest = (url: string) => createHash('sha256').update(url).digest('hex');

export async function recordMessageLinks(db: Db, messageId: string, urls: string[]) {
  if (urls.length === 0) return;
  await db('message_links')
    .insert(urls.map((url) => ({ message_id: messageId, url_sha256: digest(url), url })))
    .onConflict(['message_id', 'url_sha256'])
    .ignore();
}

/** A statement recording the links of the message a named part of a bigger statement claimed. */
export const linksOf = (db: Db, cte: string, urls: string[]) =>
  db.raw(
    `insert into message_links (message_id, url, url_sha256)
     select c.id, l.url, l.sha from ?? c cross join jsonb_to_recordset(?::jsonb) as l(url text, sha text)
     on conflict (message_id, url_sha256) do nothing`,
    [cte, JSON.stringify(urls.map((url) => ({ url, sha: digest(url) })))],
  );

/** Whether the message exists and carried this link. */
export async function isMessageLink(db: Db, messageId: string, url: string): Promise<boolean> {
  if (!UUID.test(messageId)) return false;
  const row = await db('message_links')
    .where({ message_id: messageId, url_sha256: digest(url) })
    .first<{ url: string } | undefined>('url');
  return row?.url === url;
}
