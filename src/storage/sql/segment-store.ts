import { isDeepStrictEqual } from "node:util";
import { sql, type Kysely, type Selectable } from "kysely";
import type { MembershipChange, SegmentEvent } from "../../core/segments/evaluate-segment.js";
import type { SegmentDefinition } from "../../core/segments/segment-definition.js";
import { readJson, type Database } from "../database-schema.js";
import type { Engine } from "../engine.js";
import { chunk, inTransaction } from "../transaction.js";
import { readCursor, writeCursor, type FeedCursor } from "./feed-cursors.js";
import { idChunkSize, idIn } from "./id-list.js";

export interface StoredSegment {
  definition: SegmentDefinition;
  members: number;
  createdAt: number;
  updatedAt: number;
  updatedBy: string;
  /** When membership was last computed in full; null while the rule is new or changed. */
  builtAt: number | null;
  /** While a build runs: customers checked so far, of `customers`. */
  build: { done: number; customers: number } | null;
}

export interface SegmentChangeRow extends MembershipChange {
  id: number;
  at: number;
  /** Recorded by a segment's first build: the members it had already, not people who joined. */
  initial: boolean;
}

export interface SegmentMemberRow {
  profileId: string;
  displayName: string | null;
  enteredAt: number;
}

/** Segments, who is in them, and every entry and exit in order (the journeys' segment feed). */
export class SegmentStore {
  constructor(
    private readonly engine: Engine,
    private readonly db: Kysely<Database>,
  ) {}

  private async counts(): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom("segment_members")
      .select(["segment_id", (eb) => eb.fn.countAll<number>().as("n")])
      .groupBy("segment_id")
      .execute();
    return new Map(rows.map((r) => [r.segment_id, Number(r.n)]));
  }

  async list(): Promise<StoredSegment[]> {
    const rows = await this.db.selectFrom("segments").selectAll().orderBy("name").execute();
    const counts = await this.counts();
    const customers = rows.some((r) => r.built_at === null) ? await this.customerCount() : 0;
    return rows.map((r) => toStored(r, counts.get(r.id) ?? 0, customers));
  }

  /** Every segment's definition and whether it is built, without member counts (cheap). */
  async definitions(): Promise<{ definition: SegmentDefinition; builtAt: number | null }[]> {
    const rows = await this.db
      .selectFrom("segments")
      .select(["definition", "built_at"])
      .orderBy("id")
      .execute();
    return rows.map((r) => ({
      definition: readJson<SegmentDefinition>(r.definition),
      builtAt: r.built_at === null ? null : Number(r.built_at),
    }));
  }

  /** When each segment's definition was last saved (cheap: no member counts). */
  async savedAt(): Promise<Map<string, number>> {
    const rows = await this.db.selectFrom("segments").select(["id", "updated_at"]).execute();
    return new Map(rows.map((r) => [r.id, Number(r.updated_at)]));
  }

  async get(id: string): Promise<StoredSegment | undefined> {
    const row = await this.db
      .selectFrom("segments")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    if (!row) return undefined;
    const n = await this.db
      .selectFrom("segment_members")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("segment_id", "=", id)
      .executeTakeFirstOrThrow();
    const customers = row.built_at === null ? await this.customerCount() : 0;
    return toStored(row, Number(n.n), customers);
  }

  /**
   * Creates or replaces a segment. A changed rule marks it for a new build (`builtAt` null);
   * members stay until the build says who is in now.
   */
  async save(
    definition: SegmentDefinition,
    by: string,
    now: number,
  ): Promise<{ created: boolean; ruleChanged: boolean }> {
    return inTransaction(this.engine, this.db, async (trx) => {
      const existing = await trx
        .selectFrom("segments")
        .select(["definition"])
        .where("id", "=", definition.id)
        .executeTakeFirst();
      const json = JSON.stringify(definition);
      if (!existing) {
        await trx
          .insertInto("segments")
          .values({
            id: definition.id,
            name: definition.name,
            definition: json,
            created_at: now,
            updated_at: now,
            updated_by: by,
            built_at: null,
            build_done: 0,
          })
          .execute();
        return { created: true, ruleChanged: true };
      }
      const before = readJson<SegmentDefinition>(existing.definition);
      // JSONB keeps keys in its own order: compare values, not text.
      const ruleChanged = !isDeepStrictEqual(before.rule, definition.rule);
      await trx
        .updateTable("segments")
        .set({
          name: definition.name,
          definition: json,
          updated_at: now,
          updated_by: by,
          ...(ruleChanged ? { built_at: null, build_done: 0 } : {}),
        })
        .where("id", "=", definition.id)
        .execute();
      return { created: false, ruleChanged };
    });
  }

  /** Deletes a segment with its members and history; false when there was none. */
  async remove(id: string): Promise<boolean> {
    return inTransaction(this.engine, this.db, async (trx) => {
      await trx.deleteFrom("segment_members").where("segment_id", "=", id).execute();
      await trx.deleteFrom("segment_changes").where("segment_id", "=", id).execute();
      const result = await trx.deleteFrom("segments").where("id", "=", id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    });
  }

  /**
   * Marks a segment built, unless its rule changed after `ruleAsOf` (the build began): then
   * the build stands for an old rule and another is needed. True when marked.
   */
  /** How far the build in progress has come (shown while the segment is being computed). */
  async setBuildProgress(ids: string[], done: number): Promise<void> {
    if (ids.length > 0)
      await this.db
        .updateTable("segments")
        .set({ build_done: done })
        .where("id", "in", ids)
        .where("built_at", "is", null)
        .execute();
  }

  async markBuilt(id: string, now: number, ruleAsOf = now): Promise<boolean> {
    const result = await this.db
      .updateTable("segments")
      .set({ built_at: now })
      .where("id", "=", id)
      .where("updated_at", "<=", ruleAsOf)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** The segments each customer is in now. */
  async membershipsOf(profileIds: string[]): Promise<Map<string, Set<string>>> {
    const answer = new Map<string, Set<string>>();
    for (const part of chunk([...new Set(profileIds)], idChunkSize(this.engine))) {
      const rows = await this.db
        .selectFrom("segment_members")
        .select(["profile_id", "segment_id"])
        .where(idIn(this.engine, "profile_id", part))
        .execute();
      for (const r of rows) {
        const set = answer.get(r.profile_id) ?? new Set<string>();
        set.add(r.segment_id);
        answer.set(r.profile_id, set);
      }
    }
    return answer;
  }

  /** The segments one customer is in, with when they entered each. */
  async membershipOf(profileId: string): Promise<{ segmentId: string; enteredAt: number }[]> {
    const rows = await this.db
      .selectFrom("segment_members")
      .select(["segment_id", "entered_at"])
      .where("profile_id", "=", profileId)
      .orderBy("entered_at", "desc")
      .execute();
    return rows.map((r) => ({ segmentId: r.segment_id, enteredAt: Number(r.entered_at) }));
  }

  /**
   * Writes entries and exits with their history rows, in one transaction: membership and its
   * history never disagree. `initial` marks a first build's members.
   */
  async applyChanges(changes: MembershipChange[], now: number, initial = false): Promise<void> {
    if (changes.length === 0) return;
    await inTransaction(this.engine, this.db, async (trx) => {
      for (const part of chunk(changes, 200)) {
        const enters = part.filter((c) => c.change === "enter");
        const leaves = part.filter((c) => c.change === "leave");
        if (enters.length > 0)
          await trx
            .insertInto("segment_members")
            .values(
              enters.map((c) => ({
                segment_id: c.segmentId,
                profile_id: c.profileId,
                entered_at: now,
              })),
            )
            .onConflict((oc) => oc.columns(["segment_id", "profile_id"]).doNothing())
            .execute();
        for (const c of leaves)
          await trx
            .deleteFrom("segment_members")
            .where("segment_id", "=", c.segmentId)
            .where("profile_id", "=", c.profileId)
            .execute();
        await trx
          .insertInto("segment_changes")
          .values(
            part.map((c) => ({
              segment_id: c.segmentId,
              profile_id: c.profileId,
              change: c.change,
              at: now,
              initial: initial ? 1 : 0,
            })),
          )
          .execute();
      }
    });
  }

  /** Removes memberships without recording them (a profile merged into another, or erased). */
  async dropMemberships(profileIds: string[]): Promise<void> {
    for (const part of chunk(profileIds, idChunkSize(this.engine)))
      await this.db
        .deleteFrom("segment_members")
        .where(idIn(this.engine, "profile_id", part))
        .execute();
  }

  /** Customers changed without an event, oldest first (see `touchForSegments`). */
  async touched(limit: number): Promise<{ profileId: string; at: number }[]> {
    const rows = await this.db
      .selectFrom("segment_touches")
      .selectAll()
      .orderBy("at")
      .limit(limit)
      .execute();
    return rows.map((r) => ({ profileId: r.profile_id, at: Number(r.at) }));
  }

  /** Forgets touches once checked; one touched again meanwhile stays for the next pass. */
  async clearTouches(touches: { profileId: string; at: number }[]): Promise<void> {
    for (const part of chunk(touches, 200))
      await this.db
        .deleteFrom("segment_touches")
        .where((eb) =>
          eb.or(part.map((t) => eb.and([eb("profile_id", "=", t.profileId), eb("at", "=", t.at)]))),
        )
        .execute();
  }

  /** A page of a segment's members, newest entries first. */
  async members(
    segmentId: string,
    options: { limit: number; offset: number },
  ): Promise<SegmentMemberRow[]> {
    const rows = await this.db
      .selectFrom("segment_members as m")
      .leftJoin("profiles as p", "p.id", "m.profile_id")
      .select(["m.profile_id", "m.entered_at", "p.display_name"])
      .where("m.segment_id", "=", segmentId)
      .orderBy("m.entered_at", "desc")
      .orderBy("m.profile_id")
      .limit(options.limit)
      .offset(options.offset)
      .execute();
    return rows.map((r) => ({
      profileId: r.profile_id,
      displayName: r.display_name ?? null,
      enteredAt: Number(r.entered_at),
    }));
  }

  /** Entries and exits after a position, oldest first (what journeys read). */
  async changesAfter(afterId: number, limit: number): Promise<SegmentChangeRow[]> {
    const rows = await this.db
      .selectFrom("segment_changes")
      .selectAll()
      .where("id", ">", afterId)
      .orderBy("id")
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: Number(r.id),
      segmentId: r.segment_id,
      profileId: r.profile_id,
      change: r.change as MembershipChange["change"],
      at: Number(r.at),
      initial: Number(r.initial) === 1,
    }));
  }

  /** The newest entry or exit recorded before a time (0 if none). */
  async lastChangeId(before = Number.MAX_SAFE_INTEGER): Promise<number> {
    const row = await this.db
      .selectFrom("segment_changes")
      .select((eb) => eb.fn.max("id").as("id"))
      .where("at", "<", before)
      .executeTakeFirst();
    return Number(row?.id ?? 0);
  }

  /** Entries and exits per day since a time (first builds left out): the segment's trend. */
  async trend(
    segmentId: string,
    since: number,
  ): Promise<{ day: string; entered: number; left: number }[]> {
    const day =
      this.engine === "postgres"
        ? sql<string>`to_char(to_timestamp(at / 1000) at time zone 'UTC', 'YYYY-MM-DD')`
        : sql<string>`strftime('%Y-%m-%d', at / 1000, 'unixepoch')`;
    const rows = await this.db
      .selectFrom("segment_changes")
      .select([day.as("day"), "change", (eb) => eb.fn.countAll<number>().as("n")])
      .where("segment_id", "=", segmentId)
      .where("at", ">=", since)
      .where("initial", "=", 0)
      .groupBy([day, "change"])
      .execute();
    const byDay = new Map<string, { day: string; entered: number; left: number }>();
    for (const r of rows) {
      const entry = byDay.get(r.day) ?? { day: r.day, entered: 0, left: 0 };
      if (r.change === "enter") entry.entered += Number(r.n);
      else entry.left += Number(r.n);
      byDay.set(r.day, entry);
    }
    return [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day));
  }

  /** A page of customers (canonical profiles only), by id: what a full build walks through. */
  async customerPage(afterId: string, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom("profiles")
      .select("id")
      .where("merged_into", "is", null)
      .where("id", ">", afterId)
      .orderBy("id")
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  async customerCount(): Promise<number> {
    const row = await this.db
      .selectFrom("profiles")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("merged_into", "is", null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * The events segment rules need of these profiles: by name, each from its own time on
   * (`eventNeeds`), keyed by profile id.
   */
  async eventsOf(
    profileIds: string[],
    needs: Map<string, number>,
  ): Promise<Map<string, SegmentEvent[]>> {
    const answer = new Map<string, SegmentEvent[]>();
    if (needs.size === 0 || profileIds.length === 0) return answer;
    // SQLite would walk the (name, timestamp) index through every customer's orders; `+name`
    // keeps it on (profile_id, timestamp), a few rows per customer. PostgreSQL plans well.
    const nameColumn = this.engine === "sqlite" ? sql<string>`+name` : sql<string>`name`;
    for (const part of chunk([...new Set(profileIds)], idChunkSize(this.engine) - needs.size * 2)) {
      const rows = await this.db
        .selectFrom("events")
        .select(["profile_id", "name", "brand_id", "timestamp", "properties"])
        .where(idIn(this.engine, "profile_id", part))
        .where((eb) =>
          eb.or(
            [...needs].map(([name, since]) =>
              eb.and([eb(nameColumn, "=", name), eb("timestamp", ">=", since)]),
            ),
          ),
        )
        .execute();
      for (const r of rows) {
        const list = answer.get(r.profile_id) ?? [];
        list.push({
          name: r.name,
          brandId: r.brand_id,
          timestamp: Number(r.timestamp),
          properties: readJson(r.properties),
        });
        answer.set(r.profile_id, list);
      }
    }
    return answer;
  }

  async cursor(key: Exclude<FeedCursor, "journey_feed_cursor">): Promise<number> {
    return readCursor(this.db, key);
  }

  async setCursor(key: Exclude<FeedCursor, "journey_feed_cursor">, value: number): Promise<void> {
    await writeCursor(this.db, key, value);
  }
}

function toStored(
  row: Selectable<Database["segments"]>,
  members: number,
  customers: number,
): StoredSegment {
  return {
    definition: readJson<SegmentDefinition>(row.definition),
    members,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    updatedBy: row.updated_by,
    builtAt: row.built_at === null ? null : Number(row.built_at),
    build:
      row.built_at === null
        ? { done: Math.min(Number(row.build_done), customers), customers }
        : null,
  };
}
