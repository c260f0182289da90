'use client';
// The palette: every node kind of the registry, grouped; drag one onto the canvas, or click it
// to drop it in the middle of the view.
import type { NodeKind } from '../../core/graph.ts';
import { nodeKinds, type KindSpec, paletteGroups } from '../lib/nodes/index.ts';
import { KindIcon } from './StepNodes.tsx';

/** The drag payload's type: a node kind, read back by the canvas's drop handler. */
export const KIND_MIME = 'application/x-herald-kind';

const entries = Object.entries(nodeKinds) as [NodeKind, KindSpec][];

export function Palette({ onAdd }: { onAdd: (kind: NodeKind) => void }) {
  return (
    <aside className="palette" data-testid="palette">
      {paletteGroups.map((group) => (
        <div key={group} className="palette-group">
          <div className="palette-heading">{group}</div>
          {entries
            .filter(([, spec]) => spec.group === group)
            .map(([kind, spec]) => (
              <button
                key={kind}
                type="button"
                className="palette-item"
                style={{ ['--kind' as string]: spec.colour }}
                data-testid={`palette-${kind}`}
                title={spec.hint}
                draggable
                onDragStart={(e) => {
                  e.dataTransfer.setData(KIND_MIME, kind);
                  e.dataTransfer.effectAllowed = 'move';
                }}
                onClick={() => onAdd(kind)}
              >
                <KindIcon kind={kind} size={16} />
                {spec.label}
              </button>
            ))}
        </div>
      ))}
    </aside>
  );
}
