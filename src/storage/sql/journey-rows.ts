import type { Selectable } from "kysely";
import type { JourneyRun, RunStatus, Waiting } from "../../core/journeys/journey-run.js";
import { readJson, type JourneyRunsTable } from "../database-schema.js";

/**
 * Where a message stands. pending: waiting for its time (or a retry); sending: handed to the
 * channel right now; unknown: a crash mid-send left its outcome open (held, or resent where
 * the channel is idempotent); failed: gave up after retries or a permanent error.
 */
export type SendStatus = "pending" | "sending" | "sent" | "failed" | "unknown" | "suppressed";

export interface LedgerEntry {
  ledgerKey: string;
  runId: string;
  journeyId: string;
  version: number;
  stepId: string;
  profileId: string;
  channel: string;
  brandId: string;
  templateId: string;
  purpose: string;
  transactional: boolean;
  priority: number;
  test: boolean;
  senderId: string | null;
}

export function toRun(r: Selectable<JourneyRunsTable>): JourneyRun {
  return {
    id: r.id,
    journeyId: r.journey_id,
    version: Number(r.version),
    profileId: r.profile_id,
    instanceKey: r.instance_key,
    status: r.status as RunStatus,
    stepId: r.step_id,
    waiting: r.waiting === null ? null : readJson<Waiting>(r.waiting),
    trigger: r.trigger === null ? null : readJson<NonNullable<JourneyRun["trigger"]>>(r.trigger),
    variants: readJson<Record<string, string>>(r.variants),
    enteredAt: Number(r.entered_at),
    updatedAt: Number(r.updated_at),
    endedAt: r.ended_at === null ? null : Number(r.ended_at),
    exitReason: r.exit_reason,
    mode: r.mode === "test" ? "test" : "live",
  };
}

export const runRow = (run: JourneyRun) => ({
  id: run.id,
  journey_id: run.journeyId,
  version: run.version,
  profile_id: run.profileId,
  instance_key: run.instanceKey,
  status: run.status,
  step_id: run.stepId,
  waiting: run.waiting === null ? null : JSON.stringify(run.waiting),
  // Only waiting runs are due; the partial index holds nothing else.
  due_at: run.status === "waiting" && run.waiting ? run.waiting.until : null,
  claimed_until: null,
  trigger: run.trigger === null ? null : JSON.stringify(run.trigger),
  variants: JSON.stringify(run.variants),
  entered_at: run.enteredAt,
  updated_at: run.updatedAt,
  ended_at: run.endedAt,
  exit_reason: run.exitReason,
  mode: run.mode,
});

export const ledgerRow = (entry: LedgerEntry, now: number) => ({
  ledger_key: entry.ledgerKey,
  run_id: entry.runId,
  journey_id: entry.journeyId,
  version: entry.version,
  step_id: entry.stepId,
  profile_id: entry.profileId,
  channel: entry.channel,
  brand_id: entry.brandId,
  template_id: entry.templateId,
  purpose: entry.purpose,
  transactional: entry.transactional ? 1 : 0,
  priority: entry.priority,
  test: entry.test ? 1 : 0,
  sender_id: entry.senderId,
  // Due now: the delivery stage checks consent, quiet hours and caps when it takes it.
  next_attempt_at: now,
  status: "pending",
  attempts: 0,
  last_error: null,
  created_at: now,
  updated_at: now,
  sent_at: null,
});
