'use client';
// One report: its period and filters (kept in the URL), its charts, and its export as CSV or
// XLSX. The data comes from /v1/reports/<name>, the files from /v1/reports/<name>/export.
import { useParams, usePathname, useRouter, useSearchParams } from 'next/navigation';
import { Suspense } from 'react';
import { ReportName } from '../../../../../core/contract/analytics.ts';
import { ReportBody } from '../../../../components/ReportBody.tsx';
import { dataPath, REPORTS, reportQuery } from '../../../../lib/reports.ts';
import { useApi } from '../../../../lib/use-api.ts';
import { NotAllowed, useCan } from '../../../../lib/use-me.tsx';

function Report() {
  const name = ReportName.parse(useParams<{ report: string }>().report);
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const query = reportQuery(new URLSearchParams(params.toString()));
  const { data, error } = useApi<Record<string, unknown>>(dataPath(name, query));
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params.toString());
    if (value) next.set(key, value);
    else next.delete(key);
    router.replace(`${pathname}?${next.toString()}`);
  };
  return (
    <>
      <div className="page-header">
        <h1>{REPORTS[name]}</h1>
        <label>
          From{' '}
          <input
            type="date"
            value={params.get('from') ?? ''}
            onChange={(e) => set('from', e.target.value)}
            data-testid="from"
          />
        </label>
        <label>
          To{' '}
          <input
            type="date"
            value={params.get('to') ?? ''}
            onChange={(e) => set('to', e.target.value)}
            data-testid="to"
          />
        </label>
        <select
          value={params.get('channel') ?? ''}
          onChange={(e) => set('channel', e.target.value)}
        >
          {['', 'email', 'sms', 'push', 'viber'].map((c) => (
            <option key={c} value={c}>
              {c || 'every channel'}
            </option>
          ))}
        </select>
        <a href={`/api/v1/reports/${name}/export?format=csv&${query}`}>CSV</a>{' '}
        <a href={`/api/v1/reports/${name}/export?format=xlsx&${query}`}>XLSX</a>
      </div>
      {error && <p className="notice error">{error}</p>}
      {data && (
        <ReportBody
          name={name}
          data={data}
          onRfmCell={(segment) =>
            router.push(
              `/segments/new?rules=${encodeURIComponent(JSON.stringify({ all: [{ field: 'rfmSegment', op: 'is', value: segment }] }))}`,
            )
          }
        />
      )}
    </>
  );
}

export default function ReportPage() {
  if (!useCan()('reports:read')) return <NotAllowed what="read reports" />;
  return (
    <Suspense>
      <Report />
    </Suspense>
  );
}
