'use client';
// Every canvas edge: a rounded orthogonal line, and its exit's name ("yes", "timeout", a
// variant) drawn right under the exit it leaves by, in the label layer above the cards. Drawn at
// the middle of the line, as React Flow does by default, a label on a long edge fell under a card.
import { BaseEdge, EdgeLabelRenderer, type EdgeProps, getSmoothStepPath } from '@xyflow/react';
import { FoldToggle } from './FoldCard.tsx';

/** How far under its exit a label sits: past the exit's dot, above where the line turns. */
const LABEL_DROP = 18;

export function ExitEdge(props: EdgeProps) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition } = props;
  const [path] = getSmoothStepPath({
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
    borderRadius: 8,
  });
  const label = typeof props.label === 'string' ? props.label : undefined;
  // A split's exit folds the branch it starts (a go-to is a jump, not a branch).
  const exit = props.sourceHandleId;
  const foldable = label && exit && exit !== 'goto' && !props.source.startsWith('fold:');
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={props.markerEnd} style={props.style} />
      {label && (
        <EdgeLabelRenderer>
          <div
            className={`edge-label edge-label-${label.replace(/\W+/g, '-')}`}
            data-edge-source={props.source}
            style={{
              transform: `translate(-50%, 0) translate(${sourceX}px, ${sourceY + LABEL_DROP}px)`,
              pointerEvents: foldable ? 'all' : undefined,
            }}
          >
            <span data-testid="edge-label">{label}</span>
            {foldable && <FoldToggle source={props.source} exit={exit} />}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

/** Declared once, outside any component: React Flow re-mounts edges when this object changes. */
export const edgeTypes = { exit: ExitEdge };
