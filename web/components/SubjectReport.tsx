'use client';
// One mailing's or campaign's report (/v1/reports/mailings/:id, /v1/reports/campaigns/:id): the
// funnel, the daily trend and revenue, and a row per step and A/B variant with its sends, its
// attributed orders and revenue, and its uplift over the control group.
import Link from 'next/link';
import type { MailingReport } from '../../core/contract/analytics.ts';
import { useApi } from '../lib/use-api.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { Bars, Lines } from './ReportCharts.tsx';

type Effect = MailingReport['steps'][number] & {
  significance?: MailingReport['variants'][number]['significance'];
};

const percent = (x: number | null | undefined) =>
  x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`;
const points = (u: Effect['uplift']) =>
  u === null
    ? 'no control group'
    : `${u.absolute >= 0 ? '+' : ''}${(u.absolute * 100).toFixed(1)} pts${u.relative === null ? '' : ` (${u.relative >= 0 ? '+' : ''}${(u.relative * 100).toFixed(0)}%)`}`;
const money = (x: number | null) => (x === null ? '—' : x.toFixed(2));

function EffectTable({ rows, first }: { rows: Effect[]; first: string }) {
  const numbers = ['Sent', 'Delivered', 'Opened', 'Clicked', 'Orders', 'Revenue', 'Avg check'];
  return (
    <table className="table card" data-testid="effect-table">
      <thead>
        <tr>
          <th>{first}</th>
          {numbers.map((n) => (
            <th key={n} className="num">
              {n}
            </th>
          ))}
          <th className="num">Conversion</th>
          <th className="num">Uplift vs control</th>
          {rows.some((r) => r.significance !== undefined) && <th className="num">p</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.nodeId}-${r.variant}`} data-testid="effect-row">
            <td>{r.variant ?? r.nodeId ?? 'All'}</td>
            {[r.sent, r.delivered, r.opened, r.clicked, r.orders].map((n, i) => (
              <td key={i} className="num">
                {n}
              </td>
            ))}
            <td className="num">{money(r.revenue)}</td>
            <td className="num">{money(r.averageCheck)}</td>
            <td className="num">{percent(r.conversionRate)}</td>
            <td className="num" data-testid="uplift">
              {points(r.uplift)}
            </td>
            {r.significance !== undefined && (
              <td className="num">{r.significance ? r.significance.p : '—'}</td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SubjectReport({ kind, id }: { kind: 'mailings' | 'campaigns'; id: string }) {
  // Both answer { mailing } or { campaign } with its name.
  const subject = useApi<Record<string, { name: string }>>(`/v1/${kind}/${id}`);
  const name = subject.data?.[kind === 'mailings' ? 'mailing' : 'campaign']?.name;
  const { data, error, reload } = useApi<MailingReport>(`/v1/reports/${kind}/${id}`);
  const f = data?.funnel;
  return (
    <>
      <Link href={kind === 'campaigns' ? `/campaigns/${id}` : '/calendar'} className="back">
        ← {kind === 'campaigns' ? 'The campaign' : 'Calendar'}
      </Link>
      <div className="page-header">
        <h1 data-testid="subject-name">
          {kind === 'campaigns' ? 'Campaign' : 'Mailing'} report: {name ?? '…'}
        </h1>
      </div>
      {error && <ErrorNotice error={error} onRetry={reload} />}
      {data && f && (
        <>
          {data.recomputingSince && (
            <p className="notice" data-testid="attribution-recomputing">
              The attribution rules changed: orders and revenue are being recomputed (since{' '}
              {new Date(data.recomputingSince).toLocaleString()}) and may still move.
            </p>
          )}
          <Bars
            title={`Funnel: messages sent, delivered, opened and clicked; customers converted (${f.machineOpened} machine opens apart)`}
            data={['sent', 'delivered', 'opened', 'clicked', 'converted'].map((stage) => ({
              stage,
              messages: f[stage as keyof typeof f],
            }))}
            x="stage"
            bars={['messages']}
          />
          <Lines
            title="Per day"
            data={data.daily}
            x="day"
            lines={['sent', 'opened', 'clicked', 'orders']}
          />
          <Lines title="Attributed revenue per day" data={data.daily} x="day" lines={['revenue']} />
          <h2>Total</h2>
          <EffectTable rows={[data.total]} first="" />
          {data.control && (
            <p className="muted" data-testid="control-group">
              Against the control group (anyone who bought within the attribution window after the
              send, touched or not, so it reads higher than the attributed conversion rate): sent{' '}
              {data.control.treated.converted} of {data.control.treated.recipients} (
              {percent(data.control.treated.conversionRate)}); held back{' '}
              {data.control.control.converted} of {data.control.control.recipients} (
              {percent(data.control.control.conversionRate)}).
            </p>
          )}
          {kind === 'campaigns' && data.steps.length > 0 && (
            <>
              <h2>Steps</h2>
              <EffectTable rows={data.steps} first="Step" />
            </>
          )}
          {data.variants.length > 0 && (
            <>
              <h2>Variants</h2>
              <EffectTable rows={data.variants} first="Variant" />
            </>
          )}
          {data.rules && (
            <p className="muted">
              Attribution: the last {data.rules.touch} touch within {data.rules.windowHours} hours.
            </p>
          )}
        </>
      )}
    </>
  );
}
