import { z } from "zod";
import { ConsentPurpose } from "../consent/consent.js";
import { assertNever } from "../shared/assert-never.js";
import { err, ErrorCode, ok, type AppError, type Result } from "../shared/result.js";
import { schemaError } from "../shared/schema-error.js";
import { Slug } from "../sources/source.js";
import { Condition } from "./journey-condition.js";

const StepId = z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, "letters, digits, - and _");
export const Duration = z
  .object({
    minutes: z.number().int().min(0).optional(),
    hours: z.number().int().min(0).optional(),
    days: z.number().int().min(0).optional(),
  })
  .refine(
    (d) => (d.minutes ?? 0) + (d.hours ?? 0) + (d.days ?? 0) > 0,
    "a duration must be longer than zero",
  );
export type Duration = z.infer<typeof Duration>;
export const durationMs = (d: Duration) =>
  ((d.days ?? 0) * 24 * 60 + (d.hours ?? 0) * 60 + (d.minutes ?? 0)) * 60_000;

/** One node of a journey. `next` names the following step. Stored tags never change. */
export const JourneyStep = z.discriminatedUnion("type", [
  z.object({ type: z.literal("wait"), duration: Duration, next: StepId }),
  z.object({
    type: z.literal("wait_until_time"),
    /** Local wall-clock time in the customer's time zone, e.g. "09:00" for "next morning at 9". */
    time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM"),
    /** Wait at least this long first (e.g. so 9:00 means the next morning, not in five minutes). */
    atLeast: Duration.optional(),
    next: StepId,
  }),
  z.object({
    type: z.literal("wait_for_event"),
    event: z.string().min(1).max(200),
    where: z.array(Condition).default([]),
    timeout: Duration,
    onEvent: StepId,
    onTimeout: StepId,
  }),
  z.object({
    type: z.literal("branch"),
    paths: z.array(z.object({ when: z.array(Condition).min(1), next: StepId })).min(1),
    otherwise: StepId,
  }),
  z.object({
    type: z.literal("split"),
    /** Weighted variants; a variant with `control: true` is the control group (no message). */
    variants: z
      .array(
        z.object({
          name: z.string().min(1).max(64),
          weight: z.number().positive(),
          next: StepId,
          control: z.boolean().default(false),
        }),
      )
      .min(2),
  }),
  z.object({
    type: z.literal("send"),
    channel: z.enum(["email", "sms", "push", "webhook"]),
    brandId: Slug,
    templateId: z.string().min(1).max(100),
    purpose: ConsentPurpose.default("email_marketing"),
    /** Which of the brand's sender addresses; the brand's first one if not given. */
    senderId: z.string().min(1).max(40).optional(),
    /** An order confirmation, not marketing: no marketing consent needed, no caps. */
    transactional: z.boolean().default(false),
    next: StepId,
  }),
  z.object({
    type: z.literal("update_trait"),
    trait: z.string().min(1).max(100),
    value: z.unknown(),
    next: StepId,
  }),
  z.object({ type: z.literal("hand_over"), journeyId: Slug, next: StepId.optional() }),
  z.object({ type: z.literal("exit") }),
]);
export type JourneyStep = z.infer<typeof JourneyStep>;

export const JourneyEntry = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("event"),
    event: z.string().min(1).max(200),
    where: z.array(Condition).default([]),
  }),
  z.object({
    type: z.literal("segment"),
    segmentId: z.string().min(1).max(64),
    on: z.enum(["enter", "leave"]),
  }),
  z.object({
    type: z.literal("date_trait"),
    trait: z.string().min(1).max(100),
    /** -30: thirty days before the date (a contract's end); 0: on the day (a birthday). */
    offsetDays: z.number().int().min(-366).max(366).default(0),
    /** A birthday comes every year; a contract end once. */
    recurrence: z.enum(["yearly", "once"]).default("yearly"),
    time: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
      .default("09:00"),
  }),
  /** Entered only by a hand-over from another journey. */
  z.object({ type: z.literal("hand_over") }),
]);
export type JourneyEntry = z.infer<typeof JourneyEntry>;

export const Reentry = z.discriminatedUnion("type", [
  z.object({ type: z.literal("once") }),
  z.object({ type: z.literal("once_per"), period: Duration }),
  z.object({ type: z.literal("every_time") }),
]);
export type Reentry = z.infer<typeof Reentry>;

/** A versioned journey definition, as JSON in the API, a file or the editor. */
export const JourneyDefinition = z.object({
  id: Slug,
  version: z.number().int().positive(),
  name: z.string().min(1).max(200),
  entry: JourneyEntry,
  reentry: Reentry.default({ type: "once" }),
  /** When sends of two journeys compete for a customer's frequency cap, the higher goes first. */
  priority: z.number().int().min(-100).max(100).default(0),
  /** One run per value of this event path at a time, e.g. `properties.order_id`. */
  instanceKey: z.string().min(1).max(200).optional(),
  /** Reaching the goal ends the run as converted, the moment the event arrives. */
  goal: z
    .object({ event: z.string().min(1).max(200), where: z.array(Condition).default([]) })
    .optional(),
  /** Any of these events ends the run as exited, the moment it arrives. */
  exitOn: z
    .array(z.object({ event: z.string().min(1).max(200), where: z.array(Condition).default([]) }))
    .default([]),
  start: StepId,
  steps: z.record(StepId, JourneyStep),
});
export type JourneyDefinition = z.infer<typeof JourneyDefinition>;

export function nextStepsOf(step: JourneyStep): string[] {
  switch (step.type) {
    case "wait":
    case "wait_until_time":
    case "send":
    case "update_trait":
      return [step.next];
    case "wait_for_event":
      return [step.onEvent, step.onTimeout];
    case "branch":
      return [...step.paths.map((p) => p.next), step.otherwise];
    case "split":
      return step.variants.map((v) => v.next);
    case "hand_over":
      return step.next ? [step.next] : [];
    case "exit":
      return [];
    default:
      return assertNever(step);
  }
}

const waits = new Set(["wait", "wait_until_time", "wait_for_event"]);

/**
 * Parses and checks a definition: the schema, that every `next` names a step, that every step
 * can be reached, and that no loop runs without a wait (it would never stop).
 */
export function parseJourney(input: unknown): Result<JourneyDefinition, AppError> {
  const parsed = JourneyDefinition.safeParse(input);
  if (!parsed.success) return { ok: false, error: schemaError(parsed.error) };
  const def = parsed.data;
  if (!def.steps[def.start])
    return err(ErrorCode.invalidInput, `start: no step "${def.start}"`, "start");
  for (const [id, step] of Object.entries(def.steps)) {
    for (const next of nextStepsOf(step)) {
      if (!def.steps[next])
        return err(ErrorCode.invalidInput, `steps.${id}: no step "${next}"`, `steps.${id}`);
    }
  }
  const reached = new Set<string>();
  const queue = [def.start];
  while (queue.length > 0) {
    const id = queue.pop() as string;
    if (reached.has(id)) continue;
    reached.add(id);
    queue.push(...nextStepsOf(def.steps[id] as JourneyStep));
  }
  const unreached = Object.keys(def.steps).filter((id) => !reached.has(id));
  if (unreached.length > 0) {
    return err(
      ErrorCode.invalidInput,
      `steps.${unreached[0]}: cannot be reached from start`,
      `steps.${unreached[0]}`,
    );
  }
  const loop = loopWithoutWait(def);
  if (loop)
    return err(
      ErrorCode.invalidInput,
      `steps.${loop}: a loop without a wait would never stop`,
      `steps.${loop}`,
    );
  return ok(def);
}

function loopWithoutWait(def: JourneyDefinition): string | undefined {
  const state = new Map<string, "open" | "done">();
  const visit = (id: string): string | undefined => {
    const step = def.steps[id] as JourneyStep;
    if (waits.has(step.type)) return undefined;
    if (state.get(id) === "open") return id;
    if (state.get(id) === "done") return undefined;
    state.set(id, "open");
    for (const next of nextStepsOf(step)) {
      const found = visit(next);
      if (found) return found;
    }
    state.set(id, "done");
    return undefined;
  };
  for (const id of Object.keys(def.steps)) {
    const found = visit(id);
    if (found) return found;
  }
  return undefined;
}

/** Where a journey names segments: its entry and its steps' conditions, with their paths. */
export function segmentsNamedIn(def: JourneyDefinition): { segmentId: string; path: string }[] {
  const named: { segmentId: string; path: string }[] = [];
  if (def.entry.type === "segment") named.push({ segmentId: def.entry.segmentId, path: "entry" });
  const conditions = [
    ...(def.entry.type === "event" ? def.entry.where.map((c) => ({ c, path: "entry" })) : []),
    ...(def.goal?.where ?? []).map((c) => ({ c, path: "goal" })),
    ...def.exitOn.flatMap((e, i) => e.where.map((c) => ({ c, path: `exitOn.${i}` }))),
    ...Object.entries(def.steps).flatMap(([id, step]) =>
      (step.type === "branch"
        ? step.paths.flatMap((p) => p.when)
        : step.type === "wait_for_event"
          ? step.where
          : []
      ).map((c) => ({ c, path: `steps.${id}` })),
    ),
  ];
  for (const { c, path } of conditions)
    if (c.type === "segment") named.push({ segmentId: c.segmentId, path });
  return named;
}
