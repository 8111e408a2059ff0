import { assertNever } from "../shared/assert-never.js";
import { allHold, type ConditionContext } from "./journey-condition.js";
import { durationMs, type JourneyDefinition, type JourneyStep } from "./journey-definition.js";
import type { JourneyCommand, JourneyRun } from "./journey-run.js";
import { nextLocalTime } from "./local-time.js";

/** What moves a run: its start, its due time passing, or an event of its customer. */
export type RunInput =
  | { type: "start" }
  | { type: "due" }
  | {
      type: "event";
      event: { name: string; properties: Record<string, unknown>; timestamp: number };
    };

export interface AdvanceContext extends ConditionContext {
  /** The customer's IANA time zone, for "next morning at 9". */
  timeZone: string;
  /** Test mode: every wait and timeout lasts this long instead. */
  testWaitMs?: number;
}

/** A run cannot take more steps than this in one advance: a guard against runaway definitions. */
const MAX_STEPS = 200;

/**
 * The journey interpreter: pure. Given a run, its definition version, what happened and the
 * time, returns the new run and the commands for the runner (sends, trait updates,
 * hand-overs, counts). Goals and exit events are checked the moment an event arrives, before
 * any waiting step, so a customer who buys during the wait leaves before the reminder.
 */
export function advanceRun(
  run: JourneyRun,
  definition: JourneyDefinition,
  input: RunInput,
  now: number,
  context: AdvanceContext,
): { run: JourneyRun; commands: JourneyCommand[] } {
  if (run.version !== definition.version || run.journeyId !== definition.id) {
    throw new Error(
      `run ${run.id} follows ${run.journeyId} v${run.version}, not ${definition.id} v${definition.version}`,
    );
  }
  const commands: JourneyCommand[] = [];
  let current: JourneyRun = { ...run, updatedAt: now };
  if (
    current.status === "completed" ||
    current.status === "converted" ||
    current.status === "exited"
  ) {
    return { run: current, commands };
  }

  const end = (
    status: JourneyRun["status"],
    reason: string,
    what: "converted" | "exited" | "completed",
  ) => {
    current = { ...current, status, waiting: null, endedAt: now, exitReason: reason };
    commands.push({ type: "record", stepId: current.stepId, what });
  };

  let proceedTo: string | undefined;
  switch (input.type) {
    case "start":
      commands.push({ type: "record", stepId: definition.start, what: "entered" });
      proceedTo = definition.start;
      break;
    case "event": {
      const eventContext = { ...context, event: input.event };
      if (
        definition.goal &&
        definition.goal.event === input.event.name &&
        allHold(definition.goal.where, eventContext)
      ) {
        end("converted", `goal: ${input.event.name}`, "converted");
        return { run: current, commands };
      }
      const exit = definition.exitOn.find(
        (e) => e.event === input.event.name && allHold(e.where, eventContext),
      );
      if (exit) {
        end("exited", `exit: ${input.event.name}`, "exited");
        return { run: current, commands };
      }
      const step = definition.steps[current.stepId];
      if (
        current.waiting?.type === "event" &&
        step?.type === "wait_for_event" &&
        step.event === input.event.name &&
        allHold(step.where, eventContext)
      ) {
        proceedTo = step.onEvent;
      }
      break;
    }
    case "due": {
      if (!current.waiting || current.waiting.until > now) return { run: current, commands };
      const step = definition.steps[current.stepId] as JourneyStep;
      if (step.type === "wait" || step.type === "wait_until_time") proceedTo = step.next;
      else if (step.type === "wait_for_event") proceedTo = step.onTimeout;
      break;
    }
    default:
      return assertNever(input);
  }
  if (proceedTo === undefined) return { run: current, commands };

  let stepId: string | undefined = proceedTo;
  for (let taken = 0; stepId !== undefined; taken++) {
    if (taken >= MAX_STEPS) {
      end("exited", "too many steps without a wait", "exited");
      break;
    }
    const step = definition.steps[stepId] as JourneyStep;
    current = { ...current, stepId, status: "active", waiting: null };
    commands.push({ type: "record", stepId, what: "step" });
    stepId = undefined;
    switch (step.type) {
      case "wait":
        current = {
          ...current,
          status: "waiting",
          waiting: {
            type: "time",
            until: now + (context.testWaitMs ?? durationMs(step.duration)),
          },
        };
        break;
      case "wait_until_time": {
        const until =
          context.testWaitMs !== undefined
            ? now + context.testWaitMs
            : nextLocalTime(
                now,
                step.time,
                context.timeZone,
                step.atLeast ? durationMs(step.atLeast) : 0,
              );
        current = { ...current, status: "waiting", waiting: { type: "time", until } };
        break;
      }
      case "wait_for_event":
        current = {
          ...current,
          status: "waiting",
          waiting: {
            type: "event",
            event: step.event,
            stepId: current.stepId,
            until: now + (context.testWaitMs ?? durationMs(step.timeout)),
          },
        };
        break;
      case "branch": {
        const eventContext = { ...context, event: context.event ?? current.trigger ?? undefined };
        stepId = step.paths.find((p) => allHold(p.when, eventContext))?.next ?? step.otherwise;
        break;
      }
      case "split": {
        const variant = chooseVariant(`${current.id}:${current.stepId}`, step.variants);
        current = { ...current, variants: { ...current.variants, [current.stepId]: variant.name } };
        if (variant.control)
          commands.push({ type: "record", stepId: current.stepId, what: "control" });
        stepId = variant.next;
        break;
      }
      case "send":
        commands.push({
          type: "send",
          ledgerKey: `${current.id}:${current.stepId}:v${current.version}`,
          stepId: current.stepId,
          channel: step.channel,
          brandId: step.brandId,
          templateId: step.templateId,
          purpose: step.purpose,
          senderId: step.senderId ?? null,
          transactional: step.transactional,
          priority: definition.priority,
        });
        stepId = step.next;
        break;
      case "update_trait":
        commands.push({
          type: "update_trait",
          stepId: current.stepId,
          trait: step.trait,
          value: step.value,
        });
        stepId = step.next;
        break;
      case "hand_over":
        commands.push({ type: "hand_over", stepId: current.stepId, journeyId: step.journeyId });
        stepId = step.next;
        if (!stepId) end("completed", `handed over to ${step.journeyId}`, "completed");
        break;
      case "exit":
        end("completed", "exit step", "completed");
        break;
      default:
        assertNever(step);
    }
  }
  return { run: current, commands };
}

/** Deterministic weighted choice: the same run and step always get the same variant. */
export function chooseVariant<T extends { weight: number }>(seed: string, variants: T[]): T {
  let hash = 2166136261;
  for (let i = 0; i < seed.length; i++) hash = Math.imul(hash ^ seed.charCodeAt(i), 16777619);
  const total = variants.reduce((sum, v) => sum + v.weight, 0);
  let point = ((hash >>> 0) / 2 ** 32) * total;
  for (const v of variants) {
    if (point < v.weight) return v;
    point -= v.weight;
  }
  return variants[variants.length - 1] as T;
}
