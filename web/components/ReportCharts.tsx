'use client';
// The charts of each report (recharts), drawn from the same answers /v1/reports/... gives. A
// click on an RFM cell opens its segment in the segment builder.
import type { ReactNode } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  ZAxis,
} from 'recharts';

type Row = Record<string, string | number | null>;

/**
 * A chart's frame; with no row, or nothing but zeros in what it would draw, it says so instead
 * of drawing empty axes (which read as "all zero" rather than "nothing here").
 */
function Figure({
  title,
  data,
  keys,
  children,
}: {
  title: string;
  data: Row[];
  keys: string[];
  children: ReactNode;
}) {
  const drawn = data.some((r) => keys.some((k) => Number(r[k] ?? 0) !== 0));
  return (
    <figure className="card" data-testid="chart" data-empty={drawn ? undefined : 'true'}>
      <figcaption>{title}</figcaption>
      {drawn ? (
        children
      ) : (
        <p className="muted" data-testid="chart-empty">
          Nothing to show for this period.
        </p>
      )}
    </figure>
  );
}
const COLORS = ['#4f46e5', '#16a34a', '#f59e0b', '#dc2626', '#0891b2', '#9333ea', '#64748b'];

export function Bars({
  title,
  data,
  x,
  bars,
}: {
  title: string;
  data: Row[];
  x: string;
  bars: string[];
}) {
  return (
    <Figure title={title} data={data} keys={bars}>
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={data} margin={{ left: 24, right: 16 }}>
          <CartesianGrid strokeDasharray="3 3" />
          {/* Every category named: recharts drops crowded ticks unless told not to. */}
          <XAxis dataKey={x} interval={0} angle={-25} textAnchor="end" height={60} />
          <YAxis />
          <Tooltip />
          <Legend verticalAlign="top" />
          {bars.map((b, i) => (
            <Bar key={b} dataKey={b} fill={COLORS[i % COLORS.length]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </Figure>
  );
}

export function Lines({
  title,
  data,
  x,
  lines,
}: {
  title: string;
  data: Row[];
  x: string;
  lines: string[];
}) {
  return (
    <Figure title={title} data={data} keys={lines}>
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={data}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey={x} />
          <YAxis />
          <Tooltip />
          <Legend />
          {lines.map((l, i) => (
            <Line
              key={l}
              dataKey={l}
              stroke={COLORS[i % COLORS.length]}
              dot
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </Figure>
  );
}

/** One axis of a grid: what it is called and the label of each of its values. */
export interface GridAxis {
  key: string;
  name: string;
  values: number[];
  label: (value: number) => string;
  /** Draw the first value at the top (weekdays read down from Monday). */
  firstOnTop?: boolean;
}

/** A grid of squares, shaded by `value`: the opens heatmap and the RFM grid. */
export function Grid({
  title,
  data,
  x,
  y,
  value,
  onCell,
}: {
  title: string;
  data: Row[];
  x: GridAxis;
  y: GridAxis;
  value: string;
  onCell?: (row: Row) => void;
}) {
  const max = Math.max(1, ...data.map((d) => Number(d[value] ?? 0)));
  const axis = (a: GridAxis) => ({
    type: 'number' as const,
    dataKey: a.key,
    name: a.name,
    ticks: a.values,
    interval: 0 as const,
    tickFormatter: (v: number) => a.label(v),
    domain: [Math.min(...a.values) - 0.5, Math.max(...a.values) + 0.5],
    allowDecimals: false,
  });
  return (
    <Figure title={title} data={data} keys={[value]}>
      <ResponsiveContainer width="100%" height={300}>
        <ScatterChart margin={{ bottom: 20, left: 10 }}>
          <XAxis {...axis(x)} label={{ value: x.name, position: 'insideBottom', offset: -10 }} />
          <YAxis
            {...axis(y)}
            reversed={y.firstOnTop}
            width={70}
            label={{ value: y.name, angle: -90, position: 'insideLeft' }}
          />
          <ZAxis dataKey={value} range={[400, 400]} />
          <Tooltip
            formatter={(v, name) =>
              name === x.name ? x.label(Number(v)) : name === y.name ? y.label(Number(v)) : v
            }
          />
          <Scatter
            data={data}
            isAnimationActive={false}
            onClick={(p) => onCell?.((p as { payload: Row }).payload)}
            shape={(p: { cx?: number; cy?: number; payload?: Row }) => (
              <rect
                x={(p.cx ?? 0) - 12}
                y={(p.cy ?? 0) - 10}
                width={24}
                height={20}
                fill="#4f46e5"
                fillOpacity={0.1 + (0.9 * Number(p.payload?.[value] ?? 0)) / max}
                style={{ cursor: onCell ? 'pointer' : undefined }}
              />
            )}
          />
        </ScatterChart>
      </ResponsiveContainer>
    </Figure>
  );
}
