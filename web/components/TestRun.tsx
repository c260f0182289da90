'use client';
// Test run: enter a tester into the live campaign from the canvas, then follow their journey
// (GET /v1/journeys/{workflowId}) as it moves: the steps it passed and where it is now.
import { type FormEvent, useEffect, useState } from 'react';
import type { Entered, JourneyDetail } from '../../core/contract/journeys.ts';
import { api, type FieldProblem } from '../lib/api.ts';
import { useApi } from '../lib/use-api.ts';

export type JourneyTrail = { path: string[]; current: string | null; status: string };

export function TestRun({
  campaignId,
  onTrail,
}: {
  campaignId: string;
  onTrail: (trail: JourneyTrail | undefined) => void;
}) {
  const [externalId, setExternalId] = useState('');
  const [workflowId, setWorkflowId] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
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

  async function start(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    try {
      const res = await api<Entered>(`/v1/campaigns/${encodeURIComponent(campaignId)}/entries`, {
        method: 'POST',
        body: { externalId: externalId.trim() },
      });
      setWorkflowId(res.journey.workflowId);
    } catch (err) {
      const problems = (err as { problems?: FieldProblem[] }).problems ?? [];
      setError([(err as Error).message, ...problems.map((p) => p.message)].join(': '));
    }
  }

  return (
    <div className="test-run" data-testid="test-run">
      <form className="inline-form" onSubmit={(e) => void start(e)}>
        <input
          placeholder="Tester's external ID"
          value={externalId}
          onChange={(e) => setExternalId(e.target.value)}
          data-testid="test-run-customer"
        />
        <button type="submit" className="button ghost small" disabled={!externalId.trim()}>
          Start test run
        </button>
      </form>
      {error && <span className="notice error small">{error}</span>}
      {j && (
        <span className="small" data-testid="test-run-path">
          {j.state?.path.join(' → ') ?? '…'} · {j.status}{' '}
          <a href={j.temporalUrl} target="_blank" rel="noreferrer">
            Temporal
          </a>
        </span>
      )}
    </div>
  );
}
