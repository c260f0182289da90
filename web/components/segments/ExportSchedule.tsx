'use client';
// The segment's CSV by email on a schedule: addresses, daily or weekly, the hour in the account
// time zone. Saved to /v1/segments/{id}/export-schedule; a Temporal Schedule sends it.
import { useEffect, useState } from 'react';
import type { SegmentExportScheduleAnswer } from '../../../core/contract/segment-exports.ts';
import { api, ApiError, type FieldProblem } from '../../lib/api.ts';
import { useApi } from '../../lib/use-api.ts';
import { problemsAt, Problems } from './context.tsx';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export function ExportSchedule({ segmentId }: { segmentId: string }) {
  const path = `/v1/segments/${segmentId}/export-schedule`;
  const { data, reload } = useApi<SegmentExportScheduleAnswer>(path);
  const [recipients, setRecipients] = useState('');
  const [cadence, setCadence] = useState<'daily' | 'weekly'>('weekly');
  const [hour, setHour] = useState(9);
  const [weekday, setWeekday] = useState(1);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [note, setNote] = useState<string>();
  const schedule = data?.schedule;
  useEffect(() => {
    if (!schedule) return;
    setRecipients(schedule.recipients.join(', '));
    setCadence(schedule.cadence);
    setHour(schedule.hour);
    setWeekday(schedule.weekday ?? 1);
  }, [schedule]);

  const save = async () => {
    setProblems([]);
    try {
      await api(path, {
        method: 'PUT',
        body: {
          recipients: recipients.split(/[\s,;]+/).filter(Boolean),
          cadence,
          hour,
          ...(cadence === 'weekly' && { weekday }),
        },
      });
      setNote('Scheduled.');
      reload();
    } catch (err) {
      setProblems(err instanceof ApiError ? err.problems : []);
      setNote((err as Error).message);
    }
  };
  const stop = async () => {
    await api(path, { method: 'DELETE' });
    setNote('No longer sent.');
    setRecipients('');
    reload();
  };

  return (
    <section className="section card segment-export" data-testid="export-schedule">
      <h2>Send this segment by email</h2>
      <p className="muted small">
        The customers as last recalculated, as a CSV attachment
        {schedule ? `, hours in ${schedule.timeZone}` : ', at an hour of the account time zone'}.
        {schedule?.lastSentAt &&
          ` Last sent ${schedule.lastSentAt.slice(0, 16).replace('T', ' ')} UTC with ${schedule.lastRows ?? 0} customers.`}
      </p>
      <div className="segment-export-row">
        <label className="field">
          <span>To</span>
          <input
            data-testid="export-recipients"
            value={recipients}
            placeholder="team@example.com, boss@example.com"
            onChange={(e) => setRecipients(e.target.value)}
          />
          <Problems
            messages={problemsAt(problems, 'recipients', true)}
            testId="export-recipients-problems"
          />
        </label>
        <label className="field">
          <span>Every</span>
          <select
            data-testid="export-cadence"
            value={cadence}
            onChange={(e) => setCadence(e.target.value as 'daily' | 'weekly')}
          >
            <option value="daily">day</option>
            <option value="weekly">week</option>
          </select>
        </label>
        {cadence === 'weekly' && (
          <label className="field">
            <span>On</span>
            <select
              data-testid="export-weekday"
              value={weekday}
              onChange={(e) => setWeekday(Number(e.target.value))}
            >
              {WEEKDAYS.map((d, i) => (
                <option key={d} value={i + 1}>
                  {d}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="field">
          <span>At</span>
          <select
            data-testid="export-hour"
            value={hour}
            onChange={(e) => setHour(Number(e.target.value))}
          >
            {Array.from({ length: 24 }, (_, h) => (
              <option key={h} value={h}>
                {String(h).padStart(2, '0')}:00
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button primary"
          data-testid="export-save"
          onClick={() => void save()}
        >
          {schedule ? 'Update' : 'Schedule'}
        </button>
        {schedule && (
          <button
            type="button"
            className="button ghost"
            data-testid="export-stop"
            onClick={() => void stop()}
          >
            Stop sending
          </button>
        )}
      </div>
      {note && (
        <p className="small" data-testid="export-note">
          {note}
        </p>
      )}
    </section>
  );
}
