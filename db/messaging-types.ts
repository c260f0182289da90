// Messaging types: what a customer subscribes to per channel (migration 0110). Transactional
// types ignore unsubscribes; a type no row names is treated as marketing, the safer reading.
import type { Db } from './connection.ts';

export interface MessagingTypeRow {
  key: string;
  name: string;
  description: string | null;
  transactional: boolean;
  created_at: Date;
}

export async function listMessagingTypes(db: Db): Promise<MessagingTypeRow[]> {
  return db('messaging_types').orderBy(['transactional', 'key']);
}

export async function saveMessagingType(
  db: Db,
  t: { key: string; name: string; description?: string | null; transactional: boolean },
): Promise<MessagingTypeRow> {
  const row = {
    key: t.key,
    name: t.name,
    description: t.description ?? null,
    transactional: t.transactional,
  };
  const [saved] = await db('messaging_types')
    .insert(row)
    .onConflict('key')
    .merge(['name', 'description', 'transactional'])
    .returning<MessagingTypeRow[]>('*');
  return saved!;
}

/** A subquery: the row of this type if it is transactional (sent whatever the unsubscribes). */
export const transactionalType = (db: Db, key: string) =>
  db('messaging_types').where({ key, transactional: true }).select(db.raw('1'));

/** Whether sends of this type go out whatever the customer unsubscribed from. */
export async function isTransactional(db: Db, key: string): Promise<boolean> {
  return (await transactionalType(db, key).first()) !== undefined;
}
