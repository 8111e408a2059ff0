import type { ExpressionBuilder, Insertable, Kysely } from "kysely";
import type { NormalizedEvent } from "../../core/collect/normalized-event.js";
import type { ConsentChange } from "../../core/consent/consent.js";
import { identifierKey, type Identifier } from "../../core/profiles/identifier.js";
import type { IdentityLimits } from "../../core/profiles/identity-limits.js";
import {
  applyIdentityPlan,
  resolveIdentity,
  type IdentityView,
} from "../../core/profiles/identity-resolution.js";
import { newId } from "../../core/shared/ids.js";
import type { Database, EventsTable, IdentifiersTable } from "../database-schema.js";
import type { Engine } from "../engine.js";
import { inTransaction } from "../transaction.js";
import { upsertConsents } from "./consent-writes.js";
import type { ErasureHasher } from "./erasure-hasher.js";
import type { IngestRows } from "./ingest-rows.js";
import { displayNameOf, searchTextOf } from "./profile-text.js";
import { mergeTraits } from "./trait-writes.js";

type Trx = Kysely<Database>;

/** An event and the result of the batch it came in. */
interface Item {
  event: NormalizedEvent;
  result: IngestResult;
}

const emptyResult = (): IngestResult => ({
  stored: 0,
  duplicates: 0,
  suppressed: 0,
  profilesCreated: 0,
  merges: 0,
  refusedMerges: 0,
});

export interface IngestResult {
  stored: number;
  duplicates: number;
  /** Events of erased people, not stored so that old data cannot bring them back. */
  suppressed: number;
  profilesCreated: number;
  merges: number;
  refusedMerges: number;
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
    private readonly rows: IngestRows,
    private readonly limits: IdentityLimits,
    private readonly hasher: ErasureHasher,
  ) {}

  async ingest(events: NormalizedEvent[], now = Date.now()): Promise<IngestResult> {
    return (await this.ingestGroups([events], now))[0] as IngestResult;
  }

  /**
   * Several batches in one transaction (group commit): each keeps its own result, and all are
   * stored together or none is. Used to coalesce requests that wait for the database.
   */
  async ingestGroups(groups: NormalizedEvent[][], now = Date.now()): Promise<IngestResult[]> {
    const results = groups.map(emptyResult);
    const items: Item[] = groups.flatMap((events, g) =>
      events.map((event) => ({ event, result: results[g] as IngestResult })),
    );
    if (items.length === 0) return results;
    return inTransaction(this.engine, this.db, async (trx) => {
      // A retried transaction (PostgreSQL deadlock) starts its counts again.
      for (const r of results) Object.assign(r, emptyResult());
      const fresh = await this.dropDuplicates(trx, items);
      if (fresh.length === 0) return results;
      // Lock first, then look for erased people: an erasure committing in between is seen.
      await this.rows.lockIdentities(trx, identifiersOf(fresh));
      const alive = await this.dropErased(trx, fresh);
      if (alive.length === 0) return results;
      const view = await this.rows.loadIdentityView(trx, identifiersOf(alive));
      await this.resolveAndWrite(trx, alive, view, now);
      return results;
    });
  }

  private async dropDuplicates(trx: Trx, items: Item[]): Promise<Item[]> {
    const seen = new Set<string>();
    const bySource = new Map<string, Item[]>();
    for (const item of items) {
      const key = `${item.event.sourceId}\u0000${item.event.messageId}`;
      if (seen.has(key)) {
        item.result.duplicates++;
        continue;
      }
      seen.add(key);
      const list = bySource.get(item.event.sourceId);
      if (list) list.push(item);
      else bySource.set(item.event.sourceId, [item]);
    }
    const fresh: Item[] = [];
    for (const [sourceId, list] of bySource) {
      const existing = await this.rows.existingMessageIds(
        trx,
        sourceId,
        list.map((i) => i.event.messageId),
      );
      for (const item of list) {
        if (existing.has(item.event.messageId)) item.result.duplicates++;
        else fresh.push(item);
      }
    }
    return fresh;
  }

  private async dropErased(trx: Trx, items: Item[]): Promise<Item[]> {
    // Most databases have erased nobody: one cheap probe spares hashing every identifier.
    if (!(await this.rows.anyErased(trx))) return items;
    const hashes = new Map<string, string>();
    for (const { event } of items)
      for (const id of event.identifiers) hashes.set(identifierKey(id), this.hasher(id));
    const erased = await this.rows.erasedAmong(trx, [...hashes.values()]);
    if (erased.size === 0) return items;
    return items.filter((item) => {
      const gone = item.event.identifiers.some((id) =>
        erased.has(hashes.get(identifierKey(id)) ?? ""),
      );
      if (gone) item.result.suppressed++;
      return !gone;
    });
  }

  private async resolveAndWrite(
    trx: Trx,
    items: Item[],
    view: IdentityView,
    now: number,
  ): Promise<void> {
    const newProfiles: string[] = [];
    const attach: IdentifiersTable[] = [];
    /** Profiles whose name or identifiers changed: their search text is rebuilt. */
    const touched = new Set<string>();
    const eventRows = new Map<IngestResult, Insertable<EventsTable>[]>();
    const traitWrites: { profileId: string; brandId: string; traits: Record<string, unknown> }[] =
      [];
    const consentWrites: { profileId: string; change: ConsentChange }[] = [];
    const flush = async () => {
      if (newProfiles.length > 0) await this.rows.insertProfiles(trx, newProfiles.splice(0), now);
      if (attach.length > 0) await this.rows.upsertIdentifiers(trx, attach.splice(0));
    };
    for (const { event, result } of items) {
      const plan = resolveIdentity(view, event.identifiers, this.limits, () => newId("prf", now));
      applyIdentityPlan(view, plan);
      result.refusedMerges += plan.refusedMerges.length;
      if (plan.isNew) {
        newProfiles.push(plan.profileId);
        result.profilesCreated++;
      }
      if (plan.attach.length > 0 || plan.merges.length > 0) touched.add(plan.profileId);
      for (const id of plan.attach) {
        attach.push({
          type: id.type,
          value: id.value,
          profile_id: plan.profileId,
          created_at: now,
        });
      }
      for (const merge of plan.merges) {
        // Identifiers attached earlier in this batch must be written before they move.
        await flush();
        await mergeProfiles(trx, plan.profileId, merge, now);
        result.merges++;
      }
      let rowsOfGroup = eventRows.get(result);
      if (!rowsOfGroup) eventRows.set(result, (rowsOfGroup = []));
      rowsOfGroup.push({
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
        traitWrites.push({
          profileId: plan.profileId,
          brandId: event.brandId,
          traits: event.traits,
        });
        touched.add(plan.profileId);
      }
      for (const change of event.consentChanges)
        consentWrites.push({ profileId: plan.profileId, change });
    }
    await flush();
    for (const [result, rows] of eventRows) {
      // Rows a concurrent process stored first (same source and messageId) are duplicates.
      const stored = await this.rows.insertEvents(trx, rows);
      result.stored += stored;
      result.duplicates += rows.length - stored;
    }
    const traitsByProfile =
      traitWrites.length > 0 ? await mergeTraits(trx, traitWrites, now) : new Map();
    if (consentWrites.length > 0) await upsertConsents(trx, consentWrites, now);
    if (touched.size > 0)
      await refreshSearchText(trx, this.rows, touched, traitsByProfile, view, now);
  }
}

function identifiersOf(items: Item[]): Identifier[] {
  const ids = new Map<string, Identifier>();
  for (const { event } of items) for (const id of event.identifiers) ids.set(identifierKey(id), id);
  return [...ids.values()];
}

async function mergeProfiles(
  trx: Trx,
  winnerId: string,
  merge: { loserId: string; moved: Identifier[]; via: Identifier[] },
  now: number,
): Promise<void> {
  const cluster = (eb: ExpressionBuilder<Database, "profiles">) =>
    eb.or([eb("merged_into", "=", merge.loserId), eb("id", "=", merge.loserId)]);
  const repointed = await trx.selectFrom("profiles").select("id").where(cluster).execute();
  // Every identifier the loser held, anonymous ids included, so an undo can give them back.
  const moved = await trx
    .selectFrom("identifiers")
    .select(["type", "value"])
    .where("profile_id", "=", merge.loserId)
    .execute();
  await trx
    .updateTable("identifiers")
    .set({ profile_id: winnerId })
    .where("profile_id", "=", merge.loserId)
    .execute();
  await trx
    .updateTable("profiles")
    .set({ merged_into: winnerId, updated_at: now })
    .where(cluster)
    .execute();
  await trx
    .insertInto("merges")
    .values({
      id: newId("mrg", now),
      winner_id: winnerId,
      loser_id: merge.loserId,
      via: JSON.stringify(merge.via),
      moved: JSON.stringify(moved),
      repointed: JSON.stringify(repointed.map((r) => r.id)),
      created_at: now,
      undone_at: null,
    })
    .execute();
}

async function refreshSearchText(
  trx: Trx,
  rows: IngestRows,
  touched: Set<string>,
  traitsByProfile: Map<string, Record<string, unknown>>,
  view: IdentityView,
  now: number,
): Promise<void> {
  const ids = [...touched];
  const existing = await rows.displayNames(trx, ids);
  const updates = ids.map((profileId) => {
    const traits = traitsByProfile.get(profileId);
    const displayName = (traits && displayNameOf(traits)) ?? existing.get(profileId) ?? null;
    return {
      id: profileId,
      displayName,
      search: searchTextOf(displayName, view.identifiersOf.get(profileId) ?? []),
    };
  });
  await rows.updateProfileTexts(trx, updates, now);
}
