'use client';
// Saved blocks (issue 14): the marketer's own "our header" or "our footer", saved from the
// component selected on the canvas (its whole section), listed with the built-in blocks in every
// template, renamed, replaced with a new selection, or deleted.
import { useState } from 'react';
import type { TemplateBlocks } from '../../../core/contract/template-blocks.ts';
import { api } from '../../lib/api.ts';
import { useApi } from '../../lib/use-api.ts';

export function SavedBlocks({
  ready,
  selectionMjml,
  insert,
  onNotice,
}: {
  ready: boolean;
  /** The selected component's section as MJML, or undefined when nothing is selected. */
  selectionMjml: () => string | undefined;
  insert: (mjml: string) => void;
  onNotice: (message: string | undefined) => void;
}) {
  const { data, reload } = useApi<TemplateBlocks>('/v1/template-blocks');
  const [name, setName] = useState('');
  const [managing, setManaging] = useState(false);

  async function act(what: () => Promise<string>) {
    try {
      onNotice(await what());
      reload();
    } catch (err) {
      onNotice((err as Error).message);
    }
  }

  const selection = () => {
    const mjml = selectionMjml();
    if (!mjml) throw new Error('Select a block on the canvas first: its whole section is saved.');
    return mjml;
  };

  const blocks = data?.blocks ?? [];
  return (
    <>
      <div className="toolbar" data-testid="saved-blocks">
        <span className="muted small">Saved blocks:</span>
        {blocks.length === 0 && <span className="muted small">none yet</span>}
        {blocks.map((b) => (
          <button
            key={b.id}
            type="button"
            className="button"
            data-testid="saved-block"
            disabled={!ready}
            onClick={() => insert(b.mjml)}
          >
            + {b.name}
          </button>
        ))}
        <input
          data-testid="saved-block-name"
          placeholder="Name, e.g. Our header"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <button
          type="button"
          className="button"
          data-testid="save-block"
          disabled={!ready || !name.trim()}
          onClick={() =>
            void act(async () => {
              await api('/v1/template-blocks', {
                method: 'POST',
                body: { name: name.trim(), mjml: selection() },
              });
              setName('');
              return `Saved as "${name.trim()}": every template offers it now.`;
            })
          }
        >
          Save selection as block
        </button>
        {blocks.length > 0 && (
          <button
            type="button"
            className="button"
            data-testid="manage-blocks"
            onClick={() => setManaging(!managing)}
          >
            {managing ? 'Done' : 'Edit saved blocks'}
          </button>
        )}
      </div>
      {managing && (
        <ul className="card" data-testid="saved-block-list">
          {blocks.map((b) => (
            <li key={b.id} className="toolbar">
              <input
                aria-label={`Name of ${b.name}`}
                defaultValue={b.name}
                onBlur={(e) => {
                  const next = e.target.value.trim();
                  if (next && next !== b.name)
                    void act(async () => {
                      await api(`/v1/template-blocks/${b.id}`, {
                        method: 'PATCH',
                        body: { name: next },
                      });
                      return `Renamed to "${next}".`;
                    });
                }}
              />
              <button
                type="button"
                className="button"
                onClick={() =>
                  void act(async () => {
                    await api(`/v1/template-blocks/${b.id}`, {
                      method: 'PATCH',
                      body: { mjml: selection() },
                    });
                    return `"${b.name}" now holds the selected section.`;
                  })
                }
              >
                Replace with selection
              </button>
              <button
                type="button"
                className="button danger"
                data-testid="delete-block"
                onClick={() =>
                  void act(async () => {
                    await api(`/v1/template-blocks/${b.id}`, { method: 'DELETE' });
                    return `"${b.name}" deleted; templates that used it keep their copy.`;
                  })
                }
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
