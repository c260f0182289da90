// Points: the rules (/v1/points-rules), a customer's balance and ledger, and manual adjustments
// (/v1/customers/{id}/points). A manual credit announces itself as `points_accrued` too.
import { IdParams } from '../../core/contract/common.ts';
import { CustomerParams } from '../../core/contract/customers.ts';
import {
  Points,
  PointsDuplicate,
  PointsPosted,
  PointsRuleAnswer,
  PointsRulePatch,
  PointsRules,
} from '../../core/contract/points.ts';
import { notFound } from '../../core/errors.ts';
import { PointsAdjustment, PointsRuleInput } from '../../core/points.ts';
import {
  createPointsRule,
  getPoints,
  listPointsRules,
  postPoints,
  setPointsRuleActive,
} from '../../db/points.ts';
import { openPipeline } from '../../entry/pipeline.ts';
import { reply, route } from '../route.ts';
import { customerRow } from './customers.ts';

export const pointsRoutes = [
  route({
    method: 'get',
    path: '/v1/points-rules',
    permission: 'customers:read',
    summary: 'Points rules',
    responses: { 200: PointsRules },
    handler: async ({ deps: { db } }) => ({ rules: await listPointsRules(db) }),
  }),
  route({
    method: 'post',
    path: '/v1/points-rules',
    permission: 'settings:write',
    summary: 'A rule that accrues points: a share of each receipt, or a fixed amount per event',
    body: PointsRuleInput,
    responses: { 201: PointsRuleAnswer },
    handler: async ({ body, deps: { db } }) => ({ rule: await createPointsRule(db, body) }),
  }),
  route({
    method: 'patch',
    path: '/v1/points-rules/{id}',
    permission: 'settings:write',
    summary: 'Switch a rule on or off',
    params: IdParams('a rule'),
    body: PointsRulePatch,
    responses: { 200: PointsRuleAnswer },
    errors: [404],
    handler: async ({ params: { id }, body: { active }, deps: { db } }) => {
      const rule = await setPointsRuleActive(db, id, active);
      if (!rule) throw notFound(`Points rule ${id}`);
      return { rule };
    },
  }),

  route({
    method: 'get',
    path: '/v1/customers/{id}/points',
    permission: 'customers:read',
    summary: 'Balance and ledger (newest first), each change with its reason',
    params: CustomerParams,
    responses: { 200: Points },
    errors: [404],
    handler: async ({ params, deps: { db } }) =>
      getPoints(db, (await customerRow(db, params.id)).id),
  }),
  route({
    method: 'post',
    path: '/v1/customers/{id}/points',
    permission: 'customers:write',
    summary: 'Adjust points by hand (positive adds, negative takes; never below zero)',
    params: CustomerParams,
    body: PointsAdjustment,
    responses: {
      200: { schema: PointsDuplicate, description: 'Duplicate idempotencyKey: nothing changed' },
      201: { schema: PointsPosted, description: 'Posted' },
    },
    errors: [404, 409],
    handler: async ({ params, body: input, deps }) => {
      const { id: customerId } = await customerRow(deps.db, params.id);
      const posted = await postPoints(deps.db, {
        customerId,
        delta: input.amount,
        reason: input.reason,
        expiresAfterDays: input.expiresAfterDays,
        idempotencyKey: input.idempotencyKey && `manual:${customerId}:${input.idempotencyKey}`,
      });
      if (!posted)
        return reply(200, {
          duplicate: true as const,
          ...(await getPoints(deps.db, customerId, 1)),
        });
      await openPipeline(deps).announcePoints(customerId, [posted]);
      return reply(201, {
        duplicate: false as const,
        entry: posted.entry,
        balance: posted.balance,
      });
    },
  }),
];
