// GET /v1/audit-log: who published, stopped, erased, exported or changed a setting, a user, a
// role or a key; newest first, paged by cursor like the customer timelines.
import { AuditAction, AuditLogPage, AuditLogQuery } from '../../core/contract/audit.ts';
import { badRequest } from '../../core/errors.ts';
import { auditPage } from '../../db/audit.ts';
import { route } from '../route.ts';
import { paged } from './profile.ts';

const KINDS = new Set(AuditAction.options.map((a) => a.split('.')[0]!));

/** "campaign.published,user." → exact actions and kinds of target; a 400 naming what is unknown. */
function parseActions(filter: string | undefined) {
  const items =
    filter
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean) ?? [];
  const kinds = items.filter((i) => i.endsWith('.')).map((i) => i.slice(0, -1));
  const actions = items.filter((i) => !i.endsWith('.'));
  const unknown = [
    ...kinds.filter((k) => !KINDS.has(k)).map((k) => `${k}.`),
    ...actions.filter((a) => !AuditAction.safeParse(a).success),
  ];
  if (unknown.length > 0)
    throw badRequest(`Unknown audit action ${unknown.join(', ')}`, [
      {
        field: 'action',
        in: 'query',
        message: `use actions such as "campaign.published", or a kind of target with a dot: ${[...KINDS].map((k) => `"${k}."`).join(', ')}`,
      },
    ]);
  return { actions, kinds };
}

export const auditRoutes = [
  route({
    method: 'get',
    path: '/v1/audit-log',
    permission: 'audit-log:read',
    summary:
      'Who published, stopped, erased, exported or changed a setting, a user, a role or a key; newest first, pass "next" as ?before= for the next page, ?action= to filter',
    query: AuditLogQuery,
    responses: { 200: AuditLogPage },
    handler: ({ query, deps }) => {
      const filter = parseActions(query.action);
      return paged(() =>
        auditPage(deps.db, { limit: query.limit, before: query.before, ...filter }),
      );
    },
  }),
];
