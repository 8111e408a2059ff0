import { z } from "zod";
import { ConsentPurpose } from "../consent/consent.js";
import { assertNever } from "../shared/assert-never.js";
import { Channel } from "../sources/channel.js";

export const Operator = z.enum([
  "eq",
  "neq",
  "gt",
  "gte",
  "lt",
  "lte",
  "contains",
  "in",
  "exists",
  "not_exists",
]);
export type Operator = z.infer<typeof Operator>;

const Scalar = z.union([z.string().max(500), z.number(), z.boolean()]);

/**
 * One test a journey makes: on the customer's traits, on the event at hand (a path like
 * `properties.products[].category`, where `[]` means "any element"), on consent for a brand
 * and purpose, on segment membership, or on whether a channel can reach the customer.
 */
export const Condition = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("trait"),
    path: z.string().min(1).max(200),
    op: Operator,
    value: z.union([Scalar, z.array(Scalar)]).optional(),
  }),
  z.object({
    type: z.literal("event"),
    path: z.string().min(1).max(200),
    op: Operator,
    value: z.union([Scalar, z.array(Scalar)]).optional(),
  }),
  z.object({
    type: z.literal("consent"),
    brandId: z.string().min(1).max(64),
    purpose: ConsentPurpose,
  }),
  z.object({
    type: z.literal("segment"),
    segmentId: z.string().min(1).max(64),
    member: z.boolean().default(true),
  }),
  z.object({ type: z.literal("reachable"), channel: Channel }),
]);
export type Condition = z.infer<typeof Condition>;

/** What conditions are evaluated against; the runner fills it from storage. Pure data. */
export interface ConditionContext {
  traits: Record<string, unknown>;
  event?: { name: string; properties: Record<string, unknown>; [key: string]: unknown };
  hasConsent: (brandId: string, purpose: ConsentPurpose) => boolean;
  segments: ReadonlySet<string>;
  reachable: (channel: Channel) => boolean;
}

/** Every value at a path; `a.b[].c` fans out over the array at `b`. */
export function valuesAt(root: unknown, path: string): unknown[] {
  let current: unknown[] = [root];
  for (const raw of path.split(".")) {
    const many = raw.endsWith("[]");
    const key = many ? raw.slice(0, -2) : raw;
    const next: unknown[] = [];
    for (const value of current) {
      if (typeof value !== "object" || value === null) continue;
      const child = (value as Record<string, unknown>)[key];
      if (child === undefined) continue;
      if (many) {
        if (Array.isArray(child)) next.push(...child);
      } else next.push(child);
    }
    current = next;
  }
  return current;
}

function compare(actual: unknown, op: Operator, expected: unknown): boolean {
  switch (op) {
    case "exists":
      return actual !== undefined && actual !== null;
    case "not_exists":
      return actual === undefined || actual === null;
    case "eq":
      return typeof actual === "string" && typeof expected === "string"
        ? actual.toLowerCase() === expected.toLowerCase()
        : actual === expected;
    case "neq":
      return !compare(actual, "eq", expected);
    case "gt":
      return typeof actual === "number" && typeof expected === "number" && actual > expected;
    case "gte":
      return typeof actual === "number" && typeof expected === "number" && actual >= expected;
    case "lt":
      return typeof actual === "number" && typeof expected === "number" && actual < expected;
    case "lte":
      return typeof actual === "number" && typeof expected === "number" && actual <= expected;
    case "contains":
      if (typeof actual === "string" && typeof expected === "string") {
        return actual.toLowerCase().includes(expected.toLowerCase());
      }
      return Array.isArray(actual) && actual.some((a) => compare(a, "eq", expected));
    case "in":
      return Array.isArray(expected) && expected.some((e) => compare(actual, "eq", e));
    default:
      return assertNever(op);
  }
}

function matchesPath(root: unknown, path: string, op: Operator, value: unknown): boolean {
  const values = valuesAt(root, path);
  if (op === "not_exists") return values.every((v) => compare(v, op, value));
  if (op === "neq") return values.length > 0 && values.every((v) => compare(v, op, value));
  return values.some((v) => compare(v, op, value));
}

export function evaluateCondition(condition: Condition, context: ConditionContext): boolean {
  switch (condition.type) {
    case "trait":
      return matchesPath(context.traits, condition.path, condition.op, condition.value);
    case "event":
      return (
        context.event !== undefined &&
        matchesPath(context.event, condition.path, condition.op, condition.value)
      );
    case "consent":
      return context.hasConsent(condition.brandId, condition.purpose);
    case "segment":
      return context.segments.has(condition.segmentId) === condition.member;
    case "reachable":
      return context.reachable(condition.channel);
    default:
      return assertNever(condition);
  }
}

/** All conditions hold (an empty list always holds). */
export const allHold = (conditions: Condition[], context: ConditionContext) =>
  conditions.every((c) => evaluateCondition(c, context));
