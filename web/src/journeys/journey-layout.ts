import type { JourneyDefinition } from "../api/contract.js";
import { ENTRY_NODE, outputsOf } from "./journey-graph.js";

export const NODE_WIDTH = 230;
const COLUMN = NODE_WIDTH + 50;
const ROW = 170;

export interface Point {
  x: number;
  y: number;
}

/**
 * A layered layout, top to bottom: the entry on top, every step one row below the lowest of
 * the steps leading to it (links back up a loop are ignored), steps nobody reaches in a row
 * of their own at the bottom. Within a row, steps sit under the mean position of their parents.
 */
export function layoutJourney(def: JourneyDefinition): Map<string, Point> {
  const children = new Map<string, string[]>();
  children.set(ENTRY_NODE, def.steps[def.start] ? [def.start] : []);
  for (const [id, step] of Object.entries(def.steps)) {
    children.set(
      id,
      outputsOf(step)
        .map((o) => o.target)
        .filter((t) => t !== "" && def.steps[t] !== undefined),
    );
  }

  // Depth-first from the entry: an edge to a step still on the stack closes a loop.
  const order: string[] = [];
  const state = new Map<string, "open" | "done">();
  const back = new Set<string>();
  const visit = (id: string) => {
    state.set(id, "open");
    for (const child of children.get(id) ?? []) {
      const s = state.get(child);
      if (s === "open") back.add(`${id}>${child}`);
      else if (s === undefined) visit(child);
    }
    state.set(id, "done");
    order.push(id);
  };
  visit(ENTRY_NODE);
  order.reverse(); // a topological order of the graph without back edges

  const layer = new Map<string, number>([[ENTRY_NODE, 0]]);
  // Each parent pulls its children towards the side of the output they hang on.
  const parents = new Map<string, { id: string; shift: number }[]>();
  for (const id of order) {
    const kids = children.get(id) ?? [];
    kids.forEach((child, i) => {
      if (back.has(`${id}>${child}`)) return;
      layer.set(child, Math.max(layer.get(child) ?? 0, (layer.get(id) ?? 0) + 1));
      const shift = (i - (kids.length - 1) / 2) * COLUMN;
      parents.set(child, [...(parents.get(child) ?? []), { id, shift }]);
    });
  }
  const deepest = Math.max(0, ...layer.values());
  const unreached = Object.keys(def.steps).filter((id) => !layer.has(id));
  for (const id of unreached) layer.set(id, deepest + 1);

  const rows: string[][] = [];
  for (const id of [ENTRY_NODE, ...order.filter((id) => id !== ENTRY_NODE), ...unreached]) {
    const l = layer.get(id) ?? 0;
    (rows[l] ??= []).push(id);
  }
  const positions = new Map<string, Point>();
  rows.forEach((row, l) => {
    const wanted = row.map((id) => {
      const xs = (parents.get(id) ?? [])
        .map((p) => {
          const at = positions.get(p.id);
          return at === undefined ? undefined : at.x + p.shift;
        })
        .filter((x): x is number => x !== undefined);
      return { id, x: xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : 0 };
    });
    wanted.sort((a, b) => a.x - b.x);
    // Centre the row under its parents, side by side in the order of their parents.
    const mean = wanted.reduce((a, w) => a + w.x, 0) / Math.max(1, wanted.length);
    const left = mean - ((wanted.length - 1) * COLUMN) / 2;
    wanted.forEach((w, i) => positions.set(w.id, { x: left + i * COLUMN, y: l * ROW }));
  });
  return positions;
}
