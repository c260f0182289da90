'use client';
// The visual email editor (issue 14): GrapesJS with grapesjs-mjml, bundled and served by Herald
// (no CDN). Blocks are added with a click, edited in place on the canvas, and the MJML code view
// shows and takes back the whole template. The variable picker adds Liquid to the selected
// block; images are uploaded to Herald, which serves them to mail clients.
import 'grapesjs/dist/css/grapes.min.css';
import type { Component, Editor } from 'grapesjs';
import { useEffect, useRef, useState } from 'react';
import { EMAIL_BLOCKS } from '../../lib/email-blocks.ts';
import { sayError } from '../../lib/error-words.ts';
import { VariablePicker } from '../VariablePicker.tsx';
import { SavedBlocks } from './SavedBlocks.tsx';

export interface EmailEditorHandle {
  /** The template as MJML, as the canvas holds it now. */
  mjml(): string;
}

/** Uploads an image to Herald; the URL it answers is what emails load. */
async function upload(file: File): Promise<string> {
  const res = await fetch(`/api/v1/images?name=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': file.type },
    body: file,
  });
  const body = (await res.json()) as { image?: { url: string }; error?: { message: string } };
  if (!res.ok || !body.image)
    throw new Error(body.error?.message ?? `upload failed (${res.status})`);
  return body.image.url;
}

/** The text block a variable goes into: the selected block's first mj-text, or the selection. */
function textTarget(selected: Component | undefined): Component | undefined {
  if (!selected) return undefined;
  if (selected.get('type') === 'mj-text') return selected;
  return selected.findType('mj-text')[0] ?? selected.closestType('mj-text') ?? undefined;
}

export function EmailEditor({
  initial,
  onReady,
}: {
  initial: string;
  onReady: (handle: EmailEditorHandle) => void;
}) {
  const container = useRef<HTMLDivElement>(null);
  const editorRef = useRef<Editor | undefined>(undefined);
  const [ready, setReady] = useState(false);
  const [code, setCode] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const [{ default: grapesjs }, { default: mjmlPlugin }] = await Promise.all([
        import('grapesjs'),
        import('grapesjs-mjml'),
      ]);
      if (cancelled || !container.current) return;
      const editor = grapesjs.init({
        container: container.current,
        height: '640px',
        storageManager: false,
        fromElement: false,
        // The blocks are Herald's own buttons above the canvas; the plugin's are not shown.
        plugins: [(e: Editor) => mjmlPlugin(e, { blocks: [] })],
        components: initial,
        assetManager: {
          uploadFile: async (e: DragEvent | Event) => {
            const files =
              (e as DragEvent).dataTransfer?.files ?? (e.target as HTMLInputElement).files;
            for (const file of Array.from(files ?? [])) {
              try {
                editor.AssetManager.add({ src: await upload(file), name: file.name });
              } catch (err) {
                setNotice(sayError(err));
              }
            }
          },
        },
      });
      editorRef.current = editor;
      onReady({ mjml: () => editor.getHtml() });
      setReady(true);
    })();
    return () => {
      cancelled = true;
      editorRef.current?.destroy();
      editorRef.current = undefined;
    };
    // The editor is made once; the saved template is its starting point only.
  }, []);

  function addBlock(mjml: string) {
    const editor = editorRef.current;
    // grapesjs-mjml gives each MJML tag a component type of its name.
    const body = editor?.getWrapper()?.findType('mj-body')[0];
    if (!editor || !body) return;
    const added = body.append(mjml);
    if (added[0]) editor.select(added[0]);
  }

  /** The selected component's whole section (or wrapper) as MJML, for a saved block. */
  function selectionMjml(): string | undefined {
    const selected = editorRef.current?.getSelected();
    if (!selected) return undefined;
    const type = selected.get('type');
    const section =
      type === 'mj-section' || type === 'mj-wrapper'
        ? selected
        : (selected.closestType('mj-section') ?? selected.closestType('mj-wrapper'));
    return section?.toHTML();
  }

  function insertVariable(example: string) {
    const editor = editorRef.current;
    const target = textTarget(editor?.getSelected());
    if (!target) {
      setNotice('Select a text block first, then insert the variable into it.');
      return;
    }
    // A non-breaking space: the editor trims an ordinary one at the start of a text node.
    target.append(`\u00a0${example}`);
    setNotice(undefined);
  }

  function applyCode() {
    const editor = editorRef.current;
    if (!editor || code === undefined) return;
    editor.setComponents(code);
    setCode(undefined);
  }

  return (
    <div className="email-editor">
      <div className="toolbar" data-testid="email-blocks">
        {EMAIL_BLOCKS.map((b) => (
          <button
            key={b.id}
            type="button"
            className="button"
            data-testid={`block-${b.id}`}
            disabled={!ready}
            onClick={() => addBlock(b.mjml)}
          >
            + {b.label}
          </button>
        ))}
      </div>
      <SavedBlocks
        ready={ready}
        selectionMjml={selectionMjml}
        insert={addBlock}
        onNotice={setNotice}
      />
      <div className="toolbar">
        <VariablePicker
          onInsert={insertVariable}
          disabled={!ready}
          insertLabel="Insert into selected text"
        />
        <button
          type="button"
          className="button"
          data-testid="code-view"
          disabled={!ready}
          onClick={() => setCode(code === undefined ? editorRef.current?.getHtml() : undefined)}
        >
          {code === undefined ? 'MJML code' : 'Back to the canvas'}
        </button>
        <label className="button">
          Upload image
          <input
            type="file"
            accept="image/png,image/jpeg,image/gif,image/webp"
            hidden
            data-testid="image-upload"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file)
                upload(file).then(
                  (url) => {
                    editorRef.current?.AssetManager.add({ src: url, name: file.name });
                    addBlock(
                      `<mj-section><mj-column><mj-image src="${url}" alt=""></mj-image></mj-column></mj-section>`,
                    );
                    setNotice('Image uploaded: describe it in its alt text.');
                  },
                  (err: unknown) => setNotice(sayError(err)),
                );
            }}
          />
        </label>
      </div>
      {notice && <p className="notice">{notice}</p>}
      {code !== undefined && (
        <div className="card">
          <textarea
            data-testid="mjml-code"
            className="mono"
            rows={18}
            style={{ width: '100%' }}
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
          <button
            type="button"
            className="button primary"
            data-testid="apply-code"
            onClick={applyCode}
          >
            Apply to the canvas
          </button>
        </div>
      )}
      <div ref={container} data-testid="email-canvas" hidden={code !== undefined} />
    </div>
  );
}
