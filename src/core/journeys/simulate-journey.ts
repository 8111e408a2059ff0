import type { ConsentPurpose } from "../consent/consent.js";
import { advanceRun, type AdvanceContext } from "./advance-run.js";
import type { JourneyDefinition } from "./journey-definition.js";
import { decideEntry, segmentEventName } from "./journey-entry.js";
import type { JourneyCommand, JourneyRun } from "./journey-run.js";

/** One scripted customer: traits, consents ("brand/purpose") and time zone. */
export interface SimulatedCustomer {
  id: string;
  traits?: Record<string, unknown>;
  consents?: `${string}/${ConsentPurpose}`[];
  timeZone?: string;
  /** Segments the customer is in at the start; scripted "Segment Entered"/"Segment Left" change it. */
  segments?: string[];
}

/** A scripted event of one customer at a moment of the virtual clock. */
export interface ScriptedEvent {
  at: number;
  customerId: string;
  name: string;
  properties?: Record<string, unknown>;
}

export interface SimulationEntry {
  at: number;
  customerId: string;
  runId: string;
  what:
    | "entered"
    | "skipped"
    | "send"
    | "update_trait"
    | "hand_over"
    | "converted"
    | "exited"
    | "completed"
    | "control";
  detail: string;
}

/**
 * Runs a journey definition against a scripted sequence of events on a virtual clock and
 * says who gets what, when. Deterministic: the same inputs give the same log. Between events
 * the clock jumps to each due run in time order, up to `until`.
 */
export function simulateJourney(
  definition: JourneyDefinition,
  customers: SimulatedCustomer[],
  script: ScriptedEvent[],
  until: number,
): SimulationEntry[] {
  const log: SimulationEntry[] = [];
  const runs: JourneyRun[] = [];
  const byId = new Map(customers.map((c) => [c.id, c]));
  const membership = new Map(customers.map((c) => [c.id, new Set(c.segments ?? [])]));
  const contextOf = (customerId: string): AdvanceContext => {
    const c = byId.get(customerId);
    return {
      traits: c?.traits ?? {},
      hasConsent: (brand, purpose) => (c?.consents ?? []).includes(`${brand}/${purpose}`),
      segments: membership.get(customerId) ?? new Set(),
      reachable: () => true,
      timeZone: c?.timeZone ?? "Europe/Zurich",
    };
  };
  const apply = (run: JourneyRun, commands: JourneyCommand[], at: number) => {
    for (const c of commands) {
      if (c.type === "send")
        log.push({
          at,
          customerId: run.profileId,
          runId: run.id,
          what: "send",
          detail: `${c.channel} ${c.brandId}/${c.templateId}`,
        });
      else if (c.type === "update_trait")
        log.push({
          at,
          customerId: run.profileId,
          runId: run.id,
          what: "update_trait",
          detail: `${c.trait} = ${JSON.stringify(c.value)}`,
        });
      else if (c.type === "hand_over")
        log.push({
          at,
          customerId: run.profileId,
          runId: run.id,
          what: "hand_over",
          detail: c.journeyId,
        });
      else if (c.what !== "step" && c.what !== "entered") {
        log.push({
          at,
          customerId: run.profileId,
          runId: run.id,
          what: c.what,
          detail: run.exitReason ?? c.stepId,
        });
      }
    }
  };
  const runDueUntil = (time: number) => {
    for (;;) {
      const next = runs
        .filter((r) => r.status === "waiting" && r.waiting && r.waiting.until <= time)
        .sort(
          (a, b) => (a.waiting?.until ?? 0) - (b.waiting?.until ?? 0) || a.id.localeCompare(b.id),
        )[0];
      if (!next?.waiting) return;
      const at = next.waiting.until;
      const { run, commands } = advanceRun(
        next,
        definition,
        { type: "due" },
        at,
        contextOf(next.profileId),
      );
      runs[runs.indexOf(next)] = run;
      apply(run, commands, at);
    }
  };

  const ordered = [...script].sort((a, b) => a.at - b.at);
  for (const event of ordered) {
    runDueUntil(event.at);
    const segmentId = event.properties?.["segment_id"];
    if (typeof segmentId === "string") {
      const set = membership.get(event.customerId) ?? new Set<string>();
      if (event.name === segmentEventName.enter) set.add(segmentId);
      if (event.name === segmentEventName.leave) set.delete(segmentId);
      membership.set(event.customerId, set);
    }
    const input = { name: event.name, properties: event.properties ?? {}, timestamp: event.at };
    const context = contextOf(event.customerId);
    for (const [i, r] of runs.entries()) {
      if (r.profileId !== event.customerId || (r.status !== "waiting" && r.status !== "active"))
        continue;
      const { run, commands } = advanceRun(
        r,
        definition,
        { type: "event", event: input },
        event.at,
        context,
      );
      runs[i] = run;
      apply(run, commands, event.at);
    }
    const previous = runs.filter((r) => r.profileId === event.customerId);
    const decision = decideEntry(definition, input, context, previous, event.at);
    if (!decision.enter) {
      if (decision.reason !== "not_the_entry_event" && decision.reason !== "filter") {
        log.push({
          at: event.at,
          customerId: event.customerId,
          runId: "",
          what: "skipped",
          detail: decision.reason,
        });
      }
      continue;
    }
    const runId = `${event.customerId}#${previous.length + 1}`;
    const fresh: JourneyRun = {
      id: runId,
      journeyId: definition.id,
      version: definition.version,
      profileId: event.customerId,
      instanceKey: decision.instanceKey,
      status: "active",
      stepId: definition.start,
      waiting: null,
      trigger: input,
      variants: {},
      enteredAt: event.at,
      updatedAt: event.at,
      endedAt: null,
      exitReason: null,
      mode: "live",
    };
    log.push({
      at: event.at,
      customerId: event.customerId,
      runId,
      what: "entered",
      detail: event.name,
    });
    const { run, commands } = advanceRun(fresh, definition, { type: "start" }, event.at, {
      ...context,
      event: input,
    });
    runs.push(run);
    apply(run, commands, event.at);
  }
  runDueUntil(until);
  return log;
}
