import type { Kysely } from "kysely";
import type { Database } from "../database-schema.js";
import { toStoredEvent, type StoredEvent } from "./profiles-store.js";

/** Reading the event stream as it arrives: the live view polls with `afterId`. */
export class EventsStore {
  constructor(private readonly db: Kysely<Database>) {}

  async recent(options: { afterId?: number; limit?: number } = {}): Promise<StoredEvent[]> {
    let q = this.db
      .selectFrom("events")
      .selectAll()
      .orderBy("id", "desc")
      .limit(Math.min(Math.max(options.limit ?? 50, 1), 500));
    if (options.afterId !== undefined) q = q.where("id", ">", options.afterId);
    return (await q.execute()).map(toStoredEvent);
  }
}
