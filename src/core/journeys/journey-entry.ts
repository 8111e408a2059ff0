import { assertNever } from "../shared/assert-never.js";
import { allHold, valuesAt, type ConditionContext } from "./journey-condition.js";
import { durationMs, type JourneyDefinition } from "./journey-definition.js";
import type { JourneyRun } from "./journey-run.js";

export type EntryDecision =
  | { enter: true; instanceKey: string | null }
  | {
      enter: false;
      reason:
        | "not_the_entry_event"
        | "filter"
        | "already_entered"
        | "in_period"
        | "instance_running"
        | "no_instance_key";
    };

/**
 * A segment entered or left reaches journeys as this event (`properties.segment_id`); only
 * the segment keeper makes them, never a tracked event of that name.
 */
export const segmentEventName = { enter: "Segment Entered", leave: "Segment Left" } as const;

const segmentEvents = new Set<string>(Object.values(segmentEventName));
export const isSegmentEvent = (name: string) => segmentEvents.has(name);

/**
 * Whether a journey reacts to segment entries or exits: it is entered by one, or its goal,
 * an exit or a wait names "Segment Entered" / "Segment Left".
 */
export function listensToSegments(definition: JourneyDefinition): boolean {
  if (definition.entry.type === "segment") return true;
  const names = [
    definition.goal?.event,
    ...definition.exitOn.map((e) => e.event),
    ...Object.values(definition.steps).map((s) => (s.type === "wait_for_event" ? s.event : "")),
  ];
  return names.some((n) => n !== undefined && isSegmentEvent(n));
}

/**
 * Whether an event starts a run of this journey for the customer, given the runs the customer
 * already has in this journey (any version). Re-entry: once, once per period, or every time;
 * with an instance key, one run per key value at a time (e.g. per order).
 */
export function decideEntry(
  definition: JourneyDefinition,
  event: { name: string; properties: Record<string, unknown>; timestamp: number },
  context: ConditionContext,
  previousRuns: Pick<JourneyRun, "instanceKey" | "status" | "enteredAt">[],
  now: number,
): EntryDecision {
  const entry = definition.entry;
  if (entry.type === "segment") {
    const matches =
      event.name === segmentEventName[entry.on] &&
      event.properties["segment_id"] === entry.segmentId;
    return matches
      ? decideReentry(definition, previousRuns, now)
      : { enter: false, reason: "not_the_entry_event" };
  }
  if (entry.type !== "event" || entry.event !== event.name)
    return { enter: false, reason: "not_the_entry_event" };
  if (!allHold(entry.where, { ...context, event })) return { enter: false, reason: "filter" };
  let instanceKey: string | null = null;
  if (definition.instanceKey) {
    const value = valuesAt(event, definition.instanceKey)[0];
    if (value === undefined || value === null || typeof value === "object")
      return { enter: false, reason: "no_instance_key" };
    instanceKey = String(value);
  }
  return decideReentry(definition, previousRuns, now, instanceKey);
}

/**
 * The re-entry rule alone, for entries that are not events (a segment entered or left):
 * once, once per period, or every time; with an instance key, one running run per value.
 */
export function decideReentry(
  definition: JourneyDefinition,
  previousRuns: Pick<JourneyRun, "instanceKey" | "status" | "enteredAt">[],
  now: number,
  instanceKey: string | null = null,
): EntryDecision {
  const running = (r: Pick<JourneyRun, "status">) =>
    r.status === "active" || r.status === "waiting";
  const sameInstance = previousRuns.filter((r) => r.instanceKey === instanceKey);
  if (instanceKey !== null && sameInstance.some(running))
    return { enter: false, reason: "instance_running" };
  const reentry = definition.reentry;
  switch (reentry.type) {
    case "once":
      return previousRuns.length > 0
        ? { enter: false, reason: "already_entered" }
        : { enter: true, instanceKey };
    case "once_per": {
      const since = now - durationMs(reentry.period);
      return previousRuns.some((r) => r.enteredAt > since)
        ? { enter: false, reason: "in_period" }
        : { enter: true, instanceKey };
    }
    case "every_time":
      return { enter: true, instanceKey };
    default:
      return assertNever(reentry);
  }
}
