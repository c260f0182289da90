// Analytics reports (issue 16): the same figures the web app's report pages chart, each for a
// period (?from=&to=, UTC dates) and filters; one mailing's or campaign's report with its
// attribution; every report as a CSV or XLSX file; the attribution rules' channel defaults.
import { z } from 'zod';
import { AttributionRules } from '../../core/attribution.ts';
import {
  ChannelsReport,
  CustomerBaseReport,
  DeliveryReport,
  HeatmapReport,
  InterestsReport,
  MailingReport,
  QualityTrend,
  ReportChannel,
  ReportName,
  ReportQuery,
  RfmReport,
} from '../../core/contract/analytics.ts';
import { DataQualityReport } from '../../core/contract/reports.ts';
import { notFound } from '../../core/errors.ts';
import { tablesOf, toCsv, toXlsx } from '../../core/report-files.ts';
import { attributionDefaults, setAttributionDefault } from '../../db/attribution.ts';
import { mailingReport } from '../../db/report-mailing.ts';
import { runReport } from '../../db/report-run.ts';
import { type AnyRoute, route } from '../route.ts';

const answers = {
  customers: [
    CustomerBaseReport,
    'The customer base: size and growth, by source and city, subscriptions, RFM segments',
  ],
  'data-quality': [
    z.object({ today: DataQualityReport, days: QualityTrend.shape.days }),
    "Database quality: today's snapshot and its daily trend from the daily snapshots",
  ],
  channels: [
    ChannelsReport,
    'Sent, delivered, opened (people; machines apart), clicked, failed and unsubscribed by channel and messaging type, and per day',
  ],
  'opens-heatmap': [
    HeatmapReport,
    "Email opens by weekday and hour in each recipient's time zone; machine opens counted apart",
  ],
  delivery: [
    DeliveryReport,
    'Failures by reason, provider and recipient domain, with the providers\u2019 answers',
  ],
  rfm: [RfmReport, 'The RFM R \u00d7 F grid: each cell\u2019s segment, customers and revenue'],
  interests: [InterestsReport, 'Browsing by category over the period'],
} satisfies Record<ReportName, [z.ZodType, string]>;

// GET /v1/reports/data-quality (today's snapshot alone) is api/routes/reports.ts's.
const reportRoutes = ReportName.options.map((name) =>
  route({
    method: 'get',
    path: name === 'data-quality' ? '/v1/reports/data-quality/trend' : `/v1/reports/${name}`,
    permission: 'reports:read',
    summary: answers[name][1],
    query: ReportQuery,
    responses: { 200: answers[name][0] },
    handler: async ({ query, deps }) => (await runReport(deps.db, name, query)) as never,
  }),
);

const Id = z.object({ id: z.uuid('use an ID (a UUID)') });

async function subjectReport(
  kind: 'mailings' | 'campaigns',
  id: string,
  db: Parameters<typeof mailingReport>[0],
) {
  const exists = await db(kind).where({ id }).first<{ id: string } | undefined>('id');
  if (!exists) throw notFound(kind === 'mailings' ? 'Mailing' : 'Campaign');
  return mailingReport(db, kind === 'mailings' ? { mailingId: id } : { campaignId: id });
}

export const analyticsRoutes: AnyRoute[] = [
  ...reportRoutes,
  ...(['mailings', 'campaigns'] as const).map((kind) =>
    route({
      method: 'get',
      path: `/v1/reports/${kind}/{id}`,
      permission: 'reports:read',
      summary: `One ${kind.slice(0, -1)}: the funnel sent \u2192 delivered \u2192 opened \u2192 clicked \u2192 converted, daily trend, attributed revenue, steps and variants (two-proportion z-test)${kind === 'mailings' ? ', uplift over its control group' : ''}`,
      params: Id,
      responses: { 200: MailingReport },
      errors: [404],
      handler: ({ params, deps }) => subjectReport(kind, params.id, deps.db),
    }),
  ),
  route({
    method: 'get',
    path: '/v1/reports/{report}/export',
    permission: 'reports:read',
    summary: 'A report as a file: CSV (its tables one after another) or XLSX (a sheet per table)',
    params: z.object({ report: ReportName }),
    query: z.intersection(
      ReportQuery,
      z.object({ format: z.enum(['csv', 'xlsx']).default('csv') }),
    ),
    responses: {
      200: { description: 'The report as CSV or XLSX', contentType: 'text/csv' },
    },
    handler: async ({ params: { report }, query, res, deps }) => {
      const tables = tablesOf(await runReport(deps.db, report, query));
      const file = `${report}.${query.format}`;
      res.set('Content-Disposition', `attachment; filename="${file}"`).status(200);
      if (query.format === 'csv') res.type('text/csv').send(toCsv(tables));
      else
        res
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .send(await toXlsx(tables, report));
    },
  }),
  route({
    method: 'get',
    path: '/v1/reports/attribution-rules',
    permission: 'reports:read',
    summary: "Each channel's default attribution rules (a mailing may set its own)",
    responses: {
      200: z.object({ channels: z.array(AttributionRules.extend({ channel: z.string() })) }),
    },
    handler: async ({ deps }) => ({
      channels: (await attributionDefaults(deps.db)).map((r) => ({
        ...r,
        touch: r.touch as AttributionRules['touch'],
      })),
    }),
  }),
  route({
    method: 'put',
    path: '/v1/reports/attribution-rules/{channel}',
    permission: 'settings:write',
    summary: "Set a channel's default attribution rules: the touch that counts and the window",
    params: z.object({ channel: ReportChannel }),
    body: AttributionRules,
    responses: { 204: null },
    handler: async ({ params, body, deps }) => {
      await setAttributionDefault(deps.db, params.channel, body);
    },
  }),
];
