'use client';
// A segment's size over its recalculations, as a small line (recharts), with the latest change.
import { Line, LineChart, ResponsiveContainer, Tooltip, YAxis } from 'recharts';
import type { SegmentSizes } from '../../../core/contract/segments.ts';
import { useApi } from '../../lib/use-api.ts';

export function SizeTrend({ segmentId }: { segmentId: string }) {
  const { data } = useApi<SegmentSizes>(`/v1/segments/${segmentId}/sizes`);
  const sizes = data?.sizes ?? [];
  if (sizes.length === 0) return <span className="muted small">—</span>;
  const first = sizes[0]!.profiles;
  const last = sizes.at(-1)!.profiles;
  const change = last - first;
  return (
    <span className="size-trend" data-testid="size-trend" title={`${sizes.length} recalculations`}>
      <span className="size-trend-chart">
        <ResponsiveContainer width="100%" height={28}>
          <LineChart data={sizes} margin={{ top: 2, bottom: 2, left: 0, right: 0 }}>
            <YAxis hide domain={['dataMin', 'dataMax']} />
            <Tooltip
              formatter={(v) => [Number(v).toLocaleString(), 'customers']}
              labelFormatter={(_, p) =>
                String((p[0]?.payload as { at?: string } | undefined)?.at ?? '').slice(0, 16)
              }
            />
            <Line
              type="monotone"
              dataKey="profiles"
              stroke="#4f46e5"
              strokeWidth={1.5}
              dot={sizes.length === 1}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </span>
      <span className={`small ${change < 0 ? 'trend-down' : change > 0 ? 'trend-up' : 'muted'}`}>
        {change > 0 ? '+' : ''}
        {change.toLocaleString()}
      </span>
    </span>
  );
}
