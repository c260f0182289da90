'use client';
// The campaign editor: palette, canvas and side panel over the draft. The canvas holds React
// Flow state; the definition is derived from it by lib/graph-to-flow.ts, checked by core/ as you
// draw, and saved automatically.
import {
  addEdge,
  Background,
  type Connection,
  Controls,
  type Edge,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  useEdgesState,
  useNodesState,
  useReactFlow,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type DraftGraph, type DraftProblem, draftProblems } from '../../core/graph-problems.ts';
import type { EventTypeSummary } from '../../core/contract/event-types.ts';
import type { CampaignGraph, GraphNode } from '../../core/graph.ts';
import { layoutWithElk } from '../lib/auto-layout.ts';
import { type Clip, copySelection, pasteClip } from '../lib/clipboard.ts';
import { decorateSteps } from '../lib/decorate-steps.ts';
import { type CanvasNode, isFoldEdgeId, isFoldId } from '../lib/folding.ts';
import {
  flowEdge,
  flowToGraph,
  graphSettings,
  graphToFlow,
  type GraphSettings,
  stepData,
  type StepNode,
  withGotoEdges,
} from '../lib/graph-to-flow.ts';
import { useAutosave } from '../lib/use-autosave.ts';
import { useAddStep } from '../lib/use-add-step.ts';
import { useEditorKeys } from '../lib/use-editor-keys.ts';
import { useFoldedLayout } from '../lib/layout-folded.ts';
import { useFolds } from '../lib/use-folds.ts';
import { useHistory } from '../lib/use-history.ts';
import { useStepKeys } from '../lib/use-step-keys.ts';
import { edgeOptions, minimapColour, openingView } from './CampaignCanvas.tsx';
import { edgeTypes } from './ExitEdge.tsx';
import { Palette } from './Palette.tsx';
import { EditorToolbar } from './EditorToolbar.tsx';
import { canvasNodeTypes, FoldContext, FoldControls } from './FoldCard.tsx';
import { RecordedEventLists, type TemplateChoice } from './Pickers.tsx';
import { NodePanel, SettingsPanel } from './SidePanel.tsx';
import { focusCard, StepAnnouncer } from './StepAnnouncer.tsx';
import { EditableContext } from './StepNodes.tsx';
import type { JourneyTrail } from './TestRun.tsx';

type Snapshot = { nodes: StepNode[]; edges: Edge[]; settings: GraphSettings };

export interface EditorProps {
  campaignId: string;
  draft: DraftGraph;
  /** The campaign's updatedAt as loaded: autosave refuses to overwrite a newer draft. */
  updatedAt: string;
  templates: TemplateChoice[];
  /** Event types Herald has recorded, offered by the event pickers (undefined while loading). */
  eventTypes?: EventTypeSummary[];
  /** The problems list, selecting a node on click, is drawn by the page from these. */
  onProblems?: (problems: DraftProblem[]) => void;
  /** Lets the page select a node (a problem link) and save before publishing. */
  controls?: React.RefObject<EditorControls | null>;
  /** Drawn over the canvas's top left corner (the problems list), so the canvas never moves. */
  children?: ReactNode;
  /** A test run's journey, drawn on the cards it passed and the one it stands at. */
  trail?: JourneyTrail;
}

export interface EditorControls {
  select: (nodeId: string) => void;
  flush: () => Promise<void>;
}

export function CampaignEditor(props: EditorProps) {
  return (
    <ReactFlowProvider>
      <EditableContext.Provider value>
        <Editor {...props} />
      </EditableContext.Provider>
    </ReactFlowProvider>
  );
}

function Editor({
  campaignId,
  draft,
  updatedAt,
  templates,
  eventTypes,
  onProblems,
  controls,
  children,
  trail,
}: EditorProps) {
  const initial = useMemo(() => graphToFlow(draft as CampaignGraph), [draft]);
  const [nodes, setNodes, onNodesChange] = useNodesState<StepNode>(initial.nodes);
  const [edges, setEdges, onEdgesChange] = useEdgesState<Edge>(initial.edges);
  const [settings, setSettings] = useState<GraphSettings>(() =>
    graphSettings(draft as CampaignGraph),
  );
  const flow = useReactFlow<StepNode>();
  const clipboard = useRef<Clip | undefined>(undefined);

  const graph = useMemo(() => flowToGraph(nodes, edges, settings), [nodes, edges, settings]);
  const problems = useMemo(() => draftProblems(graph as DraftGraph), [graph]);
  useEffect(() => onProblems?.(problems), [problems, onProblems]);
  const save = useAutosave(campaignId, graph, updatedAt);

  // Snapshots for undo: read through a ref so `record` keeps one identity.
  const state = useRef<Snapshot>({ nodes, edges, settings });
  state.current = { nodes, edges, settings };
  const history = useHistory<Snapshot>(
    useCallback(() => state.current, []),
    useCallback(
      (s: Snapshot) => {
        setNodes(s.nodes);
        setEdges(s.edges);
        setSettings(s.settings);
      },
      [setNodes, setEdges],
    ),
  );

  const reveal = useRef<(id: string) => void>(() => {});
  const select = useCallback(
    (id: string) => {
      // A step inside a folded branch or group (a problem's link) is unfolded to be shown.
      reveal.current(id);
      setNodes((ns) => ns.map((n) => ({ ...n, selected: n.id === id })));
      window.requestAnimationFrame(
        () => void flow.fitView({ nodes: [{ id }], duration: 300, maxZoom: 1.2 }),
      );
    },
    [flow, setNodes],
  );
  useEffect(() => {
    if (controls) controls.current = { select, flush: save.flush };
  }, [controls, select, save.flush]);

  const pane = useRef<HTMLDivElement>(null);
  const { addNode, onDrop } = useAddStep({ state, pane, history, setNodes, setEdges });

  const updateNode = useCallback(
    (next: GraphNode, field: string) => {
      history.record(`${next.id}:${field}`);
      const data = stepData(next);
      const nextNodes = state.current.nodes.map((n) => (n.id === next.id ? { ...n, data } : n));
      setNodes(nextNodes);
      // Exits a step no longer has (a variant renamed or removed) lose their edges.
      setEdges((es) =>
        withGotoEdges(
          nextNodes,
          es.filter(
            (e) =>
              e.source !== next.id ||
              e.sourceHandle === 'goto' ||
              data.exits.includes(e.sourceHandle ?? 'next'),
          ),
        ),
      );
    },
    [history, setNodes, setEdges],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      history.record();
      if (c.sourceHandle === 'goto') {
        const node = state.current.nodes.find((n) => n.id === c.source)?.data.node;
        if (node?.kind === 'goto') updateNode({ ...node, target: c.target }, 'target');
        return;
      }
      const exit = c.sourceHandle ?? 'next';
      // One edge per exit: connecting an exit again moves its edge.
      setEdges((es) =>
        addEdge(
          flowEdge({ from: c.source, to: c.target, exit }),
          es.filter((e) => !(e.source === c.source && (e.sourceHandle ?? 'next') === exit)),
        ),
      );
    },
    [history, setEdges, updateNode],
  );

  const paste = () => {
    const clip = clipboard.current;
    if (!clip || clip.nodes.length === 0) return;
    history.record();
    const next = pasteClip(nodes, edges, clip);
    setNodes(next.nodes);
    setEdges(next.edges);
  };

  const { onKeyDown } = useEditorKeys({
    history,
    copy: () => {
      clipboard.current = copySelection(nodes, edges);
    },
    paste,
  });

  const fit = useCallback(() => void flow.fitView({ padding: 0.1, duration: 300 }), [flow]);
  // Fitting must wait until React Flow holds the nodes at their new places: after the render
  // that gave them, and a frame for React Flow's own store to follow.
  const fitAfterRender = useRef(false);
  useEffect(() => {
    if (!fitAfterRender.current) return;
    fitAfterRender.current = false;
    window.requestAnimationFrame(fit);
  }, [nodes, fit]);
  const tidy = async () => {
    history.record();
    const laid = await layoutWithElk(state.current.nodes, state.current.edges);
    fitAfterRender.current = true;
    setNodes(laid);
  };

  // Problems drawn on each card (the card's own messages) and a test run's trail.
  const shown = useMemo(() => decorateSteps(nodes, problems, trail), [nodes, problems, trail]);
  // Folded branches and groups drawn as one card each, kept per campaign in this browser.
  const { view: folded, folding } = useFolds(campaignId, shown, edges);
  // With folds, what is drawn is laid out again; the draft keeps the steps' own positions.
  const compact = useFoldedLayout(folded, folding.folds.length > 0);
  const view = useMemo(() => ({ ...folded, nodes: compact.nodes }), [folded, compact.nodes]);
  reveal.current = folding.reveal;
  const drawn = useRef(view);
  drawn.current = view;

  const selected = nodes.filter((n) => n.selected);
  const one = selected.length === 1 ? selected[0] : undefined;

  const [paletteOpen, setPaletteOpen] = useState(true);
  const [panelOpen, setPanelOpen] = useState(true);

  // Keys between steps: the selection moves along what is drawn, and the focus with it.
  const current = folding.selected ?? one?.id;
  const onKeyDownCapture = useStepKeys({
    view: drawn,
    selected: () => current,
    select: (id) => {
      folding.select(isFoldId(id) ? id : undefined);
      setNodes((ns) => ns.map((n) => ({ ...n, selected: n.id === id })));
      focusCard(pane.current, id);
    },
    open: () => {
      setPanelOpen(true);
      window.requestAnimationFrame(() =>
        document.querySelector<HTMLElement>('[data-testid=node-panel] :is(input, select)')?.focus(),
      );
    },
    close: () => {
      setPanelOpen(false);
      if (current) focusCard(pane.current, current);
    },
    unfold: folding.unfold,
  });
  // Steps removed (Delete) lose their edges, also those hidden inside a fold that React Flow,
  // which sees only the fold card's edge, does not remove itself.
  const onCanvasNodesChange = (changes: Parameters<typeof folding.take>[0]) => {
    const steps = folding.take(compact.moved(changes));
    const removed = new Set(steps.flatMap((c) => (c.type === 'remove' ? [c.id] : [])));
    onNodesChange(steps);
    if (removed.size === 0) return;
    setEdges((es) => es.filter((e) => !removed.has(e.source) && !removed.has(e.target)));
    // The removed card had the focus: the canvas keeps it, so Ctrl+Z and the arrows still work.
    pane.current?.focus({ preventScroll: true });
  };

  return (
    <div
      className="editor"
      data-testid="editor"
      onKeyDown={onKeyDown}
      onKeyDownCapture={onKeyDownCapture}
    >
      <Palette onAdd={(kind) => addNode(kind)} collapsed={!paletteOpen} />
      <RecordedEventLists eventTypes={eventTypes ?? []} />
      <div className="editor-main">
        <EditorToolbar
          paletteOpen={paletteOpen}
          onPalette={() => setPaletteOpen((o) => !o)}
          panelOpen={panelOpen}
          onPanel={() => setPanelOpen((o) => !o)}
          history={history}
          onTidy={() => void tidy()}
          onFit={fit}
          onGroup={
            selected.length > 1
              ? () => {
                  folding.group(selected.map((n) => n.id));
                  setNodes((ns) => ns.map((n) => ({ ...n, selected: false })));
                }
              : undefined
          }
          saveStatus={save.status}
        />
        <div
          ref={pane}
          className="canvas editor-canvas"
          data-testid="campaign-canvas"
          data-laid-out={compact.settled}
          tabIndex={0}
          role="group"
          aria-label="Campaign steps: arrow keys move between them, Enter opens one, Delete removes it"
          onDragOver={(e) => e.preventDefault()}
          onDrop={onDrop}
        >
          <FoldContext.Provider value={folding}>
            <ReactFlow<CanvasNode>
              nodes={view.nodes}
              edges={view.edges}
              onNodesChange={onCanvasNodesChange}
              onEdgesChange={(cs) =>
                onEdgesChange(cs.filter((c) => !('id' in c) || !isFoldEdgeId(c.id)))
              }
              onConnect={onConnect}
              onNodeDragStart={() => history.record()}
              onBeforeDelete={async () => {
                history.record();
                return Promise.resolve(true);
              }}
              isValidConnection={(c) => c.source !== c.target}
              nodeTypes={canvasNodeTypes}
              edgeTypes={edgeTypes}
              defaultEdgeOptions={edgeOptions}
              deleteKeyCode={['Backspace', 'Delete']}
              // An empty canvas is not fitted: the view would jump to the first step dropped.
              fitView={initial.nodes.length > 0}
              fitViewOptions={openingView(view.nodes)}
              minZoom={0.1}
            >
              <Background gap={20} size={1} />
              {nodes.length > 12 && (
                <MiniMap<CanvasNode> nodeColor={minimapColour} pannable zoomable />
              )}
              <Controls />
              <FoldControls />
              {children && <div className="canvas-overlay">{children}</div>}
              {nodes.length === 0 && (
                <div className="canvas-empty muted">
                  Drag a trigger from the palette to start, then the steps that follow; connect an
                  exit (the dot under a step) to the next step&apos;s top.
                </div>
              )}
            </ReactFlow>
          </FoldContext.Provider>
          <StepAnnouncer nodes={view.nodes} edges={view.edges} selected={current} />
        </div>
      </div>
      {!panelOpen ? null : one ? (
        <NodePanel
          key={one.id}
          node={{ ...one.data.node, id: one.id }}
          problems={problems.filter((p) => p.nodeId === one.id)}
          templates={templates}
          eventTypes={eventTypes}
          nodeIds={nodes.map((n) => n.id)}
          onChange={updateNode}
          onDelete={() => void flow.deleteElements({ nodes: [{ id: one.id }] })}
        />
      ) : (
        <SettingsPanel
          settings={settings}
          eventTypes={eventTypes}
          problems={problems.filter((p) => !p.nodeId)}
          onChange={(next, field) => {
            history.record(`settings:${field}`);
            setSettings(next);
          }}
        />
      )}
    </div>
  );
}
