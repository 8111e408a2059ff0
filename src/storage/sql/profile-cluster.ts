import type { Kysely, SelectQueryBuilder } from "kysely";
import type { Database } from "../database-schema.js";

/**
 * A profile and every profile merged into it. Events, traits and consents stay on the
 * profile that received them, so that a merge can be undone; readers see the cluster.
 */
export async function profileCluster(
  db: Kysely<Database>,
  id: string,
): Promise<{ canonicalId: string; ids: string[] } | undefined> {
  const row = await db
    .selectFrom("profiles")
    .select(["id", "merged_into"])
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) return undefined;
  const canonicalId = row.merged_into ?? row.id;
  const merged = await db
    .selectFrom("profiles")
    .select("id")
    .where("merged_into", "=", canonicalId)
    .execute();
  return { canonicalId, ids: [canonicalId, ...merged.map((m) => m.id)] };
}

/**
 * The cluster's profile ids as a subquery: one bound parameter however many profiles were
 * merged (an IN list of ids would break the engines' parameter limits for a huge cluster).
 */
export function clusterMembers(
  db: Kysely<Database>,
  canonicalId: string,
): SelectQueryBuilder<Database, "profiles", { id: string }> {
  return db
    .selectFrom("profiles")
    .select("id")
    .where((eb) => eb.or([eb("id", "=", canonicalId), eb("merged_into", "=", canonicalId)]));
}
