import type { Kysely } from "kysely";
import { AppFailure, ErrorCode } from "../../core/shared/result.js";
import type { Database } from "../database-schema.js";

export interface JourneyStats {
  journeyId: string;
  version: number | null;
  steps: Record<
    string,
    {
      entered: number;
      waiting: number;
      sent: number;
      suppressed: number;
      failed: number;
      converted: number;
      exited: number;
    }
  >;
  totals: {
    entered: number;
    waiting: number;
    converted: number;
    exited: number;
    completed: number;
  };
}

/** Adds to the per-step counts (summed first: one upsert per journey, version, step and what). */
export async function addStepCounts(
  db: Kysely<Database>,
  counts: { journeyId: string; version: number; stepId: string; what: string }[],
): Promise<void> {
  const summed = new Map<string, (typeof counts)[number] & { n: number }>();
  for (const c of counts) {
    const key = `${c.journeyId}\u0000${c.version}\u0000${c.stepId}\u0000${c.what}`;
    const seen = summed.get(key);
    if (seen) seen.n++;
    else summed.set(key, { ...c, n: 1 });
  }
  for (const c of summed.values()) {
    await db
      .insertInto("journey_step_counts")
      .values({
        journey_id: c.journeyId,
        version: c.version,
        step_id: c.stepId,
        what: c.what,
        count: c.n,
      })
      .onConflict((oc) =>
        oc
          .columns(["journey_id", "version", "step_id", "what"])
          .doUpdateSet((eb) => ({ count: eb("journey_step_counts.count", "+", c.n) })),
      )
      .execute();
  }
}

/**
 * Live counts of a journey (all versions): per step how many reached it, wait there now,
 * were sent a message from it, converted or exited there; and totals.
 */
export async function readJourneyStats(
  db: Kysely<Database>,
  journeyId: string,
): Promise<JourneyStats> {
  const counts = await db
    .selectFrom("journey_step_counts")
    .select(["step_id", "what", (eb) => eb.fn.sum<number>("count").as("n")])
    .where("journey_id", "=", journeyId)
    .groupBy(["step_id", "what"])
    .execute();
  const waiting = await db
    .selectFrom("journey_runs")
    .select(["step_id", (eb) => eb.fn.countAll<number>().as("n")])
    .where("journey_id", "=", journeyId)
    .where("status", "=", "waiting")
    .where("mode", "=", "live")
    .groupBy("step_id")
    .execute();
  const sent = await db
    .selectFrom("send_ledger")
    .select(["step_id", "status", (eb) => eb.fn.countAll<number>().as("n")])
    .where("journey_id", "=", journeyId)
    .where("test", "=", 0)
    .groupBy(["step_id", "status"])
    .execute();
  const steps: JourneyStats["steps"] = {};
  const at = (stepId: string) =>
    (steps[stepId] ??= {
      entered: 0,
      waiting: 0,
      sent: 0,
      suppressed: 0,
      failed: 0,
      converted: 0,
      exited: 0,
    });
  const totals = { entered: 0, waiting: 0, converted: 0, exited: 0, completed: 0 };
  for (const c of counts) {
    const n = Number(c.n);
    if (c.what === "step") at(c.step_id).entered += n;
    else if (c.what === "entered") totals.entered += n;
    else if (c.what === "converted") {
      at(c.step_id).converted += n;
      totals.converted += n;
    } else if (c.what === "exited") {
      at(c.step_id).exited += n;
      totals.exited += n;
    } else if (c.what === "completed") totals.completed += n;
  }
  for (const w of waiting) {
    at(w.step_id).waiting += Number(w.n);
    totals.waiting += Number(w.n);
  }
  for (const s of sent) {
    const n = Number(s.n);
    if (s.status === "sent" || s.status === "unknown") at(s.step_id).sent += n;
    else if (s.status === "suppressed") at(s.step_id).suppressed += n;
    else if (s.status === "failed") at(s.step_id).failed += n;
  }
  const journey = await db
    .selectFrom("journeys")
    .select("published_version")
    .where("id", "=", journeyId)
    .executeTakeFirst();
  if (!journey)
    throw new AppFailure({ code: ErrorCode.notFound, message: `no journey "${journeyId}"` });
  return {
    journeyId,
    version: journey.published_version === null ? null : Number(journey.published_version),
    steps,
    totals,
  };
}
