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

/** Whether the message exists and carried this link. */
export async function isMessageLink(db: Db, messageId: string, url: string): Promise<boolean> {
  if (!UUID.test(messageId)) return false;
  const row = await db('message_links')
    .where({ message_id: messageId, url_sha256: digest(url) })
    .first<{ url: string } | undefined>('url');
  return row?.url === url;
}
