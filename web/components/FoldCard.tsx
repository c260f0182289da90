'use client';
// A folded branch or group drawn as one card (how many steps it holds, their summed live counts,
// Unfold), the buttons that fold every branch or unfold all, and the context through which an
// exit's label folds its branch. The folds themselves live in lib/use-folds.ts.
import { Handle, type NodeProps, Panel, Position } from '@xyflow/react';
import { createContext, useContext } from 'react';
import type { FoldNode } from '../lib/folding.ts';
import type { Folding } from '../lib/use-folds.ts';
import { Counters, stepNodeTypes } from './StepNodes.tsx';
import './folding.css';

/** The canvas's folding, when it may fold (the version comparison does not). */
export const FoldContext = createContext<Folding | undefined>(undefined);

export function FoldCard({ id, data, selected }: NodeProps<FoldNode>) {
  const folding = useContext(FoldContext);
  return (
    <div
      className={[
        'step',
        'step-fold',
        data.trail ? `step-trail-${data.trail}` : '',
        data.problems > 0 ? 'step-invalid' : '',
        selected ? 'step-selected' : '',
      ].join(' ')}
      data-testid="fold-card"
      data-fold={id}
      title={`${data.title}: ${data.steps.join(', ')}`}
      onDoubleClick={() => folding?.unfold(id)}
    >
      <div className="step-kind">
        <span aria-hidden>▸</span> Folded
      </div>
      <div className="step-title">{data.title}</div>
      <div className="step-summary" data-testid="fold-count">
        {data.steps.length} steps
        {data.problems > 0 && (
          <span className="fold-problems">
            {' '}
            · {data.problems} with {data.problems === 1 ? 'a problem' : 'problems'}
          </span>
        )}
      </div>
      {data.stats && <Counters stats={data.stats} />}
      <button
        type="button"
        className="fold-open nodrag"
        data-testid="unfold"
        onClick={() => folding?.unfold(id)}
      >
        Unfold
      </button>
      <Handle type="target" position={Position.Top} isConnectable={false} />
      {(data.exits.length > 0 ? data.exits : ['next']).map((exit, i, exits) => (
        <Handle
          key={exit}
          // The unnamed exit keeps the handle an edge without one attaches to.
          id={exit === 'next' ? undefined : exit}
          type="source"
          position={Position.Bottom}
          isConnectable={false}
          style={{ left: `${((i + 1) / (exits.length + 1)) * 100}%` }}
        />
      ))}
    </div>
  );
}

/** Over the canvas's top left corner: fold every branch of a large campaign, or unfold all. */
export function FoldControls() {
  const folding = useContext(FoldContext);
  if (!folding) return null;
  return (
    <Panel position="top-left" className="fold-controls">
      <button
        type="button"
        className="button ghost small"
        data-testid="fold-all"
        onClick={folding.foldAll}
      >
        Fold branches
      </button>
      {folding.folds.length > 0 && (
        <button
          type="button"
          className="button ghost small"
          data-testid="unfold-all"
          onClick={folding.unfoldAll}
        >
          Unfold all ({folding.folds.length})
        </button>
      )}
    </Panel>
  );
}

/** The fold button on an exit's label: it folds (or unfolds) the branch that exit starts. */
export function FoldToggle({ source, exit }: { source: string; exit: string }) {
  const folding = useContext(FoldContext);
  if (!folding?.foldable.has(`${source}:${exit}`)) return null;
  const folded = folding.folds.some(
    (f) => f.kind === 'branch' && f.from === source && f.exit === exit,
  );
  return (
    <button
      type="button"
      className="fold-toggle nodrag nopan"
      data-testid={`fold-${source}-${exit}`}
      aria-label={`${folded ? 'Unfold' : 'Fold'} the “${exit}” branch`}
      title={`${folded ? 'Unfold' : 'Fold'} the “${exit}” branch`}
      onClick={(e) => {
        e.stopPropagation();
        folding.toggleBranch(source, exit);
      }}
    >
      {folded ? '+' : '−'}
    </button>
  );
}

/** Every card a foldable canvas draws: the steps' kinds, and the fold card. */
export const canvasNodeTypes = { ...stepNodeTypes, fold: FoldCard };
