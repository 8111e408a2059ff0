import type { Kysely } from "kysely";
import type { Database } from "../database-schema.js";

export const unknownResolutions = ["resend", "mark_sent", "mark_failed"] as const;
export type UnknownResolution = (typeof unknownResolutions)[number];

/** Which held messages a decision covers: one by its key, or all (of a journey, brand, channel). */
export type UnknownSelection =
  { ledgerKey: string } | { journeyId?: string; brandId?: string; channel?: string };

/**
 * A person's decision on messages held as `unknown` after a crash (the policy "hold"): send
 * them again now, or record that they did arrive (found in the provider's log), or that they
 * did not and are not to be sent. Only unknown messages change, each once; one statement, so
 * a decision on many is all or nothing. Returns how many changed.
 */
export async function resolveUnknownMessages(
  db: Kysely<Database>,
  selection: UnknownSelection,
  action: UnknownResolution,
  by: string,
  now: number,
): Promise<number> {
  const who = by.slice(0, 200);
  const set =
    action === "resend"
      ? {
          status: "pending",
          next_attempt_at: now,
          claimed_until: null,
          reason: `resent after an unknown outcome, decided by ${who}`,
        }
      : action === "mark_sent"
        ? {
            status: "sent",
            next_attempt_at: null,
            claimed_until: null,
            reason: `arrived despite the unknown outcome, confirmed by ${who}`,
          }
        : {
            status: "failed",
            next_attempt_at: null,
            claimed_until: null,
            reason: `not sent and not to be resent, decided by ${who}`,
            last_error: `not sent and not to be resent, decided by ${who}`,
          };
  let query = db
    .updateTable("send_ledger")
    .set((eb) => ({
      ...set,
      // The attempt in doubt is when it went out, if it did.
      ...(action === "mark_sent" ? { sent_at: eb.ref("updated_at") } : {}),
      updated_at: now,
    }))
    .where("status", "=", "unknown");
  if ("ledgerKey" in selection) query = query.where("ledger_key", "=", selection.ledgerKey);
  else {
    if (selection.journeyId) query = query.where("journey_id", "=", selection.journeyId);
    if (selection.brandId) query = query.where("brand_id", "=", selection.brandId);
    if (selection.channel) query = query.where("channel", "=", selection.channel);
  }
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
