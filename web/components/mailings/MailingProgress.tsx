'use client';
// A started mailing's live progress: a bar of the recipients handled, the counts (queued, sent,
// delivered, failed, opened, clicked, unsubscribed, converted), who was left out of the frozen
// audience and why, and the A/B variants' figures with the winner once picked.
import type { Mailing, MailingCounts } from '../../../core/contract/mailings.ts';
import { COUNT_LABELS, EXCLUSION_LABELS, progressOf } from '../../lib/mailing-form.ts';

export function ProgressBar({ counts, compact }: { counts: MailingCounts; compact?: boolean }) {
  const done = progressOf(counts);
  const percent = Math.round(done * 100);
  return (
    <div className={compact ? 'mailing-progress compact' : 'mailing-progress'}>
      <div
        className="mailing-progress-bar"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        data-testid="mailing-progress"
      >
        <div style={{ width: `${done * 100}%` }} />
      </div>
      <span className="small muted">
        {percent}% · {(counts.recipients - counts.queued).toLocaleString()} of{' '}
        {counts.recipients.toLocaleString()}
      </span>
    </div>
  );
}

export function MailingProgress({ mailing }: { mailing: Mailing }) {
  const { counts, excluded } = mailing;
  const left = excluded ? Object.entries(excluded).filter(([, n]) => n > 0) : [];
  return (
    <section className="card mailing-section" data-testid="mailing-live">
      <h2>Progress</h2>
      <ProgressBar counts={counts} />
      <dl className="mailing-counts">
        {COUNT_LABELS.map(([key, label]) => (
          <div key={key} data-testid={`count-${key}`}>
            <dt>{label}</dt>
            <dd>{counts[key].toLocaleString()}</dd>
          </div>
        ))}
      </dl>
      {excluded && (
        <p className="small" data-testid="mailing-excluded">
          {left.length === 0
            ? 'Nobody was left out of the audience.'
            : `Left out: ${left
                .map(
                  ([k, n]) =>
                    `${n.toLocaleString()} ${EXCLUSION_LABELS[k as keyof typeof EXCLUSION_LABELS]}`,
                )
                .join(', ')}.`}
          {mailing.freezeMs !== null && ` The audience was frozen in ${mailing.freezeMs} ms.`}
        </p>
      )}
      {mailing.abResults && (
        <table className="table small" data-testid="ab-results">
          <thead>
            <tr>
              <th>Variant</th>
              <th className="num">Sent</th>
              <th className="num">Opened</th>
              <th className="num">Clicked</th>
              <th className="num">Converted</th>
            </tr>
          </thead>
          <tbody>
            {mailing.abResults.map((r) => (
              <tr key={r.variant}>
                <td>
                  {String.fromCharCode(65 + r.variant)}
                  {mailing.abWinner === r.variant && <strong> — winner</strong>}
                </td>
                <td className="num">{r.sent}</td>
                <td className="num">{r.opened}</td>
                <td className="num">{r.clicked}</td>
                <td className="num">{r.converted}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {mailing.error && <p className="notice error">{mailing.error}</p>}
    </section>
  );
}
