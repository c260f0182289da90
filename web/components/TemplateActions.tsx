'use client';
// Save draft and Publish, the same for every channel's editor: publishing saves first, then
// makes the draft the revision campaigns published from now on send.
import { api } from '../lib/api.ts';

export function TemplateActions({
  templateId,
  save,
  act,
}: {
  templateId: string;
  save: () => Promise<void>;
  /** Runs the action and shows what it answers (or its error). */
  act: (what: () => Promise<string>) => void;
}) {
  return (
    <>
      <button
        type="button"
        className="button"
        data-testid="save-template"
        onClick={() => act(async () => (await save(), 'Draft saved'))}
      >
        Save draft
      </button>
      <button
        type="button"
        className="button primary"
        data-testid="publish-template"
        onClick={() =>
          act(async () => {
            await save();
            const res = await api<{ revision: { revision: number } }>(
              `/v1/templates/${templateId}/publish`,
              { method: 'POST', body: {} },
            );
            return `Published as revision ${res.revision.revision}: campaigns published from now on send it`;
          })
        }
      >
        Publish
      </button>
    </>
  );
}

/** The sample triggering event's properties a preview renders with, as JSON. */
export function SampleEvent({
  value,
  onChange,
  rows = 5,
}: {
  value: string;
  onChange: (value: string) => void;
  rows?: number;
}) {
  return (
    <label className="small muted">
      Sample event properties (for {'{{ event.properties.* }}'} and loops over its items)
      <textarea
        data-testid="preview-event"
        className="mono"
        rows={rows}
        style={{ width: '100%' }}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}
