import wineRecipes from "../../../examples/journeys/wine-recipes.json" with { type: "json" };
import wineRecipesScript from "../../../examples/journeys/wine-recipes.script.json" with { type: "json" };
import type { JourneyDefinition, JourneyStep, SimulationRequest } from "../api/contract.js";

/**
 * Fills in what the schema defaults (empty filters, re-entry once, no control group), so the
 * editor can rely on every field being there. Definitions from the API have them already.
 */
export function withDefaults(input: JourneyDefinition): JourneyDefinition {
  const def = structuredClone(input);
  const steps: JourneyDefinition["steps"] = {};
  for (const [id, raw] of Object.entries(def.steps ?? {})) {
    const step = raw as JourneyStep;
    if (step.type === "wait_for_event") steps[id] = { ...step, where: step.where ?? [] };
    else if (step.type === "split")
      steps[id] = {
        ...step,
        variants: step.variants.map((v) => ({ ...v, control: v.control ?? false })),
      };
    else if (step.type === "send")
      steps[id] = { ...step, purpose: step.purpose ?? "email_marketing" };
    else steps[id] = step;
  }
  return {
    ...def,
    version: def.version ?? 1,
    name: def.name ?? "",
    start: def.start ?? "",
    entry: def.entry?.type === "event" ? { ...def.entry, where: def.entry.where ?? [] } : def.entry,
    reentry: def.reentry ?? { type: "once" },
    goal: def.goal ? { ...def.goal, where: def.goal.where ?? [] } : undefined,
    exitOn: (def.exitOn ?? []).map((e) => ({ ...e, where: e.where ?? [] })),
    steps,
  };
}

export interface JourneyTemplate {
  id: string;
  definition: JourneyDefinition;
  /** A simulation to start from: scripted customers and events. */
  script?: Omit<SimulationRequest, "definition">;
}

/** An empty journey; what the schema defaults (priority …) the server fills in. */
export const blankJourney = (): JourneyDefinition =>
  ({
    id: "",
    version: 1,
    name: "",
    entry: { type: "event", event: "", where: [] },
    reentry: { type: "once" },
    exitOn: [],
    start: "",
    steps: {},
  }) as unknown as JourneyDefinition;

/** The journeys a new one can start from: blank, and the examples of the documentation. */
export const journeyTemplates: JourneyTemplate[] = [
  {
    id: "wine-recipes",
    definition: withDefaults(wineRecipes as unknown as JourneyDefinition),
    script: wineRecipesScript,
  },
];
