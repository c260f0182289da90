// Template versions (migration 0111): the template row is the draft the editor changes; each
// publish stores an immutable revision. Sends read a revision, never the draft.
import type { Db } from './connection.ts';
import type { TemplateContent } from '../core/channel-content.ts';
import type { TemplateRow } from './templates.ts';

export interface TemplateRevisionRow {
  template_id: string;
  revision: number;
  subject: string;
  body: string;
  content: TemplateContent;
  note: string | null;
  published_at: Date;
}

/** Changes the draft; the revision grows, so compiled copies of the old one are never reused. */
export async function updateTemplateDraft(
  db: Db,
  id: string,
  t: { name?: string; subject?: string; body: string; content?: TemplateContent },
): Promise<TemplateRow | undefined> {
  const [row] = await db('templates')
    .where({ id })
    .update({
      ...(t.name !== undefined && { name: t.name }),
      subject: t.subject ?? '',
      body: t.body,
      content: t.content ?? {},
      revision: db.raw('revision + 1'),
      updated_at: db.fn.now(),
    })
    .returning<TemplateRow[]>('*');
  return row;
}

/** Publishes the draft as it is now; publishing an unchanged draft again changes nothing. */
export async function publishTemplate(
  db: Db,
  id: string,
  note?: string,
): Promise<TemplateRevisionRow | undefined> {
  return db.transaction(async (trx) => {
    const t = await trx('templates').where({ id }).forUpdate().first<TemplateRow | undefined>();
    if (!t) return undefined;
    await trx('template_revisions')
      .insert({
        template_id: id,
        revision: t.revision,
        subject: t.subject,
        body: t.body,
        content: t.content,
        note: note ?? null,
      })
      .onConflict(['template_id', 'revision'])
      .ignore();
    await trx('templates').where({ id }).update({ published_revision: t.revision });
    return trx('template_revisions')
      .where({ template_id: id, revision: t.revision })
      .first<TemplateRevisionRow>();
  });
}

export async function listTemplateRevisions(db: Db, id: string): Promise<TemplateRevisionRow[]> {
  return db('template_revisions').where({ template_id: id }).orderBy('revision', 'desc');
}

export async function getTemplateRevision(
  db: Db,
  id: string,
  revision: number,
): Promise<TemplateRevisionRow | undefined> {
  return db('template_revisions')
    .where({ template_id: id, revision })
    .first<TemplateRevisionRow | undefined>();
}

/**
 * What a send renders: the pinned revision, else the latest published one. Shaped as a template
 * row whose `revision` is the one rendered, so that compiled copies are cached by it.
 */
export async function templateForSend(
  db: Db,
  id: string,
  pinned?: number,
): Promise<TemplateRow | undefined> {
  return db('templates as t')
    .join('template_revisions as r', function () {
      this.on('r.template_id', 't.id');
      if (pinned !== undefined) this.andOnVal('r.revision', pinned);
      else this.andOn('r.revision', 't.published_revision');
    })
    .where('t.id', id)
    .first<TemplateRow | undefined>(
      't.id',
      't.name',
      't.channel',
      'r.subject',
      'r.body',
      'r.content',
      'r.revision',
      't.created_at',
      'r.published_at as updated_at',
    );
}

/** The published revision of each template, for pinning them in a campaign version. */
export async function publishedRevisions(db: Db, ids: string[]): Promise<Map<string, number>> {
  const uuids = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (uuids.length === 0) return new Map();
  const rows = await db('templates')
    .whereIn('id', uuids)
    .whereNotNull('published_revision')
    .select<{ id: string; published_revision: number }[]>('id', 'published_revision');
  return new Map(rows.map((r) => [r.id, r.published_revision]));
}
