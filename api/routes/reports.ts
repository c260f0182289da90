// Reports: read-only figures over the data Herald holds.
import { DataQualityReport } from '../../core/contract/reports.ts';
import { dataQualityReport } from '../../db/reports.ts';
import { route } from '../route.ts';

export const reportRoutes = [
  route({
    method: 'get',
    path: '/v1/reports/data-quality',
    permission: 'reports:read',
    summary:
      'Data quality: customers with an email, a phone (and how many valid), a known time zone, subscriptions; shares are of all customers',
    responses: { 200: DataQualityReport },
    handler: async ({ deps: { db } }) => dataQualityReport(db),
  }),
];
