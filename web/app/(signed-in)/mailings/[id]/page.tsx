'use client';
// One mailing: its status and actions (send now or schedule, pause, resume, cancel, delete a
// draft), what blocks a draft from being scheduled, the live progress and counts while it
// sends (polled every two seconds), and its settings, read-only where its status says so.
import Link from 'next/link';
import { useParams, useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import type { MailingAnswer, MailingInput } from '../../../../../core/contract/mailings.ts';
import { ErrorNotice } from '../../../../components/ErrorNotice.tsx';
import { MailingForm } from '../../../../components/mailings/MailingForm.tsx';
import { MailingProgress } from '../../../../components/mailings/MailingProgress.tsx';
import { api } from '../../../../lib/api.ts';
import { problemWords, sayError } from '../../../../lib/error-words.ts';
import { formatDateTime } from '../../../../lib/format.ts';
import { editRules, inputOf, isLive } from '../../../../lib/mailing-form.ts';
import { useApi } from '../../../../lib/use-api.ts';
import { NotAllowed, useCan } from '../../../../lib/use-me.tsx';
import '../mailings.css';

export default function MailingPage() {
  const { id } = useParams<{ id: string }>();
  const router = useRouter();
  const can = useCan();
  const [live, setLive] = useState(true);
  const loaded = useApi<MailingAnswer>(`/v1/mailings/${id}`, live ? 2000 : undefined);
  const mailing = loaded.data?.mailing;
  const [form, setForm] = useState<MailingInput>();
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState<string>();

  useEffect(() => {
    if (!mailing) return;
    setLive(isLive(mailing.status));
    // The form follows the saved mailing until the marketer changes something.
    if (!dirty) setForm(inputOf(mailing));
  }, [mailing, dirty]);

  if (loaded.error && !mailing) return <ErrorNotice error={loaded.error} onRetry={loaded.reload} />;
  if (!mailing || !form) return <p className="muted">Loading…</p>;
  if (!can('mailings:read')) return <NotAllowed what="see mailings" />;
  const writable = can('mailings:write');
  const rules = editRules(mailing.status);
  const s = mailing.status;

  async function act(run: () => Promise<MailingAnswer | void>, done?: string) {
    setBusy(true);
    setError(undefined);
    setSaved(undefined);
    try {
      await run();
      setDirty(false);
      if (done) setSaved(done);
      loaded.reload();
      setLive(true);
    } catch (err) {
      setError(sayError(err));
    } finally {
      setBusy(false);
    }
  }
  const save = () => {
    if (rules.content)
      return api<MailingAnswer>(`/v1/mailings/${id}`, { method: 'PUT', body: form });
    return (async () => {
      if (rules.throttle && form.throttlePerMinute !== mailing.throttlePerMinute)
        await api(`/v1/mailings/${id}/throttle`, {
          method: 'PUT',
          body: { throttlePerMinute: form.throttlePerMinute ?? null },
        });
      return api<MailingAnswer>(`/v1/mailings/${id}/attribution`, {
        method: 'PUT',
        body: { attribution: form.attribution },
      });
    })();
  };
  const post = (action: string) =>
    api<MailingAnswer>(`/v1/mailings/${id}/${action}`, { method: 'POST' });
  const start = async () => {
    if (dirty) await save();
    return post('start');
  };
  const startLabel = form.delivery.mode === 'now' ? 'Send now' : 'Schedule';

  return (
    <>
      <div className="page-header">
        <div>
          <p className="small">
            <Link href="/mailings">Mailings</Link>
          </p>
          <h1 data-testid="mailing-title">
            {mailing.name}{' '}
            <span className={`badge badge-${s}`} data-testid="mailing-status">
              {s}
            </span>
          </h1>
          <p className="muted small">
            {mailing.channel} · created {formatDateTime(mailing.createdAt)}
            {mailing.startedAt && ` · started ${formatDateTime(mailing.startedAt)}`}
            {mailing.finishedAt && ` · finished ${formatDateTime(mailing.finishedAt)}`}
          </p>
        </div>
        {writable && (
          <div className="mailing-actions">
            {(rules.content || rules.throttle || rules.attribution) && (
              <button
                type="button"
                className="button"
                disabled={busy || !dirty}
                data-testid="mailing-save"
                onClick={() => void act(save, 'Saved.')}
              >
                Save
              </button>
            )}
            {s === 'draft' && (
              <button
                type="button"
                className="button primary"
                disabled={busy || (mailing.problems.length > 0 && !dirty)}
                title={mailing.problems.length > 0 ? 'Fix the problems listed first' : undefined}
                data-testid="mailing-start"
                onClick={() => void act(start)}
              >
                {startLabel}
              </button>
            )}
            {(s === 'collecting' || s === 'sending') && (
              <button
                type="button"
                className="button"
                disabled={busy}
                data-testid="mailing-pause"
                onClick={() => void act(() => post('pause'))}
              >
                Pause
              </button>
            )}
            {s === 'paused' && (
              <button
                type="button"
                className="button primary"
                disabled={busy}
                data-testid="mailing-resume"
                onClick={() => void act(() => post('resume'))}
              >
                Resume
              </button>
            )}
            {(s === 'scheduled' || s === 'collecting' || s === 'sending' || s === 'paused') && (
              <button
                type="button"
                className="button danger"
                disabled={busy}
                data-testid="mailing-cancel"
                onClick={() =>
                  window.confirm('Cancel the mailing? Those not yet sent will never be sent.') &&
                  void act(() => post('cancel'))
                }
              >
                Cancel mailing
              </button>
            )}
            {s === 'draft' && (
              <button
                type="button"
                className="button ghost"
                disabled={busy}
                data-testid="mailing-delete"
                onClick={() =>
                  window.confirm('Delete this draft?') &&
                  void act(async () => {
                    await api(`/v1/mailings/${id}`, { method: 'DELETE' });
                    router.push('/mailings');
                  })
                }
              >
                Delete
              </button>
            )}
          </div>
        )}
      </div>
      <ErrorNotice error={error} />
      {saved && <p className="notice success">{saved}</p>}
      {s === 'draft' && mailing.problems.length > 0 && (
        <div className="notice warning" data-testid="mailing-problems">
          Saved as a draft. Before it can be sent or scheduled:
          <ul>
            {mailing.problems.map((p, i) => (
              <li key={i}>{problemWords(p)}</li>
            ))}
          </ul>
        </div>
      )}
      {s === 'scheduled' && (
        <p className="notice" data-testid="mailing-scheduled">
          Scheduled. It can still be edited until it starts; a scheduled mailing must stay complete.
        </p>
      )}
      {rules.why && (
        <p className="notice warning" data-testid="mailing-readonly">
          {rules.why}
        </p>
      )}
      {!rules.content || s === 'scheduled' ? <MailingProgress mailing={mailing} /> : null}
      <fieldset disabled={!writable} className="mailing-plain">
        <MailingForm
          value={form}
          rules={rules}
          onChange={(m) => {
            setForm(m);
            setDirty(true);
          }}
        />
      </fieldset>
    </>
  );
}
