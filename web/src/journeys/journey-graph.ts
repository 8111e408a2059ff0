import type { JourneyDefinition, JourneyStep } from "../api/contract.js";

/** The id of the entry node in the graph; not a step id (step ids have no colon). */
export const ENTRY_NODE = "entry:";

export type StepType = JourneyStep["type"];
export const stepTypes: readonly StepType[] = [
  "wait",
  "wait_until_time",
  "wait_for_event",
  "branch",
  "split",
  "send",
  "update_trait",
  "hand_over",
  "exit",
];

/** What an output of a step means: the handle id says which field of the step it writes. */
export type OutputKind =
  "start" | "next" | "onEvent" | "onTimeout" | "path" | "otherwise" | "variant";

export interface Output {
  /** The handle id: "next", "onEvent", "onTimeout", "otherwise", "path-0", "variant-1", "start". */
  handle: string;
  kind: OutputKind;
  /** Position in `paths` or `variants`. */
  index?: number;
  /** A split variant's name. */
  name?: string;
  /** The step it leads to; "" while not connected. */
  target: string;
  /** May stay unconnected (a hand-over may end the run). */
  optional?: boolean;
}

/** The outputs of a step, in the order they are drawn from left to right. */
export function outputsOf(step: JourneyStep): Output[] {
  switch (step.type) {
    case "wait":
    case "wait_until_time":
    case "send":
    case "update_trait":
      return [{ handle: "next", kind: "next", target: step.next ?? "" }];
    case "hand_over":
      return [{ handle: "next", kind: "next", target: step.next ?? "", optional: true }];
    case "wait_for_event":
      return [
        { handle: "onEvent", kind: "onEvent", target: step.onEvent ?? "" },
        { handle: "onTimeout", kind: "onTimeout", target: step.onTimeout ?? "" },
      ];
    case "branch":
      return [
        ...step.paths.map((p, index) => ({
          handle: `path-${index}`,
          kind: "path" as const,
          index,
          target: p.next ?? "",
        })),
        { handle: "otherwise", kind: "otherwise", target: step.otherwise ?? "" },
      ];
    case "split":
      return step.variants.map((v, index) => ({
        handle: `variant-${index}`,
        kind: "variant" as const,
        index,
        name: v.name,
        target: v.next ?? "",
      }));
    case "exit":
      return [];
  }
}

/** The step with one output pointed at `target` ("" disconnects it). */
export function withOutput(step: JourneyStep, handle: string, target: string): JourneyStep {
  const indexOf = (prefix: string) => Number(handle.slice(prefix.length));
  switch (step.type) {
    case "wait":
    case "wait_until_time":
    case "send":
    case "update_trait":
      return handle === "next" ? { ...step, next: target } : step;
    case "hand_over":
      return handle === "next" ? { ...step, next: target || undefined } : step;
    case "wait_for_event":
      if (handle === "onEvent") return { ...step, onEvent: target };
      if (handle === "onTimeout") return { ...step, onTimeout: target };
      return step;
    case "branch":
      if (handle === "otherwise") return { ...step, otherwise: target };
      if (handle.startsWith("path-")) {
        const i = indexOf("path-");
        return { ...step, paths: step.paths.map((p, j) => (j === i ? { ...p, next: target } : p)) };
      }
      return step;
    case "split":
      if (handle.startsWith("variant-")) {
        const i = indexOf("variant-");
        return {
          ...step,
          variants: step.variants.map((v, j) => (j === i ? { ...v, next: target } : v)),
        };
      }
      return step;
    case "exit":
      return step;
  }
}

/** Connects an output of a step (or the entry's "start") to a step. */
export function connect(
  def: JourneyDefinition,
  source: string,
  handle: string,
  target: string,
): JourneyDefinition {
  if (source === ENTRY_NODE) return { ...def, start: target };
  const step = def.steps[source];
  if (!step) return def;
  return { ...def, steps: { ...def.steps, [source]: withOutput(step, handle, target) } };
}

/** A new step of a type with sensible settings and no outputs connected yet. */
export function newStep(type: StepType, brandId = ""): JourneyStep {
  switch (type) {
    case "wait":
      return { type, duration: { days: 1 }, next: "" };
    case "wait_until_time":
      return { type, time: "09:00", next: "" };
    case "wait_for_event":
      return { type, event: "", where: [], timeout: { days: 3 }, onEvent: "", onTimeout: "" };
    case "branch":
      return {
        type,
        paths: [{ when: [{ type: "trait", path: "", op: "exists" }], next: "" }],
        otherwise: "",
      };
    case "split":
      return {
        type,
        variants: [
          { name: "A", weight: 50, next: "", control: false },
          { name: "B", weight: 50, next: "", control: false },
        ],
      };
    case "send":
      // Fields the schema defaults (e.g. `transactional`) are filled in by the server.
      return {
        type,
        channel: "email",
        brandId,
        templateId: "",
        purpose: "email_marketing",
        next: "",
      } as JourneyStep;
    case "update_trait":
      return { type, trait: "", value: "", next: "" };
    case "hand_over":
      return { type, journeyId: "" };
    case "exit":
      return { type };
  }
}

/** A free step id like "send-2". */
export function freeStepId(def: JourneyDefinition, type: StepType): string {
  const base = type.replace(/_/g, "-");
  for (let n = 1; ; n++) {
    const id = `${base}-${n}`;
    if (!def.steps[id]) return id;
  }
}

/** Adds a step; the first step of a journey becomes its start. */
export function addStep(
  def: JourneyDefinition,
  type: StepType,
  brandId = "",
): { def: JourneyDefinition; id: string } {
  const id = freeStepId(def, type);
  return {
    id,
    def: {
      ...def,
      start: def.start && def.steps[def.start] ? def.start : id,
      steps: { ...def.steps, [id]: newStep(type, brandId) },
    },
  };
}

function retarget(step: JourneyStep, from: string, to: string): JourneyStep {
  let result = step;
  for (const output of outputsOf(step)) {
    if (output.target === from) result = withOutput(result, output.handle, to);
  }
  return result;
}

/** Removes a step; outputs that led to it are disconnected. */
export function removeStep(def: JourneyDefinition, id: string): JourneyDefinition {
  const steps: JourneyDefinition["steps"] = {};
  for (const [key, step] of Object.entries(def.steps)) {
    if (key !== id) steps[key] = retarget(step, id, "");
  }
  return { ...def, start: def.start === id ? "" : def.start, steps };
}

/** Renames a step and every link to it; keeps the order of the steps. */
export function renameStep(def: JourneyDefinition, from: string, to: string): JourneyDefinition {
  if (from === to || def.steps[to]) return def;
  const steps: JourneyDefinition["steps"] = {};
  for (const [key, step] of Object.entries(def.steps)) {
    steps[key === from ? to : key] = retarget(step, from, to);
  }
  return { ...def, start: def.start === from ? to : def.start, steps };
}

const LINK_KEYS = new Set(["next", "onEvent", "onTimeout", "otherwise", "start"]);

/**
 * The definition as the API takes it: outputs not connected yet are left out, so the server
 * names the missing field ("steps.mail.next") instead of complaining about an empty id.
 */
export function forApi(def: JourneyDefinition): unknown {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (typeof value !== "object" || value === null) return value;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      if (LINK_KEYS.has(key) && (child === "" || child === undefined)) continue;
      out[key] = strip(child);
    }
    return out;
  };
  return strip(def);
}

/**
 * Which node an API error path names: "steps.mail.next" → "mail"; "entry.event", "start",
 * "goal…" and "exitOn…" → the entry node; anything else → undefined (shown above the graph).
 */
export function nodeOfPath(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const rest = path.replace(/^body\./, "").replace(/^definition\./, "");
  const [head, second] = rest.split(".");
  if (head === "steps" && second) return second;
  if (
    head === "entry" ||
    head === "start" ||
    head === "goal" ||
    head === "exitOn" ||
    head === "reentry"
  )
    return ENTRY_NODE;
  return undefined;
}

/** The server's message without the repeated path in front ("definition.steps.x.next: …"). */
export function messageOfError(message: string): string {
  const colon = message.indexOf(": ");
  if (colon > 0 && /^[\w.\-[\]]+$/.test(message.slice(0, colon))) return message.slice(colon + 2);
  return message;
}
