'use client';
// Which charts each report draws, from its answer.
import type { ReportName } from '../../core/contract/analytics.ts';
import { Bars, Grid, type GridAxis, Lines } from './ReportCharts.tsx';

type Row = Record<string, string | number | null>;
const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
/** ISO weekdays, 1 = Monday, as the heatmap's query counts them. */
const WEEKDAYS: GridAxis = {
  key: 'weekday',
  name: 'Weekday',
  values: [1, 2, 3, 4, 5, 6, 7],
  label: (d) => WEEKDAY_NAMES[d - 1] ?? String(d),
  firstOnTop: true,
};
const HOURS: GridAxis = {
  key: 'hour',
  name: "Recipient's local hour",
  values: Array.from({ length: 24 }, (_, h) => h),
  label: (h) => `${String(h).padStart(2, '0')}h`,
};
/** An RFM score axis, 1 (worst) to 5 (best). */
const rfmAxis = (key: string, name: string, prefix: string): GridAxis => ({
  key,
  name,
  values: [1, 2, 3, 4, 5],
  label: (v) => `${prefix}${v}`,
});

const rows = (v: unknown) => (Array.isArray(v) ? (v as Row[]) : []);

export function ReportBody({
  name,
  data,
  onRfmCell,
}: {
  name: ReportName;
  data: Record<string, unknown>;
  onRfmCell: (segment: string) => void;
}) {
  switch (name) {
    case 'customers':
      return (
        <>
          <Lines
            title="Customers"
            data={rows(data.growth)}
            x="day"
            lines={['customers', 'newCustomers']}
          />
          <Bars title="By source" data={rows(data.bySource)} x="source" bars={['customers']} />
          <Bars title="By city" data={rows(data.byCity)} x="city" bars={['customers']} />
          <Bars
            title="Subscriptions"
            data={rows(data.subscriptions).map((r) => ({
              ...r,
              kind: `${r.channel} ${r.messagingType}`,
            }))}
            x="kind"
            bars={['subscribed']}
          />
          <Bars title="RFM segments" data={rows(data.rfm)} x="segment" bars={['customers']} />
        </>
      );
    case 'data-quality':
      return (
        <Lines
          title="Database quality"
          data={rows(data.days)}
          x="day"
          lines={[
            'customers',
            'validEmails',
            'validPhones',
            'withTimeZone',
            'subscribedEmail',
            'subscribedSms',
          ]}
        />
      );
    case 'channels':
      return (
        <>
          <Bars
            title="By channel and messaging type"
            data={rows(data.rows).map((r) => ({ ...r, kind: `${r.channel} ${r.messagingType}` }))}
            x="kind"
            bars={[
              'sent',
              'delivered',
              'opened',
              'machineOpened',
              'clicked',
              'failed',
              'unsubscribed',
            ]}
          />
          <Lines
            title="Per day"
            data={rows(data.daily)}
            x="day"
            lines={['sent', 'delivered', 'opened', 'clicked', 'failed']}
          />
        </>
      );
    case 'opens-heatmap':
      return (
        <Grid
          title={`Person opens by weekday and local hour; ${String(data.machineOpens)} machine opens apart`}
          data={rows(data.cells)}
          x={HOURS}
          y={WEEKDAYS}
          value="opens"
        />
      );
    case 'delivery':
      return (
        <>
          <Bars
            title="Failures by reason"
            data={rows(data.byReason)}
            x="reason"
            bars={['failed']}
          />
          <Bars
            title="By provider"
            data={rows(data.byProvider)}
            x="provider"
            bars={['sent', 'failed']}
          />
          <Bars
            title="By recipient domain"
            data={rows(data.byDomain)}
            x="domain"
            bars={['sent', 'failed']}
          />
          <table className="table card" data-testid="responses">
            <tbody>
              {rows(data.responses).map((r) => (
                <tr key={String(r.response)}>
                  <td>{r.response}</td>
                  <td>{r.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      );
    case 'rfm':
      return (
        <Grid
          title="R × F: click a cell to open it as a segment"
          data={rows(data.cells)}
          x={rfmAxis('f', 'Frequency score', 'F')}
          y={rfmAxis('r', 'Recency score', 'R')}
          value="customers"
          onCell={(c) => onRfmCell(String(c.segment))}
        />
      );
    case 'interests':
      return (
        <>
          <Bars
            title="Views by category"
            data={rows(data.categories)}
            x="category"
            bars={['views', 'customers']}
          />
          <Lines title="Views per day" data={rows(data.daily)} x="day" lines={['count']} />
        </>
      );
  }
}
