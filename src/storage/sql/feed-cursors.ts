import type { Kysely } from "kysely";
import type { Database } from "../database-schema.js";

/**
 * Positions in the feeds workers read, kept in the database so the next process continues
 * where the last one stopped: stored events for journeys and for segments, and segment
 * entries and exits for journeys.
 */
export type FeedCursor = "journey_feed_cursor" | "journey_segment_cursor" | "segment_event_cursor";

export async function readCursor(db: Kysely<Database>, key: FeedCursor): Promise<number> {
  const row = await db
    .selectFrom("settings")
    .select("value")
    .where("key", "=", key)
    .executeTakeFirst();
  return row ? Number(row.value) : 0;
}

export async function writeCursor(
  db: Kysely<Database>,
  key: FeedCursor,
  value: number,
): Promise<void> {
  await db
    .insertInto("settings")
    .values({ key, value: String(value) })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value: String(value) }))
    .execute();
}
