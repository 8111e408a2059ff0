import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { MessageChannel } from "../../core/messaging/message-settings.js";
import type { Database } from "../database-schema.js";

/**
 * The writes of a delivery attempt — the last check under the customer's lock, the outcome, a
 * failure before any attempt — as functions of a transaction, so that `MessageStore` can run
 * one of them or a window of them in one commit.
 */

/** The rendered message, stored before it is handed over so an unknown outcome shows what. */
export interface RenderedMessage {
  transport: string;
  recipient: string;
  subject: string | null;
  bodyHtml: string | null;
  bodyText: string | null;
  payload: unknown;
  items: string[];
}

export type AttemptDecision =
  | { type: "deliver" }
  | { type: "suppress"; reason: string }
  | { type: "defer"; until: number; reason: string };

export type AttemptOutcome =
  | { type: "sent"; providerId: string | null }
  | { type: "retry"; error: string; at: number }
  | { type: "failed"; error: string }
  | { type: "unknown"; error: string };

/** Messages that count against the caps: sent, being sent, or possibly sent. */
export const COUNTED = ["sending", "sent", "unknown"];

/** One message's last check before the hand-over (see `MessageStore.beginAttempt`). */
export interface Attempt {
  message: { ledgerKey: string; profileId: string; channel: MessageChannel };
  /** Earlier sends from this time on count against the caps. */
  since: number;
  rendered: RenderedMessage | null;
  decide: (sentAt: number[]) => AttemptDecision;
}

/** The advisory lock that serialises cap decisions for one customer (PostgreSQL). */
export function customerLockKey(profileId: string): string {
  return createHash("sha1").update(`send:${profileId}`).digest().readBigInt64BE(0).toString();
}

export async function attemptIn(
  trx: Kysely<Database>,
  { message, since, rendered, decide }: Attempt,
  now: number,
): Promise<AttemptDecision> {
  const earlier = await trx
    .selectFrom("send_ledger")
    .select(["sent_at", "updated_at"])
    .where("profile_id", "=", message.profileId)
    .where("channel", "=", message.channel)
    .where("created_at", ">=", since)
    .where("status", "in", COUNTED)
    .where("transactional", "=", 0)
    .where("test", "=", 0)
    .where("ledger_key", "!=", message.ledgerKey)
    .execute();
  const decision = decide(earlier.map((r) => Number(r.sent_at ?? r.updated_at)));
  if (decision.type === "deliver") {
    await trx
      .updateTable("send_ledger")
      .set((eb) => ({
        status: "sending",
        attempts: eb("attempts", "+", 1),
        updated_at: now,
        reason: null,
        ...(rendered ? renderedColumns(rendered) : {}),
      }))
      .where("ledger_key", "=", message.ledgerKey)
      .execute();
  } else if (decision.type === "suppress") {
    await trx
      .updateTable("send_ledger")
      .set({
        status: "suppressed",
        reason: decision.reason,
        next_attempt_at: null,
        claimed_until: null,
        updated_at: now,
      })
      .where("ledger_key", "=", message.ledgerKey)
      .execute();
  } else {
    await trx
      .updateTable("send_ledger")
      .set({
        status: "pending",
        reason: decision.reason,
        next_attempt_at: decision.until,
        claimed_until: null,
        updated_at: now,
      })
      .where("ledger_key", "=", message.ledgerKey)
      .execute();
  }
  return decision;
}

export async function finishIn(
  db: Kysely<Database>,
  ledgerKey: string,
  outcome: AttemptOutcome,
  now: number,
): Promise<void> {
  const base = { updated_at: now, claimed_until: null };
  const set =
    outcome.type === "sent"
      ? {
          ...base,
          status: "sent",
          sent_at: now,
          provider_id: outcome.providerId,
          last_error: null,
          next_attempt_at: null,
        }
      : outcome.type === "retry"
        ? { ...base, status: "pending", last_error: outcome.error, next_attempt_at: outcome.at }
        : { ...base, status: outcome.type, last_error: outcome.error, next_attempt_at: null };
  await db.updateTable("send_ledger").set(set).where("ledger_key", "=", ledgerKey).execute();
}

export async function failIn(db: Kysely<Database>, ledgerKey: string, error: string, now: number) {
  await db
    .updateTable("send_ledger")
    .set({
      status: "failed",
      last_error: error,
      next_attempt_at: null,
      claimed_until: null,
      updated_at: now,
    })
    .where("ledger_key", "=", ledgerKey)
    .execute();
}

export function renderedColumns(r: RenderedMessage) {
  return {
    transport: r.transport,
    recipient: r.recipient,
    subject: r.subject,
    body_html: r.bodyHtml,
    body_text: r.bodyText,
    payload: r.payload === null || r.payload === undefined ? null : JSON.stringify(r.payload),
    items: JSON.stringify(r.items),
  };
}
