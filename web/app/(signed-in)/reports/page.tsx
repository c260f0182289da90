// The reports: one page each, its period and filters in the URL so a link shares the view.
import Link from 'next/link';
import { REPORTS } from '../../../lib/reports.ts';

export default function ReportsIndex() {
  return (
    <>
      <div className="page-header">
        <h1>Reports</h1>
      </div>
      <ul className="card" data-testid="report-list">
        {Object.entries(REPORTS).map(([name, title]) => (
          <li key={name}>
            <Link href={`/reports/${name}`}>{title}</Link>
          </li>
        ))}
      </ul>
    </>
  );
}
