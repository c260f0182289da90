'use client';
// The segment builder: name, folder and refresh period, the rule tree as nested groups, the live
// count beside it, and Save. A draft with values missing saves too, with its problems listed; an
// unknown field or a wrong operator is refused by the api, which names the condition at fault.
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { EventTypes } from '../../../core/contract/event-types.ts';
import type { Segment, SegmentAnswer } from '../../../core/contract/segments.ts';
import type { CustomFields } from '../../../core/contract/custom-fields.ts';
import { api, ApiError, type FieldProblem } from '../../lib/api.ts';
import { useApi } from '../../lib/use-api.ts';
import { Builder, problemsAt, Problems } from './context.tsx';
import { LivePreview, usePreview } from './LivePreview.tsx';
import { emptyGroup, RuleGroup } from './RuleGroup.tsx';

type Obj = Record<string, unknown>;

export function SegmentEditor({ segment, onSaved }: { segment?: Segment; onSaved?: () => void }) {
  const router = useRouter();
  const [name, setName] = useState(segment?.name ?? '');
  const [folder, setFolder] = useState(segment?.folder ?? '');
  const [description, setDescription] = useState(segment?.description ?? '');
  const [refreshMinutes, setRefreshMinutes] = useState(segment?.refreshMinutes ?? 15);
  const [rules, setRules] = useState<Obj>((segment?.rules as Obj | undefined) ?? emptyGroup());
  const [previewProblems, setPreviewProblems] = useState<FieldProblem[]>([]);
  const [saveProblems, setSaveProblems] = useState<FieldProblem[]>(segment?.problems ?? []);
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<{ kind: 'error' | 'warning' | 'ok'; text: string }>();
  const eventTypes = useApi<EventTypes>('/v1/event-types');
  const customFields = useApi<CustomFields>('/v1/custom-fields?entity=customer');
  const preview = usePreview(rules, setPreviewProblems);
  // What the last save said stays until the rules change and the preview says anew.
  const problems = previewProblems.length > 0 ? previewProblems : saveProblems;

  const save = async () => {
    setSaving(true);
    setMessage(undefined);
    const body = {
      name,
      folder: folder || null,
      description: description || null,
      rules,
      refreshMinutes,
    };
    try {
      const answer = await api<SegmentAnswer>(
        segment ? `/v1/segments/${segment.id}` : '/v1/segments',
        {
          method: segment ? 'PUT' : 'POST',
          body,
        },
      );
      const saved = answer.segment;
      setSaveProblems(saved.problems);
      setMessage(
        saved.problems.length > 0
          ? {
              kind: 'warning',
              text: `Saved as a draft: ${saved.problems.length} value(s) still missing. It is not recalculated until they are filled in.`,
            }
          : {
              kind: 'ok',
              text: `Saved: ${saved.metrics?.profiles.toLocaleString() ?? 0} customers now.`,
            },
      );
      if (!segment) router.replace(`/segments/${saved.id}`);
      else onSaved?.();
    } catch (err) {
      const problems = err instanceof ApiError ? err.problems : [];
      setSaveProblems(problems);
      setMessage({ kind: 'error', text: (err as Error).message });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Builder.Provider
      value={{
        problems,
        eventTypes: eventTypes.data?.eventTypes ?? [],
        customFields: customFields.data?.fields ?? [],
        selfId: segment?.id,
      }}
    >
      <div className="segment-editor">
        <div className="segment-main">
          <div className="card segment-settings">
            <label className="field">
              <span>Name</span>
              <input
                data-testid="segment-name"
                value={name}
                onChange={(e) => setName(e.target.value)}
              />
              <Problems messages={problemsAt(problems, 'name')} testId="segment-name-problems" />
            </label>
            <label className="field">
              <span>Folder</span>
              <input
                data-testid="segment-folder"
                value={folder}
                onChange={(e) => setFolder(e.target.value)}
              />
            </label>
            <label className="field">
              <span>Recalculate every (minutes)</span>
              <input
                type="number"
                min={5}
                max={10080}
                data-testid="segment-refresh-minutes"
                value={refreshMinutes}
                onChange={(e) => setRefreshMinutes(Number(e.target.value))}
              />
              <Problems
                messages={problemsAt(problems, 'refreshMinutes')}
                testId="segment-refresh-problems"
              />
            </label>
            <label className="field segment-description">
              <span>Description</span>
              <input
                data-testid="segment-description"
                value={description}
                onChange={(e) => setDescription(e.target.value)}
              />
            </label>
          </div>
          <RuleGroup path="rules" group={rules} onChange={setRules} />
          {message && (
            <p
              className={`notice ${message.kind === 'ok' ? '' : message.kind}`}
              data-testid="segment-save-message"
            >
              {message.text}
            </p>
          )}
          {saveProblems.length > 0 && (
            <div className="notice warning" data-testid="segment-problem-list">
              Problems to fix:
              <ul>
                {saveProblems.map((p) => (
                  <li key={`${p.field}:${p.message}`}>
                    <span className="mono small">{p.field}</span>: {p.message}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <button
            type="button"
            className="button primary"
            data-testid="segment-save"
            disabled={saving}
            onClick={() => void save()}
          >
            {saving ? 'Saving…' : 'Save segment'}
          </button>
        </div>
        <LivePreview {...preview} />
      </div>
    </Builder.Provider>
  );
}
