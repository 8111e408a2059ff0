import { sql, type Insertable, type Kysely } from "kysely";
import { createHash } from "node:crypto";
import { identifierKey, type Identifier } from "../../core/profiles/identifier.js";
import { emptyIdentityView, type IdentityView } from "../../core/profiles/identity-resolution.js";
import type { Database, EventsTable, IdentifiersTable } from "../database-schema.js";
import { chunk } from "../transaction.js";

type Trx = Kysely<Database>;
type Maybe<T> = T | Promise<T>;

/**
 * The row work of an ingest run, per engine. The orchestration (IngestStore) is shared; the
 * SQLite implementation overrides the hot operations with cached prepared statements.
 */
export interface IngestRows {
  existingMessageIds(trx: Trx, sourceId: string, messageIds: string[]): Maybe<Set<string>>;
  anyErased(trx: Trx): Maybe<boolean>;
  erasedAmong(trx: Trx, hashes: string[]): Maybe<Set<string>>;
  lockIdentities(trx: Trx, ids: Identifier[]): Maybe<void>;
  loadIdentityView(trx: Trx, ids: Identifier[]): Maybe<IdentityView>;
  insertProfiles(trx: Trx, ids: string[], now: number): Maybe<void>;
  upsertIdentifiers(trx: Trx, rows: IdentifiersTable[]): Maybe<void>;
  insertEvents(trx: Trx, rows: Insertable<EventsTable>[]): Maybe<number>;
  displayNames(trx: Trx, profileIds: string[]): Maybe<Map<string, string | null>>;
  updateProfileTexts(trx: Trx, rows: ProfileText[], now: number): Maybe<void>;
}

export interface ProfileText {
  id: string;
  displayName: string | null;
  search: string;
}

/** 64-bit advisory lock key of an identifier, as a decimal string for PostgreSQL's bigint. */
function lockKey(key: string): string {
  return createHash("sha1").update(key).digest().readBigInt64BE(0).toString();
}

/** Set-based statements that work on both engines; PostgreSQL uses these. */
export class KyselyIngestRows implements IngestRows {
  constructor(private readonly postgres: boolean) {}

  async existingMessageIds(trx: Trx, sourceId: string, messageIds: string[]): Promise<Set<string>> {
    const existing = new Set<string>();
    for (const part of chunk(messageIds, 1000)) {
      const rows = await trx
        .selectFrom("events")
        .select("message_id")
        .where("source_id", "=", sourceId)
        .where("message_id", "in", part)
        .execute();
      for (const r of rows) existing.add(r.message_id);
    }
    return existing;
  }

  async anyErased(trx: Trx): Promise<boolean> {
    return (
      (await trx.selectFrom("erased_identifiers").select("hash").limit(1).executeTakeFirst()) !==
      undefined
    );
  }

  async erasedAmong(trx: Trx, hashes: string[]): Promise<Set<string>> {
    const erased = new Set<string>();
    for (const part of chunk(hashes, 1000)) {
      const rows = await trx
        .selectFrom("erased_identifiers")
        .select("hash")
        .where("hash", "in", part)
        .execute();
      for (const r of rows) erased.add(r.hash);
    }
    return erased;
  }

  async lockIdentities(trx: Trx, ids: Identifier[]): Promise<void> {
    if (this.postgres) await lockIdentifierKeys(trx, ids);
  }

  async loadIdentityView(trx: Trx, ids: Identifier[]): Promise<IdentityView> {
    let owners = await this.ownersOf(trx, ids);
    if (this.postgres) {
      // Lock the profiles the batch touches, then read again: a merge another process
      // committed while we waited may have moved our identifiers to a profile not yet locked.
      const locked = new Set<string>();
      for (let round = 0; ; round++) {
        const toLock = [...new Set(owners.map((o) => o.profile_id))]
          .filter((p) => !locked.has(p))
          .sort();
        if (toLock.length === 0) break;
        if (round >= 10)
          throw Object.assign(new Error("identity graph kept changing"), { code: "40001" });
        for (const part of chunk(toLock, 1000)) {
          await sql`select id from profiles where id in (${sql.join(part)}) order by id for update`.execute(
            trx,
          );
        }
        for (const p of toLock) locked.add(p);
        owners = await this.ownersOf(trx, ids);
      }
    }
    const view = emptyIdentityView();
    for (const r of owners) addRow(view, r);
    const profileIds = [...new Set(owners.map((o) => o.profile_id))];
    for (const part of chunk(profileIds, 1000)) {
      const rows = await trx
        .selectFrom("identifiers")
        .select(["type", "value", "profile_id"])
        .where("profile_id", "in", part)
        .where("type", "!=", "anonymous_id")
        .execute();
      for (const r of rows) addRow(view, r);
    }
    return view;
  }

  /** The stored owner of each of these identifiers (unknown ones are absent). */
  private async ownersOf(
    trx: Trx,
    ids: Identifier[],
  ): Promise<{ type: string; value: string; profile_id: string }[]> {
    const byType = new Map<string, string[]>();
    for (const id of ids) byType.set(id.type, [...(byType.get(id.type) ?? []), id.value]);
    const owners: { type: string; value: string; profile_id: string }[] = [];
    for (const [type, values] of byType) {
      for (const part of chunk(values, 1000)) {
        owners.push(
          ...(await trx
            .selectFrom("identifiers")
            .select(["type", "value", "profile_id"])
            .where("type", "=", type)
            .where("value", "in", part)
            .execute()),
        );
      }
    }
    return owners;
  }

  async insertProfiles(trx: Trx, ids: string[], now: number): Promise<void> {
    const rows = ids.map((id) => ({
      id,
      created_at: now,
      updated_at: now,
      merged_into: null,
      display_name: null,
      search: "",
    }));
    for (const part of chunk(rows, 500)) await trx.insertInto("profiles").values(part).execute();
  }

  async upsertIdentifiers(trx: Trx, rows: IdentifiersTable[]): Promise<void> {
    for (const part of chunk(rows, 500)) {
      await trx
        .insertInto("identifiers")
        .values(part)
        .onConflict((oc) =>
          oc
            .columns(["type", "value"])
            .doUpdateSet({ profile_id: (eb) => eb.ref("excluded.profile_id") }),
        )
        .execute();
    }
  }

  async insertEvents(trx: Trx, rows: Insertable<EventsTable>[]): Promise<number> {
    let stored = 0;
    for (const part of chunk(rows, 500)) {
      const inserted = await trx
        .insertInto("events")
        .values(part)
        .onConflict((oc) => oc.columns(["source_id", "message_id"]).doNothing())
        .executeTakeFirst();
      stored += Number(inserted.numInsertedOrUpdatedRows ?? 0);
    }
    return stored;
  }

  async displayNames(trx: Trx, profileIds: string[]): Promise<Map<string, string | null>> {
    const names = new Map<string, string | null>();
    for (const part of chunk(profileIds, 1000)) {
      const rows = await trx
        .selectFrom("profiles")
        .select(["id", "merged_into", "display_name", "updated_at"])
        .where((eb) => eb.or([eb("id", "in", part), eb("merged_into", "in", part)]))
        .where("display_name", "is not", null)
        .orderBy("updated_at", "asc")
        .execute();
      // A profile without a name takes the newest name of a profile merged into it.
      for (const r of rows) if (r.merged_into) names.set(r.merged_into, r.display_name);
      for (const r of rows) if (!r.merged_into) names.set(r.id, r.display_name);
    }
    return names;
  }

  async updateProfileTexts(trx: Trx, rows: ProfileText[], now: number): Promise<void> {
    if (!this.postgres) {
      for (const r of rows) {
        await trx
          .updateTable("profiles")
          .set({ updated_at: now, display_name: r.displayName, search: r.search })
          .where("id", "=", r.id)
          .execute();
      }
      return;
    }
    // One statement per chunk instead of a round trip per profile.
    for (const part of chunk(rows, 1000)) {
      await sql`update profiles as p set updated_at = ${now}, display_name = v.display_name, search = v.search
        from (select unnest(${part.map((r) => r.id)}::text[]) as id,
                     unnest(${part.map((r) => r.displayName)}::text[]) as display_name,
                     unnest(${part.map((r) => r.search)}::text[]) as search) as v
        where p.id = v.id`.execute(trx);
    }
  }
}

/**
 * Adds a stored identifier to the view once. Profiles are loaded with their strong identifiers
 * only (limits and merges need those); anonymous ids are unlimited and can be thousands per
 * person, so only the ones the batch names are loaded.
 */
export function addRow(
  view: IdentityView,
  r: { type: string; value: string; profile_id: string },
): void {
  const id = { type: r.type, value: r.value } as Identifier;
  const key = identifierKey(id);
  if (view.profileOf.get(key) === r.profile_id) return;
  view.profileOf.set(key, r.profile_id);
  const list = view.identifiersOf.get(r.profile_id);
  if (list) list.push(id);
  else view.identifiersOf.set(r.profile_id, [id]);
}

/**
 * PostgreSQL: transaction-scoped advisory locks on identifiers, taken in sorted order so two
 * processes never deadlock. Ingest and erasure both take them, so they never interleave on
 * the same person.
 */
export async function lockIdentifierKeys(trx: Trx, ids: Identifier[]): Promise<void> {
  if (ids.length === 0) return;
  const keys = [...new Set(ids.map((id) => lockKey(identifierKey(id))))].sort();
  await sql`select pg_advisory_xact_lock(k) from (select unnest(${keys}::bigint[]) as k order by 1) s`.execute(
    trx,
  );
}
