// GET/PUT /v1/contact-policy (issue 15): frequency caps, priorities, quiet hours and the global
// control group's share, which every campaign send and every mailing obey (docs/mailings.md).
import { ContactPolicy, ContactPolicyAnswer } from '../../core/contract/contact-policy.ts';
import { getContactPolicy, saveContactPolicy } from '../../db/contact-policy.ts';
import { globalControlGroup } from '../../db/control-group.ts';
import type { Db } from '../../db/connection.ts';
import { audit } from '../audit.ts';
import { route } from '../route.ts';

const controlGroupSize = async (db: Db) =>
  Number(
    (await db.from(globalControlGroup(db).as('g')).count<{ n: string }[]>('* as n'))[0]?.n ?? 0,
  );

export const contactPolicyRoutes = [
  route({
    method: 'get',
    path: '/v1/contact-policy',
    permission: 'authenticated',
    summary:
      'The contact policy: frequency caps per channel and across channels, priorities, quiet hours, and the global control group',
    responses: { 200: ContactPolicyAnswer },
    handler: async ({ deps: { db } }) => ({
      policy: await getContactPolicy(db),
      controlGroupSize: await controlGroupSize(db),
    }),
  }),
  route({
    method: 'put',
    path: '/v1/contact-policy',
    permission: 'settings:write',
    summary:
      'Replace the contact policy; it applies to the next send of every campaign and to mailings that have not frozen their audience yet',
    body: ContactPolicy,
    responses: { 200: ContactPolicyAnswer },
    handler: async ({ body, req, deps: { db } }) => {
      const policy = await saveContactPolicy(db, body);
      await audit(db, req, {
        action: 'setting.contact_policy_changed',
        targetType: 'setting',
        targetId: 'contact-policy',
        details: { ...policy },
      });
      return { policy, controlGroupSize: await controlGroupSize(db) };
    },
  }),
];
