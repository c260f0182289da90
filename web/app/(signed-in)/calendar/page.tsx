'use client';
// The campaign calendar: which campaigns take entries on which day, by month or by week, with
// their first and last days marked. Drawn from GET /v1/campaigns.
import Link from 'next/link';
import { useState } from 'react';
import type { CampaignSummary } from '../../../lib/api.ts';
import {
  type CalendarCampaign,
  campaignsOn,
  monthWeeks,
  splitPeriod,
  type CalendarMailing,
  mailingsOn,
  weekDays,
} from '../../../lib/calendar.ts';
import { useApi } from '../../../lib/use-api.ts';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';

type ListedCampaign = CampaignSummary & CalendarCampaign;

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function Day({
  day,
  campaigns,
  mailings,
  outside,
}: {
  day: Date;
  campaigns: ListedCampaign[];
  mailings: CalendarMailing[];
  outside: boolean;
}) {
  const today = new Date().toDateString() === day.toDateString();
  return (
    <div className={`cal-day${outside ? ' cal-outside' : ''}${today ? ' cal-today' : ''}`}>
      <div className="cal-date">{day.getDate()}</div>
      {campaignsOn(day, campaigns).map(({ campaign, starts, ends }) => (
        <Link
          key={campaign.id}
          href={`/campaigns/${campaign.id}`}
          className={`cal-item badge-${campaign.status}`}
          data-testid="calendar-item"
          title={campaign.name}
        >
          {starts ? '▸ ' : ''}
          {campaign.name}
          {ends ? ' ◂' : ''}
        </Link>
      ))}
      {mailingsOn(day, mailings).map((m) => (
        <Link
          key={m.id}
          href={`/reports/mailings/${m.id}`}
          className={`cal-item badge-${m.status}`}
          data-testid="calendar-mailing"
          title={`Mailing: ${m.name} (${m.status}): its report`}
        >
          ✉ {m.name}
        </Link>
      ))}
    </div>
  );
}

export default function CalendarPage() {
  const { data, error, reload } = useApi<{ campaigns: ListedCampaign[] }>('/v1/campaigns');
  const [view, setView] = useState<'month' | 'week'>('month');
  const [anchor, setAnchor] = useState(() => new Date());
  const campaigns = data?.campaigns ?? [];
  const mailings = useApi<{ mailings: CalendarMailing[] }>('/v1/mailings').data?.mailings ?? [];
  const move = (step: number) =>
    setAnchor((a) =>
      view === 'month'
        ? new Date(a.getFullYear(), a.getMonth() + step, 1)
        : new Date(a.getFullYear(), a.getMonth(), a.getDate() + 7 * step),
    );
  const weeks = view === 'month' ? monthWeeks(anchor) : [weekDays(anchor)];
  // Always-on campaigns (taking entries through the whole period) are one band, not a line on
  // every day; the days keep what starts, ends or is scheduled within the period.
  const { band, dated } = splitPeriod(weeks.flat(), campaigns);
  return (
    <>
      <div className="page-header">
        <h1>Calendar</h1>
        <div className="inline-form">
          <button type="button" className="button ghost small" onClick={() => move(-1)}>
            ←
          </button>
          <strong data-testid="calendar-title">
            {anchor.toLocaleDateString(undefined, { month: 'long', year: 'numeric' })}
          </strong>
          <button type="button" className="button ghost small" onClick={() => move(1)}>
            →
          </button>
          <select value={view} onChange={(e) => setView(e.target.value as 'month' | 'week')}>
            <option value="month">Month</option>
            <option value="week">Week</option>
          </select>
        </div>
      </div>
      {error && <ErrorNotice error={error} onRetry={reload} />}
      {band.length > 0 && (
        <div className="cal-band" data-testid="calendar-band">
          <span className="muted small">Always on through this {view}:</span>
          {band.map((c) => (
            <Link
              key={c.id}
              href={`/campaigns/${c.id}`}
              className={`cal-item badge-${c.status}`}
              data-testid="calendar-band-item"
            >
              {c.name}
            </Link>
          ))}
        </div>
      )}
      <div className={`calendar cal-${view}`} data-testid="calendar">
        {WEEKDAYS.map((d) => (
          <div key={d} className="cal-head">
            {d}
          </div>
        ))}
        {weeks.flat().map((day) => (
          <Day
            key={day.toISOString()}
            day={day}
            campaigns={dated as ListedCampaign[]}
            mailings={mailings}
            outside={view === 'month' && day.getMonth() !== anchor.getMonth()}
          />
        ))}
      </div>
      <p className="muted small">
        A campaign shows from its start date (or its publication) to its end date; ▸ marks its first
        day and ◂ its last. One that runs through the whole period is in the band above. Set the
        dates in the campaign settings.
      </p>
    </>
  );
}
