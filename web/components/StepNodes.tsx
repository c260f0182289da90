'use client';
// The canvas node component. Every kind is drawn by the same card, which reads its name, icon
// and colour from the registry (lib/nodes/); `stepNodeTypes` is built once at module
// level because React Flow re-mounts every node when it receives a new nodeTypes object.
import {
  Handle,
  type NodeProps,
  type NodeTypes,
  Position,
  useNodeConnections,
} from '@xyflow/react';
import { createContext, useContext } from 'react';
import type { NodeKind } from '../../core/graph.ts';
import { type StepNode, withNames } from '../lib/graph-to-flow.ts';
import { kindSpec, nodeKinds } from '../lib/nodes/index.ts';

/** Whether handles can be dragged to connect steps: true in the editor, false elsewhere. */
export const EditableContext = createContext(false);

/**
 * Names by ID of the templates, segments and audiences a graph names, so a send step reads
 * "email: Cart reminder" and a condition "in segment “VIP”" rather than a UUID (the campaign
 * page fills it; the editor and the live view both read it).
 */
export const NamesContext = createContext<ReadonlyMap<string, string>>(new Map());

export function KindIcon({ kind, size = 14 }: { kind: string; size?: number }) {
  return (
    <svg
      viewBox="0 0 24 24"
      width={size}
      height={size}
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinejoin="round"
      aria-hidden
    >
      {(kindSpec(kind)?.icon ?? []).map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}

/** A step's live counts (a fold card's are its steps' summed). */
export function Counters({
  stats,
}: {
  stats: Omit<NonNullable<StepNode['data']['stats']>, 'exits'>;
}) {
  return (
    <div className="step-stats" data-testid="step-stats">
      <span title="entered">
        in <b data-stat="entered">{stats.entered}</b>
      </span>
      <span title="waiting here now">
        now <b data-stat="waiting">{stats.waiting}</b>
      </span>
      {(stats.converted ?? 0) > 0 && (
        <span title="met the goal here">
          converted <b data-stat="converted">{stats.converted}</b>
        </span>
      )}
      {stats.sent > 0 && (
        <span title="messages sent">
          sent <b data-stat="sent">{stats.sent}</b>
        </span>
      )}
    </div>
  );
}

/** One card for every kind: kind tag, title, summary, problems or counters, and its handles. */
function StepCard({ id, data, selected }: NodeProps<StepNode>) {
  const editable = useContext(EditableContext);
  const names = useContext(NamesContext);
  const spec = kindSpec(data.kind);
  const problems = data.problems ?? [];
  const exits = data.kind === 'goto' ? ['goto'] : data.exits;
  // A connected exit is named by its edge's label; only an open one names itself, once.
  const connected = new Set(
    useNodeConnections({ handleType: 'source' }).map((c) => c.sourceHandle ?? 'next'),
  );
  return (
    <div
      className={[
        'step',
        `step-${data.kind}`,
        problems.length > 0 ? 'step-invalid' : '',
        data.diff ? `step-diff-${data.diff}` : '',
        data.trail ? `step-trail-${data.trail}` : '',
        selected ? 'step-selected' : '',
      ].join(' ')}
      style={{ ['--kind' as string]: spec?.colour }}
      data-testid={`canvas-node-${id}`}
      data-kind={data.kind}
      title={`${withNames(data.title, names)} (${id})`}
    >
      <div className="step-kind">
        <KindIcon kind={data.kind} />
        {spec?.label ?? data.kind}
      </div>
      <div className="step-title">{withNames(data.title, names)}</div>
      {data.labelled && data.summary && (
        <div className="step-summary">{withNames(data.summary, names)}</div>
      )}
      {problems.length > 0 && (
        <ul className="step-problems" data-testid={`node-problems-${id}`}>
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {data.stats && <Counters stats={data.stats} />}
      {spec?.hasInput !== false && (
        <Handle
          type="target"
          position={Position.Top}
          isConnectable={editable}
          data-testid={`handle-in-${id}`}
        />
      )}
      {exits.map((exit, i) => (
        <Handle
          key={exit}
          // A single "next" exit keeps the unnamed handle saved graphs' edges attach to.
          id={exit === 'next' ? undefined : exit}
          type="source"
          position={Position.Bottom}
          isConnectable={editable}
          data-testid={`handle-${id}-${exit}`}
          style={{ left: `${((i + 1) / (exits.length + 1)) * 100}%` }}
        >
          {exits.length > 1 && !connected.has(exit) && <span className="handle-label">{exit}</span>}
          {data.stats && exit !== 'goto' && (
            <span className="handle-count">{data.stats.exits[exit] ?? 0}</span>
          )}
        </Handle>
      ))}
    </div>
  );
}

export const stepNodeTypes = Object.fromEntries(
  Object.keys(nodeKinds).map((kind) => [kind, StepCard]),
) as Record<NodeKind, typeof StepCard> satisfies NodeTypes;
