'use client';
// The lifecycle buttons (publish, pause, resume, stop, archive). Each asks for confirmation and
// says what it will do to the journeys in flight, in the api's own words.
import { useState } from 'react';
import type { LifecycleAction } from '../../core/lifecycle.ts';
import { api, ApiError, type CampaignDetail, type FieldProblem } from '../lib/api.ts';
import { useCan, useMe } from '../lib/use-me.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { sayError } from '../lib/error-words.ts';

/** What the toast says once an action went through. */
const done: Record<LifecycleAction, string> = {
  publish: 'Published: new journeys follow this version.',
  pause: 'Paused: no one enters until you resume.',
  resume: 'Resumed: customers enter again.',
  stop: 'Stopped: the campaign takes no one in.',
  archive: 'Archived.',
};
/** Actions that end something: drawn in the danger colour, never like Publish. */
const destructive = new Set<LifecycleAction>(['stop', 'archive']);

const titles: Record<LifecycleAction, string> = {
  publish: 'Publish',
  pause: 'Pause',
  resume: 'Resume',
  stop: 'Stop',
  archive: 'Archive',
};

export function LifecycleBar({
  campaign,
  beforePublish,
  onDone,
  onRefused,
}: {
  campaign: CampaignDetail;
  /** Saves the editor's last changes, so what is published is what is on screen. */
  beforePublish: () => Promise<void>;
  onDone: () => void;
  /** Publishing was refused: the problems, each naming its node. */
  onRefused: (problems: FieldProblem[]) => void;
}) {
  const [asking, setAsking] = useState<{ action: LifecycleAction; effect: string } | undefined>();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [toast, setToast] = useState<string | undefined>();
  const running = campaign.versions.reduce((sum, v) => sum + v.runningJourneys, 0);
  // A role that may only read campaigns sees the actions, disabled, with the reason.
  const allowed = useCan()('campaigns:write');
  const role = useMe()?.role;

  async function confirm() {
    if (!asking) return;
    setBusy(true);
    setError(undefined);
    try {
      if (asking.action === 'publish') await beforePublish();
      await api(`/v1/campaigns/${campaign.id}/${asking.action}`, {
        method: 'POST',
        body: asking.action === 'publish' && note.trim() ? { note: note.trim() } : {},
      });
      setAsking(undefined);
      setNote('');
      setToast(done[asking.action]);
      window.setTimeout(() => setToast(undefined), 5000);
      onDone();
    } catch (err) {
      if (err instanceof ApiError && err.problems.length > 0) {
        setAsking(undefined);
        onRefused(err.problems);
      } else setError(sayError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="lifecycle" data-testid="lifecycle">
      {toast && (
        <div className="toast" role="status" data-testid="toast">
          {toast}
        </div>
      )}
      {campaign.actions.map((a) => (
        <button
          key={a.action}
          type="button"
          className={`button ${a.action === 'publish' ? 'primary' : 'ghost'} ${destructive.has(a.action) ? 'danger' : ''}`}
          data-testid={`action-${a.action}`}
          disabled={!allowed}
          title={allowed ? undefined : `Your role (${role ?? '…'}) cannot change campaigns`}
          onClick={() => setAsking(a)}
        >
          {titles[a.action]}
        </button>
      ))}
      {asking && (
        <div className="dialog-backdrop">
          <div className="dialog" role="dialog" aria-modal data-testid="confirm-dialog">
            <h2>
              {titles[asking.action]} “{campaign.name}”?
            </h2>
            <p data-testid="confirm-effect">{asking.effect}</p>
            <p className="muted" data-testid="confirm-running">
              {running === 0
                ? 'No journeys are running now.'
                : `${running.toLocaleString()} journey${running === 1 ? ' is' : 's are'} running now${
                    campaign.versions.filter((v) => v.runningJourneys > 0).length > 1
                      ? `, on versions ${campaign.versions
                          .filter((v) => v.runningJourneys > 0)
                          .map((v) => v.version)
                          .join(', ')}`
                      : ''
                  }.`}
            </p>
            {asking.action === 'publish' && (
              <label className="field">
                <span>Note for the version history</span>
                <input
                  data-testid="publish-note"
                  value={note}
                  onChange={(e) => setNote(e.target.value)}
                  placeholder="What changed and why"
                />
              </label>
            )}
            {error && <ErrorNotice error={error} />}
            <div className="dialog-buttons">
              <button type="button" className="button ghost" onClick={() => setAsking(undefined)}>
                Cancel
              </button>
              <button
                type="button"
                className={`button ${destructive.has(asking.action) ? 'danger-solid' : 'primary'}`}
                disabled={busy}
                onClick={() => void confirm()}
                data-testid="confirm-action"
              >
                {titles[asking.action]}
              </button>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
