// Saved email blocks (migration 0171): CRUD; a name taken by another block is a conflict.
import type { Db } from './connection.ts';

export interface TemplateBlockRow {
  id: string;
  name: string;
  mjml: string;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

const UNIQUE_VIOLATION = '23505';
export const isNameTaken = (err: unknown) => (err as { code?: string }).code === UNIQUE_VIOLATION;

export function listTemplateBlocks(db: Db): Promise<TemplateBlockRow[]> {
  return db('template_blocks').orderBy('name');
}

export function getTemplateBlock(db: Db, id: string): Promise<TemplateBlockRow | undefined> {
  return db('template_blocks').where({ id }).first();
}

export async function createTemplateBlock(
  db: Db,
  b: { name: string; mjml: string; createdBy: string | null },
): Promise<TemplateBlockRow> {
  const [row] = await db('template_blocks')
    .insert({ name: b.name, mjml: b.mjml, created_by: b.createdBy })
    .returning<TemplateBlockRow[]>('*');
  return row!;
}

export async function updateTemplateBlock(
  db: Db,
  id: string,
  b: { name?: string; mjml?: string },
): Promise<TemplateBlockRow | undefined> {
  const [row] = await db('template_blocks')
    .where({ id })
    .update({ ...b, updated_at: db.fn.now() })
    .returning<TemplateBlockRow[]>('*');
  return row;
}

export async function deleteTemplateBlock(db: Db, id: string): Promise<boolean> {
  return (await db('template_blocks').where({ id }).delete()) > 0;
}
