'use client';
// The canvas node components, one per step kind. `stepNodeTypes` is declared once at module
// level: React Flow re-mounts every node when it receives a new nodeTypes object.
import { Handle, type NodeProps, type NodeTypes, Position } from '@xyflow/react';
import type { ReactNode } from 'react';
import type { NodeKind } from '../../core/graph.ts';
import type { StepNode } from '../lib/graph-to-flow.ts';

const kindNames: Record<NodeKind, string> = {
  trigger: 'Trigger',
  delay: 'Wait',
  condition: 'Condition',
  sendEmail: 'Email',
  exit: 'Exit',
  waitForEvent: 'Wait for event',
  split: 'A/B split',
  goto: 'Go to',
  waitUntilWindow: 'Wait for window',
  scheduleTrigger: 'Scheduled',
  dateTrigger: 'Date trigger',
  inactivityTrigger: 'Inactivity',
  delayUntil: 'Wait until',
  delayUntilAttribute: 'Wait until date',
  branch: 'Branch',
  sendMessage: 'Message',
  updateProfile: 'Update profile',
  httpCall: 'HTTP call',
};

// Small line icons (24×24 viewBox), drawn with currentColor so they follow the kind colour.
const baseIcons = {
  trigger: <path d="M13 2 4 14h7l-1 8 9-12h-7z" />,
  delay: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 7v5l3 2" />
    </>
  ),
  condition: <path d="M12 3 21 12 12 21 3 12z" />,
  sendEmail: (
    <>
      <rect x="3" y="5" width="18" height="14" rx="2" />
      <path d="m3 7 9 6 9-6" />
    </>
  ),
  exit: (
    <>
      <circle cx="12" cy="12" r="9" />
      <rect x="9" y="9" width="6" height="6" />
    </>
  ),
  waitUntilWindow: (
    <>
      <rect x="3" y="5" width="18" height="16" rx="2" />
      <path d="M3 10h18M8 3v4M16 3v4M12 13v3l2 1" />
    </>
  ),
  goto: <path d="M20 7H9a5 5 0 0 0 0 10h4M16 3l4 4-4 4" />,
  split: <path d="M12 21v-7M12 14 5 5M12 14l7-9M5 5h3M5 5v3M19 5h-3M19 5v3" />,
  waitForEvent: (
    <>
      <path d="M5 3h14M5 21h14" />
      <path d="M7 3c0 5 10 5 10 9s-10 4-10 9M17 3c0 5-10 5-10 9" />
    </>
  ),
} satisfies Record<string, ReactNode>;

// Newer kinds share the icon of the family they belong to.
const icons: Record<NodeKind, ReactNode> = {
  ...baseIcons,
  scheduleTrigger: baseIcons.trigger,
  dateTrigger: baseIcons.trigger,
  inactivityTrigger: baseIcons.trigger,
  delayUntil: baseIcons.delay,
  delayUntilAttribute: baseIcons.delay,
  branch: baseIcons.condition,
  sendMessage: baseIcons.sendEmail,
  updateProfile: baseIcons.goto,
  httpCall: baseIcons.goto,
};

/** The card every step kind shares: kind tag, title, one-line summary. */
function StepCard({
  id,
  data,
  children,
}: {
  id: string;
  data: StepNode['data'];
  children?: ReactNode;
}) {
  return (
    <div
      className={`step step-${data.kind}`}
      data-testid={`canvas-node-${id}`}
      data-kind={data.kind}
      title={`${data.title} (${id})`}
    >
      <div className="step-kind">
        <svg
          viewBox="0 0 24 24"
          width="14"
          height="14"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          strokeLinejoin="round"
          aria-hidden
        >
          {icons[data.kind]}
        </svg>
        {kindNames[data.kind]}
      </div>
      <div className="step-title">{data.title}</div>
      <div className="step-summary">{data.summary}</div>
      {children}
    </div>
  );
}

// Handles exist only so edges have somewhere to attach; the canvas is read-only.
const In = () => <Handle type="target" position={Position.Top} isConnectable={false} />;
const Out = () => <Handle type="source" position={Position.Bottom} isConnectable={false} />;

function TriggerStep({ id, data }: NodeProps<StepNode>) {
  return (
    <StepCard id={id} data={data}>
      <Out />
    </StepCard>
  );
}

function DelayStep({ id, data }: NodeProps<StepNode>) {
  return (
    <StepCard id={id} data={data}>
      <In />
      <Out />
    </StepCard>
  );
}

/** A step with several exits: one handle per exit, spread along the bottom edge. */
function BranchStep({ id, data }: NodeProps<StepNode>) {
  return (
    <StepCard id={id} data={data}>
      <In />
      {data.exits.map((exit, i) => (
        <Handle
          key={exit}
          id={exit}
          type="source"
          position={Position.Bottom}
          isConnectable={false}
          style={{ left: `${((i + 1) / (data.exits.length + 1)) * 100}%` }}
        />
      ))}
    </StepCard>
  );
}

function SendEmailStep({ id, data }: NodeProps<StepNode>) {
  return (
    <StepCard id={id} data={data}>
      <In />
      <Out />
    </StepCard>
  );
}

function ExitStep({ id, data }: NodeProps<StepNode>) {
  return (
    <StepCard id={id} data={data}>
      <In />
    </StepCard>
  );
}

/** A go-to: its one handle carries the dashed edge back to the step it jumps to. */
function GotoStep({ id, data }: NodeProps<StepNode>) {
  return (
    <StepCard id={id} data={data}>
      <In />
      <Handle id="goto" type="source" position={Position.Bottom} isConnectable={false} />
    </StepCard>
  );
}

export const stepNodeTypes = {
  trigger: TriggerStep,
  delay: DelayStep,
  condition: BranchStep,
  sendEmail: SendEmailStep,
  exit: ExitStep,
  waitForEvent: BranchStep,
  split: BranchStep,
  goto: GotoStep,
  waitUntilWindow: DelayStep,
  scheduleTrigger: TriggerStep,
  dateTrigger: TriggerStep,
  inactivityTrigger: TriggerStep,
  delayUntil: DelayStep,
  delayUntilAttribute: BranchStep,
  branch: BranchStep,
  sendMessage: BranchStep,
  updateProfile: DelayStep,
  httpCall: BranchStep,
} satisfies Record<NodeKind, unknown> & NodeTypes;
