import {
  Background,
  Controls,
  MarkerType,
  ReactFlow,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useEffect, useMemo } from "react";
import type { JourneyDefinition, JourneyStats } from "../api/contract.js";
import { useI18n } from "../i18n/i18n.js";
import { ENTRY_NODE, outputsOf, type Output } from "./journey-graph.js";
import { layoutJourney } from "./journey-layout.js";
import { nodeTypes, type EntryNode, type StepNode } from "./journey-nodes.js";
import { outputLabel } from "./journey-text.js";

interface JourneyCanvasProps {
  definition: JourneyDefinition;
  selected: string | undefined;
  stats: JourneyStats | undefined;
  /** The node an error names, and what it says. */
  fault: { node: string; message: string } | undefined;
  readOnly: boolean;
  onSelect: (node: string | undefined) => void;
  onConnect: (source: string, handle: string, target: string) => void;
}

/** The journey as a flow graph, laid out top to bottom; edges are the steps' outputs. */
export function JourneyCanvas({
  definition,
  selected,
  stats,
  fault,
  readOnly,
  onSelect,
  onConnect,
}: JourneyCanvasProps) {
  const { t } = useI18n();
  const flow = useReactFlow();

  const positions = useMemo(() => layoutJourney(definition), [definition]);
  const structure = [...positions.keys()].join("|");

  const nodes = useMemo<(StepNode | EntryNode)[]>(() => {
    const entry: EntryNode = {
      id: ENTRY_NODE,
      type: "entry",
      position: positions.get(ENTRY_NODE) ?? { x: 0, y: 0 },
      data: {
        definition,
        totals: stats?.totals,
        error: fault?.node === ENTRY_NODE ? fault.message : undefined,
      },
      selected: selected === ENTRY_NODE,
      deletable: false,
    };
    const steps = Object.entries(definition.steps).map(([id, step]): StepNode => ({
      id,
      type: "step",
      position: positions.get(id) ?? { x: 0, y: 0 },
      data: {
        stepId: id,
        step,
        isStart: definition.start === id,
        counts: stats?.steps[id],
        error: fault?.node === id ? fault.message : undefined,
      },
      selected: selected === id,
      deletable: false,
    }));
    return [entry, ...steps];
  }, [definition, positions, selected, stats, fault]);

  const edges = useMemo<Edge[]>(() => {
    const edgeOf = (source: string, output: Output): Edge => ({
      id: `${source}:${output.handle}`,
      source,
      sourceHandle: output.handle,
      target: output.target,
      targetHandle: "in",
      label: output.kind === "next" || output.kind === "start" ? undefined : outputLabel(output, t),
      markerEnd: { type: MarkerType.ArrowClosed },
      deletable: !readOnly,
      className: `edge-${output.kind}`,
    });
    const list: Edge[] = [];
    if (definition.steps[definition.start]) {
      list.push(edgeOf(ENTRY_NODE, { handle: "start", kind: "start", target: definition.start }));
    }
    for (const [id, step] of Object.entries(definition.steps)) {
      for (const output of outputsOf(step)) {
        if (output.target && definition.steps[output.target]) list.push(edgeOf(id, output));
      }
    }
    return list;
  }, [definition, readOnly, t]);

  // Fit the graph into view when steps come or go, not on every settings change.
  useEffect(() => {
    const frame = requestAnimationFrame(() => void flow.fitView({ padding: 0.15, maxZoom: 1 }));
    return () => cancelAnimationFrame(frame);
  }, [structure, flow]);

  const connect = (connection: Connection) => {
    if (!connection.sourceHandle || connection.target === ENTRY_NODE) return;
    onConnect(connection.source, connection.sourceHandle, connection.target);
  };
  const changeEdges = (changes: EdgeChange[]) => {
    for (const change of changes) {
      if (change.type !== "remove") continue;
      const [source, handle] = splitEdgeId(change.id);
      if (source !== undefined && handle !== undefined) onConnect(source, handle, "");
    }
  };

  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      nodesDraggable={false}
      nodesConnectable={!readOnly}
      edgesFocusable={!readOnly}
      onConnect={connect}
      onEdgesChange={changeEdges}
      onNodeClick={(_, node) => onSelect(node.id)}
      onPaneClick={() => onSelect(undefined)}
      isValidConnection={(c) => c.target !== ENTRY_NODE && c.source !== c.target}
      deleteKeyCode={readOnly ? null : ["Backspace", "Delete"]}
      fitView
      minZoom={0.2}
      maxZoom={1.5}
    >
      <Background gap={20} />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}

function splitEdgeId(id: string): [string | undefined, string | undefined] {
  const at = id.lastIndexOf(":");
  if (at < 0) return [undefined, undefined];
  return [id.slice(0, at), id.slice(at + 1)];
}
