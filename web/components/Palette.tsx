'use client';
// The palette: every node kind of the registry, grouped; drag one onto the canvas, or click it
// to drop it in the middle of the view.
import type { NodeKind } from '../../core/graph.ts';
import { nodeKinds, type KindSpec, paletteGroups } from '../lib/nodes/index.ts';
import { KindIcon } from './StepNodes.tsx';

/** The drag payload's type: a node kind, read back by the canvas's drop handler. */
export const KIND_MIME = 'application/x-herald-kind';

const entries = Object.entries(nodeKinds) as [NodeKind, KindSpec][];

/** Collapsed, the palette keeps its icons (each named in its tooltip) to leave the canvas room. */
export function Palette({
  onAdd,
  collapsed = false,
}: {
  onAdd: (kind: NodeKind) => void;
  collapsed?: boolean;
}) {
  return (
    <aside className={collapsed ? 'palette collapsed' : 'palette'} data-testid="palette">
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
                title={collapsed ? `${spec.label}: ${spec.hint}` : spec.hint}
                aria-label={spec.label}
                draggable
                onDragStart={(e) => {
                  e.dataTransfer.setData(KIND_MIME, kind);
                  e.dataTransfer.effectAllowed = 'move';
                }}
                onClick={() => onAdd(kind)}
              >
                <KindIcon kind={kind} size={16} />
                {!collapsed && spec.label}
              </button>
            ))}
        </div>
      ))}
    </aside>
  );
}
