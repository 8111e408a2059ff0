import type { ConsentPurpose } from "../consent/consent.js";
import { allHold, evaluateCondition, valuesAt } from "../journeys/journey-condition.js";
import { durationMs } from "../journeys/journey-definition.js";
import { channelReaches } from "../profiles/reachability.js";
import { assertNever } from "../shared/assert-never.js";
import {
  testsOf,
  type Comparison,
  type PerformedCondition,
  type SegmentDefinition,
  type SegmentRule,
  type SegmentTest,
} from "./segment-definition.js";

/** One stored event as segment rules see it. */
export interface SegmentEvent {
  name: string;
  brandId: string;
  timestamp: number;
  properties: Record<string, unknown>;
  [key: string]: unknown;
}

/** What a rule is evaluated against: one customer's facts, the events the rules need, now. */
export interface SegmentFacts {
  traits: Record<string, unknown>;
  hasConsent: (brandId: string, purpose: ConsentPurpose) => boolean;
  identifierTypes: ReadonlySet<string>;
  /** The customer's events of the names `eventNeeds` asks for, since the time it names. */
  events: SegmentEvent[];
}

function compare(actual: number, op: Comparison, expected: number): boolean {
  switch (op) {
    case "eq":
      return actual === expected;
    case "neq":
      return actual !== expected;
    case "gt":
      return actual > expected;
    case "gte":
      return actual >= expected;
    case "lt":
      return actual < expected;
    case "lte":
      return actual <= expected;
    default:
      return assertNever(op);
  }
}

function performed(test: PerformedCondition, facts: SegmentFacts, now: number): boolean {
  const since = test.within ? now - durationMs(test.within) : -Infinity;
  const context = {
    traits: facts.traits,
    hasConsent: facts.hasConsent,
    segments: new Set<string>(),
    reachable: () => true,
  };
  const matching = facts.events.filter(
    (e) =>
      e.name === test.event &&
      e.timestamp >= since &&
      e.timestamp <= now &&
      (test.brandId === undefined || e.brandId === test.brandId) &&
      allHold(test.where, { ...context, event: e }),
  );
  if (!compare(matching.length, test.count.op, test.count.value)) return false;
  if (!test.sum) return true;
  const sum = test.sum;
  const total = matching
    .flatMap((e) => valuesAt(e, sum.path))
    .reduce<number>((acc, v) => acc + (typeof v === "number" && Number.isFinite(v) ? v : 0), 0);
  return compare(total, sum.op, sum.value);
}

function holds(test: SegmentTest, facts: SegmentFacts, now: number): boolean {
  switch (test.type) {
    case "trait":
      return evaluateCondition(
        { type: "trait", path: test.path, op: test.op, value: test.value },
        {
          traits: facts.traits,
          hasConsent: facts.hasConsent,
          segments: new Set(),
          reachable: () => true,
        },
      );
    case "consent":
      return facts.hasConsent(test.brandId, test.purpose) === test.given;
    case "reachable":
      return channelReaches(facts.identifierTypes, test.channel) === test.given;
    case "performed":
      return performed(test, facts, now);
    default:
      return assertNever(test);
  }
}

/** Whether a customer belongs to a segment now. */
export function matchesRule(rule: SegmentRule, facts: SegmentFacts, now: number): boolean {
  const check = (c: SegmentRule["conditions"][number]): boolean =>
    c.type === "group"
      ? c.match === "all"
        ? c.conditions.every((t) => holds(t, facts, now))
        : c.conditions.some((t) => holds(t, facts, now))
      : holds(c, facts, now);
  return rule.match === "all" ? rule.conditions.every(check) : rule.conditions.some(check);
}

/**
 * Which events the segments need, by name, and from when: the longest window of any rule
 * that counts that event (or all time, 0, when one counts it ever).
 */
export function eventNeeds(segments: SegmentDefinition[], now: number): Map<string, number> {
  const needs = new Map<string, number>();
  for (const segment of segments)
    for (const test of testsOf(segment.rule)) {
      if (test.type !== "performed") continue;
      const since = test.within ? Math.max(0, now - durationMs(test.within)) : 0;
      needs.set(test.event, Math.min(needs.get(test.event) ?? Infinity, since));
    }
  return needs;
}

/** A rule with a time window can change without any new event: it is rechecked by a scan. */
export const changesWithTime = (segment: SegmentDefinition) =>
  testsOf(segment.rule).some((t) => t.type === "performed" && t.within !== undefined);

export interface MembershipChange {
  segmentId: string;
  profileId: string;
  change: "enter" | "leave";
}

/** What changed for one customer: segments entered and left, given before and now. */
export function membershipChanges(
  profileId: string,
  before: ReadonlySet<string>,
  now: ReadonlySet<string>,
): MembershipChange[] {
  const changes: MembershipChange[] = [];
  for (const id of now)
    if (!before.has(id)) changes.push({ segmentId: id, profileId, change: "enter" });
  for (const id of before)
    if (!now.has(id)) changes.push({ segmentId: id, profileId, change: "leave" });
  return changes;
}
