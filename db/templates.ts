// Message templates. `revision` grows on every edit so that compiled templates can be cached
// by (id, revision) and never served stale.
import type { CreateTemplate } from '../core/campaign.ts';
import type { TemplateContent } from '../core/channel-content.ts';
import type { Db } from './connection.ts';

export interface TemplateRow {
  id: string;
  name: string;
  channel: string;
  subject: string;
  body: string;
  /** Per channel: a push's image and deep link, a Viber button (core/channel-content.ts). */
  content: TemplateContent;
  /** The draft's revision: it grows on every edit. */
  revision: number;
  /** The revision sends use unless a campaign version pinned another; null before publishing. */
  published_revision?: number | null;
  created_at: Date;
  updated_at: Date;
}

/** A new template, published as its revision 1 (db/template-revisions.ts). */
export async function createTemplate(db: Db, t: CreateTemplate): Promise<TemplateRow> {
  return db.transaction(async (trx) => {
    const [row] = await trx('templates')
      .insert({
        name: t.name,
        channel: t.channel,
        // A channel without a subject (SMS, Viber) stores an empty one.
        subject: t.subject ?? '',
        body: (t.channel === 'email' ? t.mjml : t.body) ?? '',
        content: t.content ?? {},
        published_revision: 1,
      })
      .returning<TemplateRow[]>('*');
    await trx('template_revisions').insert({
      template_id: row!.id,
      revision: row!.revision,
      subject: row!.subject,
      body: row!.body,
      content: row!.content,
    });
    return row!;
  });
}

export async function getTemplate(db: Db, id: string): Promise<TemplateRow | undefined> {
  return db('templates').where({ id }).first<TemplateRow | undefined>();
}

export async function listTemplates(db: Db): Promise<TemplateRow[]> {
  return db('templates').orderBy('name');
}

export async function existingTemplateIds(db: Db, ids: string[]): Promise<Set<string>> {
  const uuids = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (uuids.length === 0) return new Set();
  const rows = await db('templates').whereIn('id', uuids).select<{ id: string }[]>('id');
  return new Set(rows.map((r) => r.id));
}
