'use client';
// Test run: a tester, picked by search, follows the campaign while you watch (GET
// /v1/journeys/{workflowId}): the steps it passed and where it is now, drawn on the canvas too.
// On the draft it runs the graph being edited, unpublished and whatever the re-entry rule says,
// its messages marked as test (POST /v1/campaigns/{id}/test-runs); on the live view it enters
// the tester into the published version like any customer (POST .../entries).
import { useEffect, useState } from 'react';
import type { Entered, JourneyDetail } from '../../core/contract/journeys.ts';
import { api } from '../lib/api.ts';
import { sayError } from '../lib/error-words.ts';
import { useApi } from '../lib/use-api.ts';
import { CustomerPicker, type PickedCustomer } from './CustomerPicker.tsx';

export type JourneyTrail = { path: string[]; current: string | null; status: string };

export function TestRun({
  campaignId,
  draft = false,
  before,
  stepTitle = (id) => id,
  onTrail,
}: {
  campaignId: string;
  /** Runs the draft (a test run) instead of entering the live version. */
  draft?: boolean;
  /** Called first: the editor saves the draft, so the run follows what is on the canvas. */
  before?: () => Promise<void>;
  stepTitle?: (nodeId: string) => string;
  onTrail: (trail: JourneyTrail | undefined) => void;
}) {
  const [tester, setTester] = useState<PickedCustomer | undefined>();
  const [workflowId, setWorkflowId] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const journey = useApi<JourneyDetail>(
    workflowId ? `/v1/journeys/${encodeURIComponent(workflowId)}` : null,
    1_000,
  );
  const j = journey.data?.journey;
  useEffect(() => {
    onTrail(
      j && {
        path: j.state?.path ?? [],
        current: j.state?.currentNode ?? null,
        status: j.status,
      },
    );
  }, [j, onTrail]);

  async function start() {
    if (!tester) return;
    setError(undefined);
    setBusy(true);
    try {
      await before?.();
      const base = `/v1/campaigns/${encodeURIComponent(campaignId)}`;
      const res = await api<Entered>(draft ? `${base}/test-runs` : `${base}/entries`, {
        method: 'POST',
        body: { customerId: tester.id },
      });
      setWorkflowId(res.journey.workflowId);
    } catch (err) {
      setError(sayError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="test-run" data-testid="test-run">
      <strong className="small">{draft ? 'Test the draft' : 'Test run'}</strong>
      <CustomerPicker
        testId="test-run-customer"
        placeholder="Find a tester by name or email"
        onPick={setTester}
        onError={setError}
      />
      <button
        type="button"
        className="button ghost small"
        disabled={!tester || busy}
        data-testid="test-run-start"
        onClick={() => void start()}
        title={
          draft
            ? 'Runs the draft as drawn, without publishing; its messages are sent, marked as test'
            : undefined
        }
      >
        {tester ? `Start a test run for ${tester.label}` : 'Start a test run'}
      </button>
      {error && (
        <span className="notice error small" data-testid="test-run-error">
          {error}{' '}
          <button type="button" className="link" onClick={() => void start()}>
            Retry
          </button>
        </span>
      )}
      {j && (
        <span className="small" data-testid="test-run-path">
          {j.state?.path.map(stepTitle).join(' → ') ?? '…'} · {j.status}
          {draft && ' · messages marked as test'}{' '}
          <a href={j.temporalUrl} target="_blank" rel="noreferrer">
            Temporal
          </a>
        </span>
      )}
    </div>
  );
}
