import { z } from "zod";
import { ConsentPurpose } from "../consent/consent.js";
import { Condition, Operator } from "../journeys/journey-condition.js";
import { Duration } from "../journeys/journey-definition.js";
import { err, ErrorCode, ok, type AppError, type Result } from "../shared/result.js";
import { schemaError } from "../shared/schema-error.js";
import { Channel } from "../sources/channel.js";
import { Slug } from "../sources/source.js";

const Scalar = z.union([z.string().max(500), z.number(), z.boolean()]);
const Comparison = z.enum(["eq", "neq", "gt", "gte", "lt", "lte"]);
export type Comparison = z.infer<typeof Comparison>;

/**
 * Who did something: events of one name (from one brand, or any), matching property filters,
 * within a window before now (or ever), counted or summed. "No purchase in 60 days" is a count
 * equal to 0 within 60 days; "spent at least 200 in a year" a sum of `properties.revenue`.
 */
export const PerformedCondition = z.object({
  type: z.literal("performed"),
  event: z.string().min(1).max(200),
  brandId: Slug.optional(),
  where: z.array(Condition).max(20).default([]),
  within: Duration.optional(),
  count: z
    .object({ op: Comparison, value: z.number().int().min(0) })
    .default({ op: "gte", value: 1 }),
  sum: z.object({ path: z.string().min(1).max(200), op: Comparison, value: z.number() }).optional(),
});
export type PerformedCondition = z.infer<typeof PerformedCondition>;

const TraitTest = z.object({
  type: z.literal("trait"),
  path: z.string().min(1).max(200),
  op: Operator,
  value: z.union([Scalar, z.array(Scalar)]).optional(),
});
const ConsentTest = z.object({
  type: z.literal("consent"),
  brandId: Slug,
  purpose: ConsentPurpose,
  given: z.boolean().default(true),
});
const ReachableTest = z.object({
  type: z.literal("reachable"),
  channel: Channel,
  given: z.boolean().default(true),
});

/** One test of a segment rule; `given: false` turns consent and reachability into their opposite. */
export const SegmentTest = z.discriminatedUnion("type", [
  TraitTest,
  ConsentTest,
  ReachableTest,
  PerformedCondition,
]);
export type SegmentTest = z.infer<typeof SegmentTest>;

const Match = z.enum(["all", "any"]);

/** A rule: all (or any) of its conditions; a group nests one level, for "A and (B or C)". */
export const SegmentRule = z.object({
  match: Match.default("all"),
  conditions: z
    .array(
      z.discriminatedUnion("type", [
        TraitTest,
        ConsentTest,
        ReachableTest,
        PerformedCondition,
        z.object({
          type: z.literal("group"),
          match: Match.default("any"),
          conditions: z.array(SegmentTest).min(1).max(50),
        }),
      ]),
    )
    .min(1)
    .max(50),
});
export type SegmentRule = z.infer<typeof SegmentRule>;

/** A segment: a set of customers defined by a rule, kept up to date. */
export const SegmentDefinition = z.object({
  id: Slug,
  name: z.string().min(1).max(200),
  description: z.string().max(2000).default(""),
  rule: SegmentRule,
});
export type SegmentDefinition = z.infer<typeof SegmentDefinition>;

/** Parses a segment definition; the error names the first wrong field. */
export function parseSegment(input: unknown): Result<SegmentDefinition, AppError> {
  const parsed = SegmentDefinition.safeParse(input);
  if (!parsed.success) return { ok: false, error: schemaError(parsed.error) };
  const wrong = testsOf(parsed.data.rule).findIndex(
    (t) => t.type === "performed" && t.where.some((c) => c.type === "segment"),
  );
  if (wrong >= 0)
    return err(
      ErrorCode.invalidInput,
      "rule: a segment's event filters cannot test another segment",
      "rule.conditions",
    );
  return ok(parsed.data);
}

/** Every test of a rule, groups flattened. */
export function testsOf(rule: SegmentRule): SegmentTest[] {
  return rule.conditions.flatMap((c) => (c.type === "group" ? c.conditions : [c]));
}
