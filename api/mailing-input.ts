// Reads a mailing's body the way the api saves it: what no mailing could ever be (a template of
// another channel, a segment that does not exist, a time that has passed) is a 400 naming the
// field and the fix; what a draft merely lacks yet is listed as its problems and blocks starting.
import type { MailingInput } from '../core/contract/mailings.ts';
import { badRequest, type FieldProblem } from '../core/errors.ts';
import { draftProblems, pastDelivery } from '../core/mailing-rules.ts';
import type { Db } from '../db/connection.ts';
import { templateForSend } from '../db/template-revisions.ts';
import { getTemplate } from '../db/templates.ts';

async function missingIds(db: Db, table: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const found = await db(table).whereIn('id', ids).select<{ id: string }[]>('id');
  const have = new Set(found.map((r) => r.id));
  return new Set(ids.filter((id) => !have.has(id)));
}

/** A sender no gateway of the channel has (a mailing has one sender, the reference's rule). */
async function unknownSender(
  db: Db,
  channel: MailingInput['channel'],
  sender: string,
): Promise<FieldProblem | undefined> {
  const gateways = await db('gateways')
    .where({ channel })
    .select<{ senders: string[] }[]>('senders');
  // No gateway yet: nothing to check against (the send then says the channel has none).
  if (gateways.length === 0) return undefined;
  const known = [...new Set(gateways.flatMap((g) => g.senders))];
  if (known.includes(sender)) return undefined;
  return {
    field: 'sender',
    message:
      known.length > 0
        ? `no ${channel} gateway has this sender: choose one of ${known.join(', ')}, or add it to the gateway`
        : `the ${channel} gateway lists no senders: add this one to it first, or leave the sender empty`,
  };
}

/** The pinned template revision and the draft's problems; throws a 400 for what cannot be. */
export async function checkMailing(
  db: Db,
  m: MailingInput,
  now = new Date(),
): Promise<{ templateRevision: number | null; problems: FieldProblem[] }> {
  const problems: FieldProblem[] = [];
  let templateRevision: number | null = null;
  if (m.templateId) {
    const template = await getTemplate(db, m.templateId);
    if (!template)
      problems.push({ field: 'templateId', message: 'no such template: choose an existing one' });
    else if (template.channel !== m.channel)
      problems.push({
        field: 'templateId',
        message: `the template is for ${template.channel}: choose a ${m.channel} template or change the channel`,
      });
    else if (m.templateRevision) {
      // The revision chosen must be one that was published; it is what the mailing sends.
      if (await templateForSend(db, template.id, m.templateRevision))
        templateRevision = m.templateRevision;
      else
        problems.push({
          field: 'templateRevision',
          message: 'no such published revision of the template: choose one it has',
        });
    } else if (template.published_revision) templateRevision = template.published_revision;
    else
      problems.push({
        field: 'templateId',
        message: 'the template has never been published: publish it, or choose another',
      });
  }
  for (const [i, v] of (m.abTest?.variants ?? []).entries()) {
    const t = await templateForSend(db, v.templateId, v.templateRevision ?? undefined);
    const field = `abTest.variants.${i}.${v.templateRevision ? 'templateRevision' : 'templateId'}`;
    if (!t)
      problems.push({
        field,
        message: v.templateRevision
          ? 'no such published revision of the template: choose one it has'
          : 'no such published template: choose an existing one, published',
      });
    else if (t.channel !== m.channel)
      problems.push({
        field: `abTest.variants.${i}.templateId`,
        message: `the template is for ${t.channel}: choose a ${m.channel} template`,
      });
  }
  for (const side of ['include', 'exclude'] as const)
    for (const [kind, table] of [
      ['segments', 'segments'],
      ['audiences', 'audiences'],
    ] as const) {
      const ids = m.audience[side][kind];
      const missing = await missingIds(db, table, ids);
      ids.forEach((id, i) => {
        if (missing.has(id))
          problems.push({
            field: `audience.${side}.${kind}.${i}`,
            message: `no such ${kind.slice(0, -1)}: choose an existing one`,
          });
      });
    }
  const type = await db('messaging_types')
    .where({ key: m.messagingType })
    .first<{ key: string } | undefined>('key');
  if (!type)
    problems.push({
      field: 'messagingType',
      message: 'no such messaging type: create it under /v1/messaging-types or use "promo"',
    });
  const sender = m.sender && (await unknownSender(db, m.channel, m.sender));
  if (sender) problems.push(sender);
  const past = pastDelivery(m.delivery, now);
  if (past) problems.push(past);
  if (problems.length > 0) throw badRequest('The mailing cannot be saved as it is', problems);
  return { templateRevision, problems: draftProblems(m) };
}

/**
 * What must hold when the mailing starts, beyond a draft's problems: its segments recalculated
 * (not drafts) and someone in the audience at all.
 */
export async function checkStartable(db: Db, m: MailingInput): Promise<void> {
  const { segments, audiences } = m.audience.include;
  const drafts = await db('segments')
    .whereIn('id', segments)
    .whereRaw(`jsonb_array_length(problems) > 0`)
    .select<{ id: string }[]>('id');
  if (drafts.length > 0)
    throw badRequest('A segment of the mailing is a draft', [
      {
        field: `audience.include.segments.${segments.indexOf(drafts[0]!.id)}`,
        message: "fill in the segment's missing values, or include another segment",
      },
    ]);
  const someone = await db
    .select(db.raw('1'))
    .from('segment_memberships')
    .whereIn('segment_id', segments)
    .union((q) => q.select(db.raw('1')).from('audience_members').whereIn('audience_id', audiences))
    .limit(1);
  if (someone.length === 0)
    throw badRequest('The audience is empty', [
      {
        field: 'audience.include',
        message:
          'the segments and audiences included have no customers: include one that has, or wait for the segment to fill',
      },
    ]);
}
