import { sql, type Kysely } from "kysely";
import { createHash } from "node:crypto";
import type { NormalizedEvent } from "../../core/collect/normalized-event.js";
import type { ConsentChange } from "../../core/consent/consent.js";
import { identifierKey, type Identifier } from "../../core/profiles/identifier.js";
import type { IdentityLimits } from "../../core/profiles/identity-limits.js";
import {
  applyIdentityPlan,
  emptyIdentityView,
  resolveIdentity,
  type IdentityView,
} from "../../core/profiles/identity-resolution.js";
import { newId } from "../../core/shared/ids.js";
import type { Insertable } from "kysely";
import type { Database, EventsTable, IdentifiersTable } from "../database-schema.js";
import type { Engine } from "../engine.js";
import { chunk, inTransaction } from "../transaction.js";
import { displayNameOf, searchTextOf } from "./profile-text.js";
import { upsertConsents } from "./consent-writes.js";
import type { ErasureHasher } from "./erasure-hasher.js";
import { mergeTraits } from "./trait-writes.js";

export interface IngestResult {
  stored: number;
  duplicates: number;
  /** Events of erased people, not stored so that old data cannot bring them back. */
  suppressed: number;
  profilesCreated: number;
  merges: number;
  refusedMerges: number;
}

/** 64-bit advisory lock key of an identifier, as a decimal string for PostgreSQL's bigint. */
function lockKey(key: string): string {
  return createHash("sha1").update(key).digest().readBigInt64BE(0).toString();
}

/**
 * Stores a batch of events in one transaction: drops retries (same source + messageId),
 * suppresses erased people, resolves every event to one profile (creating, attaching and
 * merging), and writes events, traits and consents. Either all of it is stored or nothing.
 */
export class IngestStore {
  constructor(
    private readonly engine: Engine,
    private readonly db: Kysely<Database>,
    private readonly limits: IdentityLimits,
    private readonly hasher: ErasureHasher,
  ) {}

  async ingest(events: NormalizedEvent[], now = Date.now()): Promise<IngestResult> {
    const result: IngestResult = {
      stored: 0,
      duplicates: 0,
      suppressed: 0,
      profilesCreated: 0,
      merges: 0,
      refusedMerges: 0,
    };
    if (events.length === 0) return result;
    return inTransaction(this.engine, this.db, async (trx) => {
      const fresh = await this.dropDuplicates(trx, events, result);
      const alive = await this.dropErased(trx, fresh, result);
      if (alive.length === 0) return result;
      const allIds = uniqueIdentifiers(alive.flatMap((e) => e.identifiers));
      if (this.engine === "postgres") await lockIdentifiers(trx, allIds);
      const view = await loadIdentityView(trx, allIds);
      if (this.engine === "postgres" && view.identifiersOf.size > 0) {
        // Profiles another process may merge concurrently: lock them, then reload what they hold.
        await sql`select id from profiles where id in (${sql.join([...view.identifiersOf.keys()])}) order by id for update`.execute(
          trx,
        );
        Object.assign(view, await loadIdentityView(trx, allIds));
      }
      await this.resolveAndWrite(trx, alive, view, now, result);
      return result;
    });
  }

  private async dropDuplicates(
    trx: Kysely<Database>,
    events: NormalizedEvent[],
    result: IngestResult,
  ): Promise<NormalizedEvent[]> {
    const seen = new Set<string>();
    const unique: NormalizedEvent[] = [];
    for (const e of events) {
      const key = `${e.sourceId}\u0000${e.messageId}`;
      if (seen.has(key)) result.duplicates++;
      else {
        seen.add(key);
        unique.push(e);
      }
    }
    const existing = new Set<string>();
    const bySource = new Map<string, string[]>();
    for (const e of unique) bySource.set(e.sourceId, [...(bySource.get(e.sourceId) ?? []), e.messageId]);
    for (const [sourceId, ids] of bySource) {
      for (const part of chunk(ids, 1000)) {
        const rows = await trx
          .selectFrom("events")
          .select("message_id")
          .where("source_id", "=", sourceId)
          .where("message_id", "in", part)
          .execute();
        for (const r of rows) existing.add(`${sourceId}\u0000${r.message_id}`);
      }
    }
    const fresh = unique.filter((e) => !existing.has(`${e.sourceId}\u0000${e.messageId}`));
    result.duplicates += unique.length - fresh.length;
    return fresh;
  }

  private async dropErased(
    trx: Kysely<Database>,
    events: NormalizedEvent[],
    result: IngestResult,
  ): Promise<NormalizedEvent[]> {
    const hashes = new Map<string, string>();
    for (const e of events) for (const id of e.identifiers) hashes.set(identifierKey(id), this.hasher(id));
    if (hashes.size === 0) return events;
    const erased = new Set<string>();
    for (const part of chunk([...hashes.values()], 1000)) {
      const rows = await trx
        .selectFrom("erased_identifiers")
        .select("hash")
        .where("hash", "in", part)
        .execute();
      for (const r of rows) erased.add(r.hash);
    }
    if (erased.size === 0) return events;
    const alive = events.filter(
      (e) => !e.identifiers.some((id) => erased.has(hashes.get(identifierKey(id)) ?? "")),
    );
    result.suppressed += events.length - alive.length;
    return alive;
  }

  private async resolveAndWrite(
    trx: Kysely<Database>,
    events: NormalizedEvent[],
    view: IdentityView,
    now: number,
    result: IngestResult,
  ): Promise<void> {
    const newProfiles = new Set<string>();
    const attach: IdentifiersTable[] = [];
    const touched = new Set<string>();
    const eventRows: Insertable<EventsTable>[] = [];
    const traitWrites: { profileId: string; brandId: string; traits: Record<string, unknown> }[] = [];
    const consentWrites: { profileId: string; change: ConsentChange }[] = [];
    for (const event of events) {
      const plan = resolveIdentity(view, event.identifiers, this.limits, newId("prf", now));
      applyIdentityPlan(view, plan);
      result.refusedMerges += plan.refusedMerges.length;
      if (plan.isNew) newProfiles.add(plan.profileId);
      touched.add(plan.profileId);
      for (const id of plan.attach) {
        attach.push({ type: id.type, value: id.value, profile_id: plan.profileId, created_at: now });
      }
      for (const merge of plan.merges) {
        // Identifiers attached earlier in this batch must be written before they move.
        await flushIdentifiers(trx, attach, newProfiles, now, result);
        await mergeProfiles(trx, plan.profileId, merge, now);
        result.merges++;
      }
      eventRows.push({
        message_id: event.messageId,
        source_id: event.sourceId,
        brand_id: event.brandId,
        channel: event.channel,
        type: event.type,
        name: event.name,
        profile_id: plan.profileId,
        user_id: event.userId,
        anonymous_id: event.anonymousId,
        timestamp: event.timestamp,
        received_at: event.receivedAt,
        properties: JSON.stringify(event.properties),
        traits: JSON.stringify(event.traits),
        context: JSON.stringify(event.context),
      });
      if (event.type === "identify" && Object.keys(event.traits).length > 0) {
        traitWrites.push({ profileId: plan.profileId, brandId: event.brandId, traits: event.traits });
      }
      for (const change of event.consentChanges) consentWrites.push({ profileId: plan.profileId, change });
    }
    await flushIdentifiers(trx, attach, newProfiles, now, result);
    for (const part of chunk(eventRows, 500)) {
      const inserted = await trx
        .insertInto("events")
        .values(part)
        .onConflict((oc) => oc.columns(["source_id", "message_id"]).doNothing())
        .executeTakeFirst();
      result.stored += Number(inserted.numInsertedOrUpdatedRows ?? 0);
    }
    result.duplicates += eventRows.length - result.stored;
    const traitsByProfile = await mergeTraits(trx, traitWrites, now);
    await upsertConsents(trx, consentWrites, now);
    await touchProfiles(trx, touched, traitsByProfile, view, now);
  }
}

function uniqueIdentifiers(ids: Identifier[]): Identifier[] {
  const map = new Map<string, Identifier>();
  for (const id of ids) map.set(identifierKey(id), id);
  return [...map.values()];
}

async function lockIdentifiers(trx: Kysely<Database>, ids: Identifier[]): Promise<void> {
  const keys = [...new Set(ids.map((id) => lockKey(identifierKey(id))))].sort();
  if (keys.length === 0) return;
  // Sorted so that two processes always take overlapping locks in the same order.
  await sql`select pg_advisory_xact_lock(k) from (select unnest(${keys}::bigint[]) as k order by 1) s`.execute(
    trx,
  );
}

export async function loadIdentityView(trx: Kysely<Database>, ids: Identifier[]): Promise<IdentityView> {
  const view = emptyIdentityView();
  const byType = new Map<string, string[]>();
  for (const id of ids) byType.set(id.type, [...(byType.get(id.type) ?? []), id.value]);
  const profileIds = new Set<string>();
  for (const [type, values] of byType) {
    for (const part of chunk(values, 1000)) {
      const rows = await trx
        .selectFrom("identifiers")
        .select("profile_id")
        .where("type", "=", type)
        .where("value", "in", part)
        .execute();
      for (const r of rows) profileIds.add(r.profile_id);
    }
  }
  for (const part of chunk([...profileIds], 1000)) {
    const rows = await trx
      .selectFrom("identifiers")
      .select(["type", "value", "profile_id"])
      .where("profile_id", "in", part)
      .execute();
    for (const r of rows) {
      const id = { type: r.type, value: r.value } as Identifier;
      view.profileOf.set(identifierKey(id), r.profile_id);
      view.identifiersOf.set(r.profile_id, [...(view.identifiersOf.get(r.profile_id) ?? []), id]);
    }
  }
  return view;
}

async function flushIdentifiers(
  trx: Kysely<Database>,
  attach: IdentifiersTable[],
  newProfiles: Set<string>,
  now: number,
  result: IngestResult,
): Promise<void> {
  if (newProfiles.size > 0) {
    const rows = [...newProfiles].map((id) => ({
      id,
      created_at: now,
      updated_at: now,
      merged_into: null,
      display_name: null,
      search: "",
    }));
    for (const part of chunk(rows, 500)) await trx.insertInto("profiles").values(part).execute();
    result.profilesCreated += newProfiles.size;
    newProfiles.clear();
  }
  for (const part of chunk(attach, 500)) {
    await trx
      .insertInto("identifiers")
      .values(part)
      .onConflict((oc) => oc.columns(["type", "value"]).doUpdateSet({ profile_id: (eb) => eb.ref("excluded.profile_id") }))
      .execute();
  }
  attach.length = 0;
}

async function mergeProfiles(
  trx: Kysely<Database>,
  winnerId: string,
  merge: { loserId: string; moved: Identifier[]; via: Identifier[] },
  now: number,
): Promise<void> {
  const repointed = await trx
    .selectFrom("profiles")
    .select("id")
    .where((eb) => eb.or([eb("merged_into", "=", merge.loserId), eb("id", "=", merge.loserId)]))
    .execute();
  await trx.updateTable("identifiers").set({ profile_id: winnerId }).where("profile_id", "=", merge.loserId).execute();
  await trx
    .updateTable("profiles")
    .set({ merged_into: winnerId, updated_at: now })
    .where((eb) => eb.or([eb("merged_into", "=", merge.loserId), eb("id", "=", merge.loserId)]))
    .execute();
  await trx
    .insertInto("merges")
    .values({
      id: newId("mrg", now),
      winner_id: winnerId,
      loser_id: merge.loserId,
      via: JSON.stringify(merge.via),
      moved: JSON.stringify(merge.moved),
      repointed: JSON.stringify(repointed.map((r) => r.id)),
      created_at: now,
      undone_at: null,
    })
    .execute();
}

async function touchProfiles(
  trx: Kysely<Database>,
  touched: Set<string>,
  traitsByProfile: Map<string, Record<string, unknown>>,
  view: IdentityView,
  now: number,
): Promise<void> {
  const ids = [...touched];
  const existing = new Map<string, string | null>();
  for (const part of chunk(ids, 1000)) {
    const rows = await trx
      .selectFrom("profiles")
      .select(["id", "display_name"])
      .where("id", "in", part)
      .execute();
    for (const r of rows) existing.set(r.id, r.display_name);
  }
  for (const profileId of ids) {
    const traits = traitsByProfile.get(profileId);
    const displayName = (traits && displayNameOf(traits)) ?? existing.get(profileId) ?? null;
    await trx
      .updateTable("profiles")
      .set({
        updated_at: now,
        display_name: displayName,
        search: searchTextOf(displayName, view.identifiersOf.get(profileId) ?? []),
      })
      .where("id", "=", profileId)
      .execute();
  }
}
