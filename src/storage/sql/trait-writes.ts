import type { Kysely } from "kysely";
import { readJson, type Database } from "../database-schema.js";

/** Keys of identify traits that are handled elsewhere and not kept as traits. */
const NOT_TRAITS = new Set(["consents"]);

/**
 * Merges identify traits into what a profile already holds for that brand (newer keys win).
 * Returns, per profile, its traits across all brands, for the display name.
 */
export async function mergeTraits(
  trx: Kysely<Database>,
  writes: { profileId: string; brandId: string; traits: Record<string, unknown> }[],
  now: number,
): Promise<Map<string, Record<string, unknown>>> {
  const merged = new Map<string, Record<string, unknown>>();
  const byKey = new Map<
    string,
    { profileId: string; brandId: string; traits: Record<string, unknown> }
  >();
  for (const w of writes) {
    const key = `${w.profileId}\u0000${w.brandId}`;
    const prev = byKey.get(key);
    const clean = Object.fromEntries(Object.entries(w.traits).filter(([k]) => !NOT_TRAITS.has(k)));
    byKey.set(key, { ...w, traits: { ...(prev?.traits ?? {}), ...clean } });
  }
  for (const w of byKey.values()) {
    const row = await trx
      .selectFrom("traits")
      .select("traits")
      .where("profile_id", "=", w.profileId)
      .where("brand_id", "=", w.brandId)
      .executeTakeFirst();
    const traits = { ...(row ? readJson(row.traits) : {}), ...w.traits };
    const json = JSON.stringify(traits);
    await trx
      .insertInto("traits")
      .values({ profile_id: w.profileId, brand_id: w.brandId, traits: json, updated_at: now })
      .onConflict((oc) =>
        oc.columns(["profile_id", "brand_id"]).doUpdateSet({ traits: json, updated_at: now }),
      )
      .execute();
  }
  // The name comes from every brand's traits, newest last: a brand that knows only the first
  // name must not shorten "Marco Fritsche" to "Marco".
  for (const profileId of new Set(writes.map((w) => w.profileId))) {
    const rows = await trx
      .selectFrom("traits")
      .select("traits")
      .where("profile_id", "=", profileId)
      .orderBy("updated_at", "asc")
      .execute();
    const all: Record<string, unknown> = {};
    for (const r of rows) {
      for (const [k, v] of Object.entries(readJson(r.traits)))
        if (v !== null && v !== "") all[k] = v;
    }
    merged.set(profileId, all);
  }
  return merged;
}
