'use client';
// One campaign: the editor on its draft, the live view of the published version with its
// counters and journeys, and the version history; the lifecycle buttons above all three.
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DraftProblem } from '../../../../../core/graph-problems.ts';
import { CampaignEditor, type EditorControls } from '../../../../components/CampaignEditor.tsx';
import { JourneysTable } from '../../../../components/JourneysTable.tsx';
import { LifecycleBar } from '../../../../components/LifecycleBar.tsx';
import { LiveView } from '../../../../components/LiveView.tsx';
import { StatusBadge } from '../../../../components/StatusBadge.tsx';
import { type JourneyTrail, TestRun } from '../../../../components/TestRun.tsx';
import { NamesContext } from '../../../../components/StepNodes.tsx';
import { VersionHistory } from '../../../../components/VersionHistory.tsx';
import {
  type CampaignDetailAnswer,
  type EventTypes,
  type Templates,
  type VersionAnswer,
  type FieldProblem,
} from '../../../../lib/api.ts';
import { formatDateTime } from '../../../../lib/format.ts';
import { stepData, withNames } from '../../../../lib/graph-to-flow.ts';
import type { GraphNode } from '../../../../../core/graph.ts';
import { useApi } from '../../../../lib/use-api.ts';
import { useGraphNames } from '../../../../lib/use-names.ts';
import { NotAllowed, useCan, useMe } from '../../../../lib/use-me.tsx';
import { ErrorNotice } from '../../../../components/ErrorNotice.tsx';

type Tab = 'edit' | 'live' | 'history';

/**
 * The problems list: each problem a link that selects its step on the canvas. Folded, it is one
 * line over the canvas's corner (the cards show their own problems) and opens on a click.
 */
function Problems({
  title,
  problems,
  onSelect,
  testId,
  folded = false,
}: {
  title: string;
  problems: { nodeId?: string; message: string; field?: string }[];
  onSelect: (nodeId: string) => void;
  testId: string;
  folded?: boolean;
}) {
  const list = (
    <ul>
      {problems.map((p, i) => (
        <li key={i}>
          {p.nodeId ? (
            <button
              type="button"
              className="link"
              data-testid="problem-link"
              onClick={() => onSelect(p.nodeId!)}
            >
              {p.nodeId}
            </button>
          ) : null}
          {p.nodeId ? ': ' : ''}
          {p.message}
        </li>
      ))}
    </ul>
  );
  return folded ? (
    <details className="notice warning" data-testid={testId}>
      <summary>
        <strong>{title}</strong>
      </summary>
      {list}
    </details>
  ) : (
    <div className="notice warning" data-testid={testId}>
      <strong>{title}</strong>
      {list}
    </div>
  );
}

export default function CampaignPage() {
  const { id } = useParams<{ id: string }>();
  const base = `/v1/campaigns/${encodeURIComponent(id)}`;
  const campaign = useApi<CampaignDetailAnswer>(base);
  const templates = useApi<Templates>('/v1/templates');
  const eventTypes = useApi<EventTypes>('/v1/event-types');
  const c = campaign.data?.campaign;
  const live = useApi<VersionAnswer>(
    c && c.currentVersion !== null ? `${base}/versions/${c.currentVersion}` : null,
  );
  const [tab, setTab] = useState<Tab | undefined>(undefined);
  const [drawing, setDrawing] = useState<DraftProblem[]>([]);
  const [refused, setRefused] = useState<FieldProblem[]>([]);
  const editor = useRef<EditorControls | null>(null);
  const [trail, setTrail] = useState<JourneyTrail | undefined>(undefined);
  // A test run's path, read as the cards' titles ("Wait 1 hour → Send “Cart reminder”").
  const draftTitles = useMemo(
    () => new Map((c?.draft.nodes ?? []).map((n) => [n.id, stepData(n as GraphNode).title])),
    [c?.draft],
  );
  const flush = useCallback(async () => {
    await editor.current?.flush();
  }, []);
  const names = useGraphNames(templates.data);
  const titleOf = useCallback(
    (id: string) => withNames(draftTitles.get(id) ?? id, names),
    [draftTitles, names],
  );
  // Readers see the editor (the steps' settings are there) with a word that nothing is saved.
  const me = useMe();
  const can = useCan();
  const canWrite = me === undefined || can('campaigns:write');

  useEffect(() => {
    if (c) document.title = `${c.name} · Herald`;
  }, [c]);
  // A running campaign opens on its live view, one not yet published on the editor.
  const shown: Tab = tab ?? (c && c.currentVersion !== null ? 'live' : 'edit');
  const select = useCallback((nodeId: string) => {
    setTab('edit');
    // The editor may be mounting: select once it is there.
    window.setTimeout(() => editor.current?.select(nodeId), 50);
  }, []);

  if (!c) {
    return (
      <>
        <Link href="/campaigns" className="back">
          ← All campaigns
        </Link>
        {campaign.error ? (
          <ErrorNotice error={campaign.error} onRetry={campaign.reload} />
        ) : (
          <p className="muted">Loading campaign…</p>
        )}
      </>
    );
  }

  const liveVersion = live.data?.version;
  return (
    <NamesContext.Provider value={names}>
      <Link href="/campaigns" className="back">
        ← All campaigns
      </Link>
      <div className="page-header">
        <div>
          <h1 data-testid="campaign-name">
            {c.name} <StatusBadge status={c.status} />
          </h1>
          {c.description && <p className="muted">{c.description}</p>}
          {c.currentVersion !== null && can('reports:read') && (
            <Link href={`/reports/campaigns/${c.id}`} data-testid="campaign-report-link">
              Report: funnel, attributed revenue, uplift per step
            </Link>
          )}
        </div>
        <LifecycleBar
          campaign={c}
          beforePublish={async () => {
            setRefused([]);
            await editor.current?.flush();
          }}
          onDone={() => {
            setRefused([]);
            campaign.reload();
          }}
          onRefused={(problems) => {
            setRefused(problems);
            setTab('edit');
          }}
        />
      </div>
      <div className="tabs" role="tablist">
        {(['edit', 'live', 'history'] as const).map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={shown === t}
            className={shown === t ? 'tab active' : 'tab'}
            data-testid={`tab-${t}`}
            disabled={t !== 'edit' && c.currentVersion === null}
            onClick={() => setTab(t)}
          >
            {{ edit: 'Edit draft', live: 'Live view', history: 'Versions' }[t]}
          </button>
        ))}
        <span className="muted small" data-testid="canvas-caption">
          {liveVersion
            ? `Live version ${liveVersion.version}, published ${formatDateTime(liveVersion.publishedAt)}${liveVersion.note ? ` — ${liveVersion.note}` : ''}`
            : c.currentVersion !== null
              ? `Live version ${c.currentVersion}`
              : 'Draft — not published yet'}
        </span>
      </div>

      {refused.length > 0 && (
        <Problems
          title={`Publishing was refused: fix ${refused.length === 1 ? 'this problem' : `these ${refused.length} problems`} first.`}
          problems={refused}
          onSelect={select}
          testId="publish-problems"
        />
      )}
      {shown === 'edit' && (
        <section className="section editor-section">
          {!canWrite && <NotAllowed what="change campaigns: what you draw here is not saved" />}
          {canWrite && (
            <TestRun
              campaignId={c.id}
              draft
              before={flush}
              stepTitle={titleOf}
              onTrail={setTrail}
            />
          )}
          <CampaignEditor
            key={`${c.id}:${c.currentVersion ?? 'draft'}`}
            campaignId={c.id}
            draft={c.draft}
            updatedAt={c.updatedAt}
            templates={templates.data?.templates ?? []}
            eventTypes={eventTypes.data?.eventTypes}
            onProblems={setDrawing}
            controls={editor}
            trail={trail}
          >
            {/* Over the canvas's corner, so the canvas stays put as problems come and go. */}
            {drawing.length > 0 && refused.length === 0 && (
              <Problems
                title={`${drawing.length === 1 ? 'A problem' : `${drawing.length} problems`} to fix before publishing:`}
                problems={drawing}
                onSelect={select}
                testId="draft-problems"
                folded
              />
            )}
          </CampaignEditor>
        </section>
      )}
      {shown === 'live' && (
        <>
          <section className="section">
            {live.error && <ErrorNotice error={live.error} onRetry={live.reload} />}
            {liveVersion ? (
              <LiveView key={liveVersion.version} campaignId={c.id} graph={liveVersion.graph} />
            ) : (
              <div className="canvas canvas-loading muted">Loading the journey map…</div>
            )}
          </section>
          <JourneysTable campaignId={c.id} graph={liveVersion?.graph} />
        </>
      )}
      {shown === 'history' && (
        <section className="section">
          {/* Keyed by the newest version: a publish that lands while the tab is open starts the
              comparison over at newest-against-previous instead of keeping the older pair. */}
          <VersionHistory key={c.versions[0]?.version ?? 0} campaign={c} />
        </section>
      )}
    </NamesContext.Provider>
  );
}
