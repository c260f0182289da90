// Images uploaded in the email editor (migration 0112).
import type { Db } from './connection.ts';

export interface ImageRow {
  id: string;
  name: string;
  content_type: string;
  bytes: Buffer;
  size: number;
  created_at: Date;
}

export async function storeImage(
  db: Db,
  image: { name: string; contentType: string; bytes: Buffer },
): Promise<Omit<ImageRow, 'bytes'>> {
  const [row] = await db('images')
    .insert({
      name: image.name,
      content_type: image.contentType,
      bytes: image.bytes,
      size: image.bytes.length,
    })
    .returning<Omit<ImageRow, 'bytes'>[]>(['id', 'name', 'content_type', 'size', 'created_at']);
  return row!;
}

export async function getImage(db: Db, id: string): Promise<ImageRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  return db('images').where({ id }).first<ImageRow | undefined>();
}
