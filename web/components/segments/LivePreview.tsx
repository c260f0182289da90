'use client';
// The live count while the rules are edited: a debounced POST /v1/segments/preview, showing how
// many customers match, their share of the base and what they spend, the time it took, and a
// sample of them linked to their profiles. A 400 hands its problems to the builder, which shows
// each at the condition its path names.
import Link from 'next/link';
import { useEffect, useState } from 'react';
import type { SegmentPreview } from '../../../core/contract/segments.ts';
import { api, ApiError, type FieldProblem } from '../../lib/api.ts';
import { formatMoney, formatShare } from './format.ts';

const PAUSE_MS = 400;

export function usePreview(rules: unknown, onProblems: (problems: FieldProblem[]) => void) {
  const [preview, setPreview] = useState<SegmentPreview>();
  const [state, setState] = useState<'counting' | 'done' | 'invalid' | 'failed'>('counting');
  const [error, setError] = useState<string>();
  const key = JSON.stringify(rules);
  useEffect(() => {
    let cancelled = false;
    setState('counting');
    const timer = setTimeout(() => {
      api<SegmentPreview>('/v1/segments/preview', {
        method: 'POST',
        body: { rules, sampleSize: 10 },
      })
        .then((answer) => {
          if (cancelled) return;
          setPreview(answer);
          setState('done');
          onProblems([]);
        })
        .catch((err: unknown) => {
          if (cancelled) return;
          const problems = err instanceof ApiError ? err.problems : [];
          setState(err instanceof ApiError && err.status === 400 ? 'invalid' : 'failed');
          setError((err as Error).message);
          onProblems(problems);
        });
    }, PAUSE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
    // The rules are compared by their text: a new object with the same rules is no new question.
  }, [key]);
  return { preview, state, error };
}

export function LivePreview({ preview, state, error }: ReturnType<typeof usePreview>) {
  const m = preview?.metrics;
  return (
    <aside className="segment-preview card" data-testid="segment-preview" data-state={state}>
      <div className="segment-preview-count">
        <span className="segment-preview-label">Matching now</span>
        <strong data-testid="preview-count">
          {state === 'done' && m ? m.profiles.toLocaleString() : state === 'counting' ? '…' : '—'}
        </strong>
        {m && state === 'done' && (
          <span className="muted" data-testid="preview-share">
            {formatShare(m.share)} of {m.base.toLocaleString()} customers
          </span>
        )}
      </div>
      {state === 'invalid' && (
        <p className="notice warning small" data-testid="preview-invalid">
          Not counted yet: {error} (see the conditions marked in red).
        </p>
      )}
      {state === 'failed' && <p className="notice error small">{error}</p>}
      {m && state === 'done' && (
        <>
          <dl className="segment-preview-metrics">
            <dt>Average check</dt>
            <dd data-testid="preview-average-check">{formatMoney(m.averageCheck)}</dd>
            <dt>LTV</dt>
            <dd>{formatMoney(m.ltv)}</dd>
            <dt>Total spent</dt>
            <dd>{formatMoney(m.totalSpent)}</dd>
            <dt>Counted in</dt>
            <dd data-testid="preview-elapsed">{Math.round(preview.elapsedMs)} ms</dd>
          </dl>
          {preview.sample.length > 0 && (
            <>
              <h3 className="segment-preview-label">Some of them</h3>
              <ul className="segment-sample" data-testid="preview-sample">
                {preview.sample.map((c) => (
                  <li key={c.id}>
                    <Link href={`/customers/${c.id}`}>
                      {[c.firstName, c.lastName].filter(Boolean).join(' ') ||
                        c.email ||
                        c.phone ||
                        c.externalId ||
                        c.id}
                    </Link>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </aside>
  );
}
