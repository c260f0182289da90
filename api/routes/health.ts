// GET /health: unauthenticated, for load balancers and the launcher. 503 when a dependency is down.
import { Router } from 'express';
import type { ApiDeps } from '../deps.ts';

export function healthRouter({ db, temporal }: ApiDeps): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const check = async (fn: () => Promise<unknown>) => {
      try {
        await fn();
        return 'ok';
      } catch (err) {
        return `down: ${(err as Error).message}`;
      }
    };
    const [database, temporalServer] = await Promise.all([
      check(() => db.raw('select 1')),
      check(() => temporal.workflowService.getSystemInfo({})),
    ]);
    const ok = database === 'ok' && temporalServer === 'ok';
    res
      .status(ok ? 200 : 503)
      .json({ status: ok ? 'ok' : 'degraded', database, temporal: temporalServer });
  });
  return router;
}
