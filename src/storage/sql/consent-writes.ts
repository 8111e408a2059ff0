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
    const current = await trx
      .selectFrom("consents")
      .select("at")
      .where("profile_id", "=", profileId)
      .where("brand_id", "=", change.brandId)
      .where("purpose", "=", change.purpose)
      .executeTakeFirst();
    if (!current) await trx.insertInto("consents").values(row).execute();
    else if (current.at <= change.at) {
      await trx
        .updateTable("consents")
        .set({ status: row.status, source: row.source, at: row.at, expires_at: row.expires_at })
        .where("profile_id", "=", profileId)
        .where("brand_id", "=", change.brandId)
        .where("purpose", "=", change.purpose)
        .execute();
    }
  }
}
