import { describe, expect, it } from "vitest";
import { parseJourney } from "../../src/core/journeys/journey-definition.js";
import {
  addStep,
  connect,
  ENTRY_NODE,
  forApi,
  nodeOfPath,
  removeStep,
  renameStep,
} from "../../web/src/journeys/journey-graph.js";
import { layoutJourney } from "../../web/src/journeys/journey-layout.js";
import { blankJourney, journeyTemplates } from "../../web/src/journeys/journey-templates.js";

const built = () => {
  let def = { ...blankJourney(), id: "welcome", name: "Welcome" };
  def = { ...def, entry: { type: "event" as const, event: "Signed Up", where: [] } };
  const send = addStep(def, "send", "marktkorb");
  const exit = addStep(send.def, "exit");
  let next = connect(exit.def, send.id, "next", exit.id);
  const step = next.steps[send.id];
  if (step?.type === "send")
    next = { ...next, steps: { ...next.steps, [send.id]: { ...step, templateId: "hello" } } };
  return next;
};

describe("journey graph in the editor", () => {
  it("the first step added becomes the start; connecting its output yields a valid journey", () => {
    const def = built();
    expect(def.start).toBe("send-1");
    const parsed = parseJourney(forApi(def));
    expect(parsed.ok).toBe(true);
  });

  it("an unconnected output is left out, so the server names the missing field at its step", () => {
    const def = connect(built(), "send-1", "next", "");
    const parsed = parseJourney(forApi(def));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.path).toBe("steps.send-1.next");
      expect(nodeOfPath(`body.definition.${parsed.error.path}`)).toBe("send-1");
    }
    expect(nodeOfPath("entry.event")).toBe(ENTRY_NODE);
    expect(nodeOfPath("name")).toBeUndefined();
  });

  it("renaming a step moves every link to it; removing it disconnects them", () => {
    const renamed = renameStep(built(), "exit-1", "done");
    expect(renamed.steps["send-1"]).toMatchObject({ next: "done" });
    const removed = removeStep(renamed, "done");
    expect(removed.steps["send-1"]).toMatchObject({ next: "" });
    expect(Object.keys(removed.steps)).toEqual(["send-1"]);
  });

  it("the layout puts the entry on top and every step below the steps leading to it", () => {
    const def = journeyTemplates[0]?.definition;
    if (!def) throw new Error("no template");
    const at = layoutJourney(def);
    const y = (id: string) => at.get(id)?.y ?? Number.NaN;
    expect(y(ENTRY_NODE)).toBe(0);
    expect(y("consent")).toBeGreaterThan(y(ENTRY_NODE));
    expect(y("morning")).toBeGreaterThan(y("consent"));
    expect(y("end")).toBeGreaterThan(y("consent"));
    expect(y("mail")).toBeGreaterThan(y("morning"));
    expect(y("dinner")).toBeGreaterThan(y("mail"));
    // The branch's first path sits left of "otherwise".
    expect(at.get("morning")?.x ?? 0).toBeLessThan(at.get("end")?.x ?? 0);
  });
});
