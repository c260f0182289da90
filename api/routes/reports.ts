// Reports: read-only figures over the data Herald holds.
import { Router } from 'express';
import { dataQualityReport } from '../../db/reports.ts';
import type { ApiDeps } from '../deps.ts';

export function reportsRouter({ db }: ApiDeps): Router {
  const router = Router();

  // How many customers can be reached, and how many have a known time zone.
  router.get('/data-quality', async (_req, res) => {
    res.json(await dataQualityReport(db));
  });

  return router;
}
