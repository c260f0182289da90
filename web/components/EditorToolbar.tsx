'use client';
// The editor's toolbar: fold the palette, undo and redo, tidy up, fit the view, fold the selected
// steps into a group, the save status, and fold the side panel.

export function EditorToolbar({
  paletteOpen,
  onPalette,
  panelOpen,
  onPanel,
  history,
  onTidy,
  onFit,
  onGroup,
  saveStatus,
}: {
  paletteOpen: boolean;
  onPalette: () => void;
  panelOpen: boolean;
  onPanel: () => void;
  history: { undo: () => void; redo: () => void; canUndo: boolean; canRedo: boolean };
  onTidy: () => void;
  onFit: () => void;
  /** Folds the selected steps into one card; undefined unless two or more are selected. */
  onGroup?: () => void;
  saveStatus: string;
}) {
  return (
    <div className="editor-toolbar">
      <button
        type="button"
        className="button ghost small"
        data-testid="toggle-palette"
        aria-pressed={paletteOpen}
        title={paletteOpen ? 'Hide the step names (icons stay)' : 'Show the step names'}
        onClick={onPalette}
      >
        {paletteOpen ? '⇤ Steps' : '⇥ Steps'}
      </button>
      {[
        {
          id: 'undo',
          label: 'Undo',
          keys: 'Ctrl+Z',
          run: history.undo,
          enabled: history.canUndo,
        },
        {
          id: 'redo',
          label: 'Redo',
          keys: 'Ctrl+Shift+Z',
          run: history.redo,
          enabled: history.canRedo,
        },
        {
          id: 'tidy',
          label: 'Tidy up',
          keys: 'lay the steps out',
          run: onTidy,
          enabled: true,
        },
        { id: 'fit', label: 'Fit view', keys: 'show every step', run: onFit, enabled: true },
        {
          id: 'group',
          label: 'Fold into group',
          keys: 'draw the selected steps as one card (Ctrl+click or Shift+drag selects several)',
          run: () => onGroup?.(),
          enabled: !!onGroup,
        },
      ].map((tool) => (
        <button
          key={tool.id}
          type="button"
          className="button ghost small"
          onClick={tool.run}
          disabled={!tool.enabled}
          title={tool.keys}
          data-testid={tool.id}
        >
          {tool.label}
        </button>
      ))}
      <span
        className="muted small"
        title="Ctrl+C / Ctrl+V copy and paste the selected steps; Delete removes them"
      >
        Ctrl+C, Ctrl+V, Delete ·
      </span>
      <span className="muted small" data-testid="save-status">
        {saveStatus}
      </span>
      <button
        type="button"
        className="button ghost small toolbar-end"
        data-testid="toggle-panel"
        aria-pressed={panelOpen}
        onClick={onPanel}
      >
        {panelOpen ? 'Hide panel ⇥' : '⇤ Show panel'}
      </button>
    </div>
  );
}
