// Points: the rules (/v1/points-rules), a customer's balance and ledger, and manual adjustments
// (/v1/customers/{id}/points). A manual credit announces itself as `points_accrued` too.
import { Router } from 'express';
import { z } from 'zod';
import { notFound } from '../../core/errors.ts';
import { PointsAdjustment, PointsRuleInput } from '../../core/points.ts';
import { getCustomer } from '../../db/customers.ts';
import {
  createPointsRule,
  getPoints,
  listPointsRules,
  postPoints,
  setPointsRuleActive,
} from '../../db/points.ts';
import { openPipeline } from '../../entry/pipeline.ts';
import type { ApiDeps } from '../deps.ts';
import { parseBody } from '../validate.ts';
import { customerIdOf } from './customers.ts';

export const PointsRulePatch = z.object({ active: z.boolean('send active: true or false') });

export function pointsRouter(deps: ApiDeps): Router {
  const { db } = deps;
  const router = Router();

  router.get('/points-rules', async (_req, res) => {
    res.json({ rules: await listPointsRules(db) });
  });
  router.post('/points-rules', async (req, res) => {
    const input = parseBody(PointsRuleInput, req.body, 'points rule');
    res.status(201).json({ rule: await createPointsRule(db, input) });
  });
  router.patch('/points-rules/:id', async (req, res) => {
    const { id } = parseBody(
      z.object({ id: z.uuid('use a rule ID (a UUID)') }),
      req.params,
      'path',
    );
    const { active } = parseBody(PointsRulePatch, req.body, 'rule change');
    const rule = await setPointsRuleActive(db, id, active);
    if (!rule) throw notFound(`Points rule ${id}`);
    res.json({ rule });
  });

  const customer = async (params: unknown) => {
    const id = customerIdOf(params);
    if (!(await getCustomer(db, id))) throw notFound(`Customer ${id}`);
    return id;
  };

  router.get('/customers/:id/points', async (req, res) => {
    res.json(await getPoints(db, await customer(req.params)));
  });
  router.post('/customers/:id/points', async (req, res) => {
    const customerId = await customer(req.params);
    const input = parseBody(PointsAdjustment, req.body, 'adjustment');
    const posted = await postPoints(db, {
      customerId,
      delta: input.amount,
      reason: input.reason,
      expiresAfterDays: input.expiresAfterDays,
      idempotencyKey: input.idempotencyKey && `manual:${customerId}:${input.idempotencyKey}`,
    });
    if (!posted) {
      res.status(200).json({ duplicate: true, ...(await getPoints(db, customerId, 1)) });
      return;
    }
    await openPipeline(deps).announcePoints(customerId, [posted]);
    res.status(201).json({ duplicate: false, entry: posted.entry, balance: posted.balance });
  });
  return router;
}
