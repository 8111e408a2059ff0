import type { Kysely } from "kysely";
import type { Database } from "../database-schema.js";
import type { StoredEvent } from "../../core/profiles/profile-views.js";
import { toStoredEvent } from "./profiles-store.js";

/** Reading the event stream as it arrives: the live view polls with `afterId`. */
export class EventsStore {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Without `afterId`: the newest events. With it: the events right after it (so a poller that
   * continues from the highest id it got never skips any), newest first like the first page.
   */
  async recent(options: { afterId?: number; limit?: number } = {}): Promise<StoredEvent[]> {
    const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
    if (options.afterId === undefined) {
      const rows = await this.db
        .selectFrom("events")
        .selectAll()
        .orderBy("id", "desc")
        .limit(limit)
        .execute();
      return rows.map(toStoredEvent);
    }
    const rows = await this.db
      .selectFrom("events")
      .selectAll()
      .where("id", ">", options.afterId)
      .orderBy("id", "asc")
      .limit(limit)
      .execute();
    return rows.map(toStoredEvent).reverse();
  }

  /** The id of the newest stored event (0 if none): one step down the primary key. */
  async latestId(): Promise<number> {
    const row = await this.db
      .selectFrom("events")
      .select((eb) => eb.fn.max("id").as("id"))
      .executeTakeFirst();
    return Number(row?.id ?? 0);
  }
}
