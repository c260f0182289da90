'use client';
// The editor's side panel: the selected step's form, or the campaign settings when no step is
// selected. Both are drawn from field descriptions and show the problems core/ finds in place.
import type { DraftProblem } from '../../core/graph-problems.ts';
import type { GraphNode } from '../../core/graph.ts';
import { setPath } from '../lib/fields.ts';
import type { GraphSettings } from '../lib/graph-to-flow.ts';
import { kindSpec } from '../lib/nodes/index.ts';
import { pruneSettings, settingsFields } from '../lib/settings-fields.ts';
import { FieldForm, type FormContext } from './FieldForm.tsx';
import { KindIcon } from './StepNodes.tsx';

type Obj = Record<string, unknown>;

function byField(problems: DraftProblem[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const p of problems) if (p.field) map.set(p.field, [...(map.get(p.field) ?? []), p.message]);
  return map;
}

export function NodePanel({
  node,
  problems,
  templates,
  eventTypes,
  nodeIds,
  onChange,
  onDelete,
}: {
  node: GraphNode;
  problems: DraftProblem[];
  templates: FormContext['templates'];
  eventTypes: FormContext['eventTypes'];
  nodeIds: string[];
  /** `field` names the edited field, so undo merges keystrokes in one field into one step. */
  onChange: (next: GraphNode, field: string) => void;
  onDelete: () => void;
}) {
  const spec = kindSpec(node.kind);
  const general = problems.filter((p) => !p.field);
  const ctx: FormContext = {
    templates,
    eventTypes,
    nodeIds: nodeIds.filter((id) => id !== node.id),
    problems: byField(problems),
    testId: 'field',
  };
  const change = (path: string, value: unknown) => {
    const next = setPath(node as unknown as Obj, path, value);
    onChange((spec?.tidy ? spec.tidy(next) : next) as unknown as GraphNode, path);
  };
  return (
    <aside className="side-panel" data-testid="node-panel" data-node-id={node.id}>
      <div className="side-panel-header" style={{ ['--kind' as string]: spec?.colour }}>
        <KindIcon kind={node.kind} size={16} />
        <strong>{spec?.label ?? node.kind}</strong>
        <span className="muted small mono">{node.id}</span>
      </div>
      {spec?.hint && <p className="muted small">{spec.hint}</p>}
      {general.length > 0 && (
        <ul className="panel-problems" data-testid="panel-problems">
          {general.map((p) => (
            <li key={p.message}>{p.message}</li>
          ))}
        </ul>
      )}
      <FieldForm
        fields={[{ type: 'text', path: 'label', label: 'Label' }, ...(spec?.fields ?? [])]}
        value={node}
        onChange={change}
        ctx={ctx}
      />
      <button type="button" className="button danger small" onClick={onDelete}>
        Delete step
      </button>
    </aside>
  );
}

export function SettingsPanel({
  settings,
  eventTypes,
  problems,
  onChange,
}: {
  settings: GraphSettings;
  eventTypes: FormContext['eventTypes'];
  problems: DraftProblem[];
  onChange: (next: GraphSettings, field: string) => void;
}) {
  const ctx: FormContext = {
    templates: [],
    eventTypes,
    nodeIds: [],
    problems: byField(problems),
    testId: 'setting',
  };
  return (
    <aside className="side-panel" data-testid="settings-panel">
      <div className="side-panel-header">
        <strong>Campaign settings</strong>
      </div>
      <p className="muted small">
        Select a step to edit it; these rules apply to the whole campaign.
      </p>
      <FieldForm
        fields={settingsFields}
        value={settings}
        onChange={(path, value) => onChange(pruneSettings(setPath(settings, path, value)), path)}
        ctx={ctx}
      />
    </aside>
  );
}
