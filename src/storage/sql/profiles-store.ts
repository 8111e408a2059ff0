import { sql, type Kysely } from "kysely";
import type { Consent, ConsentChange } from "../../core/consent/consent.js";
import type {
  CustomerFacts,
  MergeRecord,
  Profile360,
  ProfileSummary,
  StoredEvent,
} from "../../core/profiles/profile-views.js";
import type { Identifier } from "../../core/profiles/identifier.js";
import { AppFailure, ErrorCode } from "../../core/shared/result.js";
import { readJson, type Database } from "../database-schema.js";
import type { Engine } from "../engine.js";
import { inTransaction } from "../transaction.js";
import { upsertConsents } from "./consent-writes.js";
import { customerFacts, toConsent } from "./customer-facts.js";
import { clusterMembers, profileCluster } from "./profile-cluster.js";
import { searchTextOf } from "./profile-text.js";
import { touchForSegments } from "./segment-touches.js";
import { mergeTraits } from "./trait-writes.js";

type EventRow = Database["events"] extends infer T ? { [K in keyof T]: unknown } : never;

export function toStoredEvent(r: EventRow): StoredEvent {
  return {
    id: Number(r.id),
    messageId: String(r.message_id),
    sourceId: String(r.source_id),
    brandId: String(r.brand_id),
    channel: String(r.channel),
    type: String(r.type),
    name: String(r.name),
    profileId: String(r.profile_id),
    timestamp: Number(r.timestamp),
    receivedAt: Number(r.received_at),
    properties: readJson(r.properties),
    traits: readJson(r.traits),
    context: readJson(r.context),
  };
}

/** Reading customers: search, the 360° view, the timeline; consent changes and merge undo. */
export class ProfilesStore {
  constructor(
    private readonly engine: Engine,
    private readonly db: Kysely<Database>,
  ) {}

  /**
   * Customers whose name or strong identifiers contain every word of the query ("fritsche
   * marco" finds Marco Fritsche), or contain one of its other spellings (`terms`: a card number
   * without spaces, a phone number in E.164), or who hold an identifier equal to the query (an
   * anonymous id, a social handle).
   */
  async search(query: string, limit = 25, terms: string[] = []): Promise<ProfileSummary[]> {
    const q = query.trim().toLowerCase();
    const words = [...new Set(q.split(/\s+/).filter(Boolean))];
    const spellings = [
      ...new Set(terms.map((t) => t.trim().toLowerCase()).filter((t) => t && t !== q)),
    ];
    let select = this.db
      .selectFrom("profiles")
      .select(["id", "display_name", "created_at", "updated_at"])
      .where("merged_into", "is", null)
      .orderBy("updated_at", "desc")
      .limit(Math.min(Math.max(limit, 1), 200));
    if (words.length > 0) {
      const like = (t: string) => {
        const escaped = t.replace(/[\\%_]/g, (c) => `\\${c}`);
        return sql<boolean>`search like ${`%${escaped}%`} escape '\\'`;
      };
      const exact = this.db
        .selectFrom("identifiers")
        .select("profile_id")
        .where("type", "in", [
          "user_id",
          "anonymous_id",
          "social",
          "email",
          "phone",
          "loyalty_card",
        ])
        .where("value", "=", query.trim());
      select = select.where((eb) =>
        eb.or([eb.and(words.map(like)), ...spellings.map(like), eb("id", "in", exact)]),
      );
    }
    const rows = await select.execute();
    return this.withIdentifiers(rows);
  }

  private async withIdentifiers(
    rows: { id: string; display_name: string | null; created_at: number; updated_at: number }[],
  ): Promise<ProfileSummary[]> {
    if (rows.length === 0) return [];
    const profileIds = rows.map((r) => r.id);
    const ids = await this.db
      .selectFrom("identifiers")
      .select(["type", "value", "profile_id"])
      .where("profile_id", "in", profileIds)
      .execute();
    // Newest touchpoint per customer, merged profiles included; the (profile_id, timestamp)
    // index answers each max() from its last entry.
    const members = await this.db
      .selectFrom("profiles")
      .select(["id", "merged_into"])
      .where((eb) => eb.or([eb("id", "in", profileIds), eb("merged_into", "in", profileIds)]))
      .execute();
    const seen = await this.db
      .selectFrom("events")
      .select(["profile_id", (eb) => eb.fn.max("timestamp").as("last")])
      .where(
        "profile_id",
        "in",
        members.map((m) => m.id),
      )
      .groupBy("profile_id")
      .execute();
    const lastSeen = new Map<string, number>();
    for (const row of seen) {
      const owner = members.find((m) => m.id === row.profile_id);
      const key = owner?.merged_into ?? row.profile_id;
      lastSeen.set(key, Math.max(lastSeen.get(key) ?? 0, Number(row.last)));
    }
    return rows.map((r) => ({
      id: r.id,
      displayName: r.display_name,
      createdAt: Number(r.created_at),
      updatedAt: Number(r.updated_at),
      lastSeenAt: lastSeen.get(r.id) ?? null,
      identifiers: ids
        .filter((i) => i.profile_id === r.id)
        .map((i) => ({ type: i.type, value: i.value }) as Identifier),
    }));
  }

  async findByIdentifier(id: Identifier): Promise<string | undefined> {
    const row = await this.db
      .selectFrom("identifiers")
      .select("profile_id")
      .where("type", "=", id.type)
      .where("value", "=", id.value)
      .executeTakeFirst();
    return row?.profile_id;
  }

  /** The 360° view; a merged-away id answers with the profile it was merged into. */
  async get(id: string): Promise<Profile360 | undefined> {
    const cluster = await profileCluster(this.db, id);
    if (!cluster) return undefined;
    const row = await this.db
      .selectFrom("profiles")
      .select(["id", "display_name", "created_at", "updated_at"])
      .where("id", "=", cluster.canonicalId)
      .executeTakeFirstOrThrow();
    const [summary] = await this.withIdentifiers([row]);
    const traitRows = await this.db
      .selectFrom("traits")
      .selectAll()
      .where("profile_id", "in", clusterMembers(this.db, cluster.canonicalId))
      .orderBy("updated_at", "asc")
      .execute();
    const traits: Record<string, Record<string, unknown>> = {};
    for (const t of traitRows)
      traits[t.brand_id] = { ...(traits[t.brand_id] ?? {}), ...readJson(t.traits) };
    const consentRows = await this.db
      .selectFrom("consents")
      .selectAll()
      .where("profile_id", "in", clusterMembers(this.db, cluster.canonicalId))
      .orderBy("at", "asc")
      .execute();
    const current = new Map<string, Consent>();
    for (const c of consentRows.map(toConsent)) current.set(`${c.brandId}/${c.purpose}`, c);
    const history = await this.db
      .selectFrom("consent_history")
      .selectAll()
      .where("profile_id", "in", clusterMembers(this.db, cluster.canonicalId))
      .orderBy("at", "desc")
      .limit(200)
      .execute();
    const merges = await this.db
      .selectFrom("merges")
      .selectAll()
      .where((eb) =>
        eb.or([
          eb("winner_id", "in", clusterMembers(this.db, cluster.canonicalId)),
          eb("loser_id", "in", clusterMembers(this.db, cluster.canonicalId)),
        ]),
      )
      .orderBy("created_at", "desc")
      .execute();
    return {
      ...(summary as ProfileSummary),
      traits,
      consents: [...current.values()],
      consentHistory: history.map((h) => ({ ...toConsent(h), recordedAt: Number(h.recorded_at) })),
      merges: merges.map((m) => ({
        id: m.id,
        winnerId: m.winner_id,
        loserId: m.loser_id,
        via: readJson<Identifier[]>(m.via),
        moved: readJson<Identifier[]>(m.moved),
        createdAt: Number(m.created_at),
        undoneAt: m.undone_at === null ? null : Number(m.undone_at),
      })),
      mergedProfileIds: cluster.ids.slice(1),
    };
  }

  /** Every touchpoint of the customer across brands and channels, newest first. */
  async events(
    id: string,
    options: { before?: number; beforeId?: number; limit?: number } = {},
  ): Promise<StoredEvent[] | undefined> {
    const cluster = await profileCluster(this.db, id);
    if (!cluster) return undefined;
    let q = this.db
      .selectFrom("events")
      .selectAll()
      .where("profile_id", "in", clusterMembers(this.db, cluster.canonicalId))
      .orderBy("timestamp", "desc")
      .orderBy("id", "desc")
      .limit(Math.min(Math.max(options.limit ?? 100, 1), 1000));
    const { before, beforeId } = options;
    if (before !== undefined && beforeId !== undefined) {
      // A (timestamp, id) cursor: events sharing the last timestamp of a page are not skipped.
      q = q.where((eb) =>
        eb.or([
          eb("timestamp", "<", before),
          eb.and([eb("timestamp", "=", before), eb("id", "<", beforeId)]),
        ]),
      );
    } else if (before !== undefined) q = q.where("timestamp", "<", before);
    return (await q.execute()).map(toStoredEvent);
  }

  async consentsOf(id: string): Promise<Consent[] | undefined> {
    return (await this.get(id))?.consents;
  }

  /** Journey facts (canonical id, traits, consents, address kinds) of many customers at once. */
  async facts(ids: string[]): Promise<Map<string, CustomerFacts>> {
    return customerFacts(this.engine, this.db, ids);
  }

  /** The profile an id stands for now: itself, or the one it was merged into. */
  async canonicalId(id: string): Promise<string | undefined> {
    return (await profileCluster(this.db, id))?.canonicalId;
  }

  /** Sets one trait of a customer, for a brand or ("" ) for the whole group. */
  async setTrait(
    id: string,
    brandId: string,
    key: string,
    value: unknown,
    now = Date.now(),
  ): Promise<void> {
    const cluster = await profileCluster(this.db, id);
    if (!cluster)
      throw new AppFailure({ code: ErrorCode.notFound, message: `no customer "${id}"` });
    await inTransaction(this.engine, this.db, async (trx) => {
      await mergeTraits(
        trx,
        [{ profileId: cluster.canonicalId, brandId, traits: { [key]: value } }],
        now,
      );
      await touchForSegments(trx, [cluster.canonicalId], now);
    });
  }

  async setConsent(id: string, change: ConsentChange, now = Date.now()): Promise<Consent[]> {
    const cluster = await profileCluster(this.db, id);
    if (!cluster)
      throw new AppFailure({ code: ErrorCode.notFound, message: `no customer "${id}"` });
    await inTransaction(this.engine, this.db, async (trx) => {
      await upsertConsents(trx, [{ profileId: cluster.canonicalId, change }], now);
      await touchForSegments(trx, [cluster.canonicalId], now);
    });
    return (await this.consentsOf(cluster.canonicalId)) ?? [];
  }

  /** Splits a merge: the identifiers the loser brought go back to it; its events never moved. */
  async undoMerge(mergeId: string, now = Date.now()): Promise<MergeRecord> {
    return inTransaction(this.engine, this.db, async (trx) => {
      const m = await trx
        .selectFrom("merges")
        .selectAll()
        .where("id", "=", mergeId)
        .executeTakeFirst();
      if (!m) throw new AppFailure({ code: ErrorCode.notFound, message: `no merge "${mergeId}"` });
      if (m.undone_at !== null) {
        throw new AppFailure({
          code: ErrorCode.conflict,
          message: `merge "${mergeId}" was already undone`,
        });
      }
      const moved = readJson<Identifier[]>(m.moved);
      const repointed = readJson<string[]>(m.repointed);
      for (const id of moved) {
        await trx
          .updateTable("identifiers")
          .set({ profile_id: m.loser_id })
          .where("type", "=", id.type)
          .where("value", "=", id.value)
          .execute();
      }
      await trx
        .updateTable("profiles")
        .set({ merged_into: null, updated_at: now })
        .where("id", "=", m.loser_id)
        .execute();
      const others = repointed.filter((p) => p !== m.loser_id);
      if (others.length > 0) {
        await trx
          .updateTable("profiles")
          .set({ merged_into: m.loser_id })
          .where("id", "in", others)
          .execute();
      }
      await trx.updateTable("merges").set({ undone_at: now }).where("id", "=", mergeId).execute();
      await touchForSegments(trx, [m.winner_id, m.loser_id], now);
      for (const profileId of [m.winner_id, m.loser_id]) {
        const p = await trx
          .selectFrom("profiles")
          .select("display_name")
          .where("id", "=", profileId)
          .executeTakeFirst();
        const ids = await trx
          .selectFrom("identifiers")
          .select(["type", "value"])
          .where("profile_id", "=", profileId)
          .execute();
        await trx
          .updateTable("profiles")
          .set({ search: searchTextOf(p?.display_name ?? null, ids as Identifier[]) })
          .where("id", "=", profileId)
          .execute();
      }
      return {
        id: m.id,
        winnerId: m.winner_id,
        loserId: m.loser_id,
        via: readJson<Identifier[]>(m.via),
        moved,
        createdAt: Number(m.created_at),
        undoneAt: now,
      };
    });
  }

  /**
   * Customers (canonical profiles) that hold a trait, with its value and their time zone, in
   * pages ordered by profile id: what date-trait journeys (birthday, contract end) scan.
   */
  async withTrait(
    trait: string,
    afterProfileId: string,
    limit: number,
  ): Promise<{ profileId: string; value: unknown; timeZone: unknown }[]> {
    // Trait names in definitions are free text; only plain names reach the JSON path.
    if (!/^[A-Za-z0-9_]{1,100}$/.test(trait)) return [];
    const value =
      this.engine === "postgres"
        ? sql<unknown>`t.traits ->> ${trait}`
        : sql<unknown>`json_extract(t.traits, ${`$.${trait}`})`;
    const zone =
      this.engine === "postgres"
        ? sql<unknown>`coalesce(t.traits ->> 'timeZone', t.traits ->> 'timezone')`
        : sql<unknown>`coalesce(json_extract(t.traits, '$.timeZone'), json_extract(t.traits, '$.timezone'))`;
    const rows = await this.db
      .selectFrom("traits as t")
      .innerJoin("profiles as p", "p.id", "t.profile_id")
      .select(["t.profile_id as profileId", value.as("value"), zone.as("timeZone")])
      .where("p.merged_into", "is", null)
      .where("t.profile_id", ">", afterProfileId)
      .where(value, "is not", null)
      .orderBy("t.profile_id")
      .limit(limit)
      .execute();
    return rows;
  }

  async count(): Promise<{ profiles: number; events: number }> {
    const p = await this.db
      .selectFrom("profiles")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("merged_into", "is", null)
      .executeTakeFirstOrThrow();
    const e = await this.db
      .selectFrom("events")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return { profiles: Number(p.n), events: Number(e.n) };
  }
}
