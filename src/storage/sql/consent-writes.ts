import type { Kysely } from "kysely";
import type { ConsentChange } from "../../core/consent/consent.js";
import type { Database } from "../database-schema.js";

/**
 * Records consent changes: every change goes to the history; the current state changes only
 * when the change is at least as new as what is stored, so a late import of old data never
 * overrides a newer decision of the customer.
 */
export async function upsertConsents(
  trx: Kysely<Database>,
  writes: { profileId: string; change: ConsentChange }[],
  now: number,
): Promise<void> {
  for (const { profileId, change } of writes) {
    const row = {
      profile_id: profileId,
      brand_id: change.brandId,
      purpose: change.purpose,
      status: change.status,
      source: change.source,
      at: change.at,
      expires_at: change.expiresAt,
    };
    await trx
      .insertInto("consent_history")
      .values({ ...row, recorded_at: now })
      .execute();
    // One statement, so concurrent writers cannot both insert or let an older decision win.
    await trx
      .insertInto("consents")
      .values(row)
      .onConflict((oc) =>
        oc
          .columns(["profile_id", "brand_id", "purpose"])
          .doUpdateSet((eb) => ({
            status: eb.ref("excluded.status"),
            source: eb.ref("excluded.source"),
            at: eb.ref("excluded.at"),
            expires_at: eb.ref("excluded.expires_at"),
          }))
          .where("consents.at", "<=", (eb) => eb.ref("excluded.at")),
      )
      .execute();
  }
}
