import type { Kysely } from "kysely";
import type { Database } from "../database-schema.js";

/**
 * Customers changed without an event (a trait set by a journey, consent given or revoked in
 * the web app, a merge undone): the segment keeper checks them again on its next pass, as it
 * does the customers of new events. Written in the same transaction as the change.
 */
export async function touchForSegments(
  db: Kysely<Database>,
  profileIds: string[],
  now: number,
): Promise<void> {
  if (profileIds.length === 0) return;
  await db
    .insertInto("segment_touches")
    .values([...new Set(profileIds)].map((profile_id) => ({ profile_id, at: now })))
    .onConflict((oc) => oc.column("profile_id").doUpdateSet({ at: now }))
    .execute();
}
