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
import {
  type DragEvent,
  type ReactNode,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { type DraftGraph, type DraftProblem, draftProblems } from '../../core/graph-problems.ts';
import type { EventTypeSummary } from '../../core/contract/event-types.ts';
import type { CampaignGraph, GraphNode, NodeKind } from '../../core/graph.ts';
import { layoutWithElk } from '../lib/auto-layout.ts';
import { type Clip, copySelection, pasteClip } from '../lib/clipboard.ts';
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
import { kindSpec, newNode } from '../lib/nodes/index.ts';
import { below, type Box, CARD, freeSpot } from '../lib/placement.ts';
import { useAutosave } from '../lib/use-autosave.ts';
import { useEditorKeys } from '../lib/use-editor-keys.ts';
import { useHistory } from '../lib/use-history.ts';
import { edgeOptions, minimapColour, openingView } from './CampaignCanvas.tsx';
import { edgeTypes } from './ExitEdge.tsx';
import { KIND_MIME, Palette } from './Palette.tsx';
import { EditorToolbar } from './EditorToolbar.tsx';
import { RecordedEventLists, type TemplateChoice } from './Pickers.tsx';
import { NodePanel, SettingsPanel } from './SidePanel.tsx';
import { EditableContext, stepNodeTypes } from './StepNodes.tsx';
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

/** A card's box on the canvas: its measured size, or the size of a card not yet measured. */
const boxOf = (n: StepNode): Box => ({
  ...n.position,
  width: n.measured?.width ?? CARD.width,
  height: n.measured?.height ?? CARD.height,
});

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

  const select = useCallback(
    (id: string) => {
      setNodes((ns) => ns.map((n) => ({ ...n, selected: n.id === id })));
      void flow.fitView({ nodes: [{ id }], duration: 300, maxZoom: 1.2 });
    },
    [flow, setNodes],
  );
  useEffect(() => {
    if (controls) controls.current = { select, flush: save.flush };
  }, [controls, select, save.flush]);

  // A clicked palette item lands under the selected step, or at the first free spot of the view
  // (top left first, where a marketer starts reading), never on a step already there.
  const pane = useRef<HTMLDivElement>(null);
  const placeNew = useCallback(() => {
    const cards = state.current.nodes;
    const chosen = cards.filter((n) => n.selected);
    const rect = pane.current?.getBoundingClientRect();
    const corner = rect ? flow.screenToFlowPosition({ x: rect.left, y: rect.top }) : { x: 0, y: 0 };
    const far = rect
      ? flow.screenToFlowPosition({ x: rect.right, y: rect.bottom })
      : { x: 800, y: 600 };
    const view = { ...corner, width: far.x - corner.x, height: far.y - corner.y };
    const boxes = cards.map(boxOf);
    if (chosen.length === 1) return freeSpot(boxes, below(boxOf(chosen[0]!)));
    const start = { x: view.x + Math.min(80, view.width / 4), y: view.y + 40 };
    return freeSpot(boxes, start, view);
  }, [flow]);

  const addNode = useCallback(
    (kind: NodeKind, position?: { x: number; y: number }) => {
      history.record();
      const node = newNode(kind, new Set(state.current.nodes.map((n) => n.id)));
      const at = position ?? placeNew();
      // Clicked in with one step selected, the new step follows it: the selected step's first
      // exit still open leads to it. A dragged step is placed by hand and connected by hand.
      const chosen = state.current.nodes.filter((n) => n.selected);
      const from = !position && chosen.length === 1 ? chosen[0]! : undefined;
      const used = new Set(
        state.current.edges
          .filter((e) => e.source === from?.id)
          .map((e) => e.sourceHandle ?? 'next'),
      );
      const exit = from?.data.exits.find((x) => !used.has(x));
      setNodes((ns) => [
        ...ns.map((n) => ({ ...n, selected: false })),
        { id: node.id, type: kind, position: at, data: stepData(node), selected: true },
      ]);
      if (from && exit && kindSpec(kind)?.hasInput)
        setEdges((es) => [...es, flowEdge({ from: from.id, to: node.id, exit })]);
    },
    [history, setNodes, setEdges, placeNew],
  );

  const onDrop = (e: DragEvent) => {
    const kind = e.dataTransfer.getData(KIND_MIME) as NodeKind;
    if (!kind) return;
    e.preventDefault();
    // Centre the card under the pointer rather than hang it from its corner.
    const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    addNode(kind, { x: p.x - 110, y: p.y - 30 });
  };

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

  const { onKeyDown, onKeyDownCapture } = useEditorKeys({
    state,
    setNodes,
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

  // Problems drawn on each card: the card's own problem messages.
  const shown = useMemo(() => {
    const by = new Map<string, string[]>();
    for (const p of problems)
      if (p.nodeId)
        by.set(p.nodeId, [
          ...(by.get(p.nodeId) ?? []),
          p.field ? `${p.field}: ${p.message}` : p.message,
        ]);
    const trailOf = (id: string) =>
      trail?.current === id
        ? ('current' as const)
        : trail?.path.includes(id)
          ? ('visited' as const)
          : undefined;
    return nodes.map((n) =>
      by.has(n.id) || n.data.problems || n.data.trail || trailOf(n.id)
        ? { ...n, data: { ...n.data, problems: by.get(n.id), trail: trailOf(n.id) } }
        : n,
    );
  }, [nodes, problems, trail]);

  const selected = nodes.filter((n) => n.selected);
  const one = selected.length === 1 ? selected[0] : undefined;

  const [paletteOpen, setPaletteOpen] = useState(true);
  const [panelOpen, setPanelOpen] = useState(true);

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
          saveStatus={save.status}
        />
        <div
          ref={pane}
          className="canvas editor-canvas"
          data-testid="campaign-canvas"
          data-laid-out
          onDragOver={(e) => e.preventDefault()}
          onDrop={onDrop}
        >
          <ReactFlow<StepNode>
            nodes={shown}
            edges={edges}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            onConnect={onConnect}
            onNodeDragStart={() => history.record()}
            onBeforeDelete={async () => {
              history.record();
              return Promise.resolve(true);
            }}
            isValidConnection={(c) => c.source !== c.target}
            nodeTypes={stepNodeTypes}
            edgeTypes={edgeTypes}
            defaultEdgeOptions={edgeOptions}
            deleteKeyCode={['Backspace', 'Delete']}
            // An empty canvas is not fitted: the view would jump to the first step dropped.
            fitView={initial.nodes.length > 0}
            fitViewOptions={openingView(initial.nodes)}
            minZoom={0.1}
          >
            <Background gap={20} size={1} />
            {nodes.length > 12 && <MiniMap<StepNode> nodeColor={minimapColour} pannable zoomable />}
            <Controls />
            {children && <div className="canvas-overlay">{children}</div>}
            {nodes.length === 0 && (
              <div className="canvas-empty muted">
                Drag a trigger from the palette to start, then the steps that follow; connect an
                exit (the dot under a step) to the next step&apos;s top.
              </div>
            )}
          </ReactFlow>
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
