import { sql, type Kysely } from "kysely";
import type { Identifier } from "../../core/profiles/identifier.js";
import { AppFailure, ErrorCode } from "../../core/shared/result.js";
import { readJson, type Database } from "../database-schema.js";
import type { Engine } from "../engine.js";
import { chunk, inTransaction } from "../transaction.js";
import type { ErasureHasher } from "./erasure-hasher.js";
import { lockIdentifierKeys } from "./ingest-rows.js";
import { clusterMembers, profileCluster } from "./profile-cluster.js";
import type { ErasureReport } from "../../core/profiles/profile-views.js";
import { toStoredEvent, type ProfilesStore } from "./profiles-store.js";

/** Export and erasure of one person's data (GDPR Art. 15, 17, 20). */
export class PrivacyStore {
  constructor(
    private readonly engine: Engine,
    private readonly db: Kysely<Database>,
    private readonly profiles: ProfilesStore,
    private readonly hasher: ErasureHasher,
  ) {}

  async exportProfile(id: string): Promise<Record<string, unknown>> {
    const profile = await this.profiles.get(id);
    if (!profile)
      throw new AppFailure({ code: ErrorCode.notFound, message: `no customer "${id}"` });
    const ids = [profile.id, ...profile.mergedProfileIds];
    const events = [];
    for (const part of chunk(ids, 500)) {
      const rows = await this.db
        .selectFrom("events")
        .selectAll()
        .where("profile_id", "in", part)
        .orderBy("timestamp", "asc")
        .execute();
      events.push(...rows.map(toStoredEvent));
    }
    const messages = [];
    const journeyRuns = [];
    for (const part of chunk(ids, 500)) {
      messages.push(
        ...(await this.db
          .selectFrom("send_ledger")
          .select([
            "ledger_key as id",
            "journey_id as journeyId",
            "step_id as stepId",
            "channel",
            "brand_id as brandId",
            "template_id as templateId",
            "status",
            "recipient",
            "subject",
            "body_text as text",
            "created_at as createdAt",
            "sent_at as sentAt",
            "opened_at as openedAt",
            "clicked_at as clickedAt",
          ])
          .where("profile_id", "in", part)
          .orderBy("created_at", "asc")
          .execute()),
      );
      journeyRuns.push(
        ...(await this.db
          .selectFrom("journey_runs")
          .select([
            "journey_id as journeyId",
            "version",
            "status",
            "step_id as stepId",
            "entered_at as enteredAt",
            "ended_at as endedAt",
            "exit_reason as exitReason",
          ])
          .where("profile_id", "in", part)
          .orderBy("entered_at", "asc")
          .execute()),
      );
    }
    const segments = [];
    for (const part of chunk(ids, 500))
      segments.push(
        ...(await this.db
          .selectFrom("segment_changes as c")
          .leftJoin("segments as s", "s.id", "c.segment_id")
          .select(["c.segment_id as segmentId", "s.name", "c.change", "c.at"])
          .where("c.profile_id", "in", part)
          .orderBy("c.at", "asc")
          .execute()),
      );
    return {
      exportedAt: new Date().toISOString(),
      profile,
      events,
      messages,
      journeyRuns,
      segments,
    };
  }

  /**
   * Deletes the person everywhere — the profile, every profile merged into it, identifiers,
   * traits, consents, events — and remembers keyed hashes of every identifier, so that
   * re-imported old data is suppressed instead of bringing the person back.
   */
  async erase(id: string, now = Date.now()): Promise<ErasureReport> {
    return inTransaction(this.engine, this.db, async (trx) => {
      const cluster = await profileCluster(trx, id);
      if (!cluster)
        throw new AppFailure({ code: ErrorCode.notFound, message: `no customer "${id}"` });
      const ids = cluster.ids;
      const members = () => clusterMembers(trx, cluster.canonicalId);
      if (this.engine === "postgres") {
        // Hold the person still: ingest that touches these profiles or identifiers waits.
        await sql`select id from profiles where id = ${cluster.canonicalId} or merged_into = ${cluster.canonicalId} order by id for update`.execute(
          trx,
        );
      }
      const identifiers = (await trx
        .selectFrom("identifiers")
        .select(["type", "value"])
        .where("profile_id", "in", members())
        .execute()) as Identifier[];
      // Identifiers that once belonged to the person but moved with a merge that was undone
      // stay with their profile; the ones recorded in this cluster's merges are included.
      const merges = await trx
        .selectFrom("merges")
        .select(["moved", "via"])
        .where((eb) => eb.or([eb("winner_id", "in", members()), eb("loser_id", "in", members())]))
        .execute();
      const all = new Map<string, Identifier>();
      for (const i of identifiers) all.set(`${i.type}:${i.value}`, i);
      for (const m of merges) {
        for (const i of [...readJson<Identifier[]>(m.moved), ...readJson<Identifier[]>(m.via)]) {
          if (!all.has(`${i.type}:${i.value}`)) {
            const owner = await trx
              .selectFrom("identifiers")
              .select("profile_id")
              .where("type", "=", i.type)
              .where("value", "=", i.value)
              .executeTakeFirst();
            if (!owner || ids.includes(owner.profile_id)) all.set(`${i.type}:${i.value}`, i);
          }
        }
      }
      if (this.engine === "postgres") await lockIdentifierKeys(trx, [...all.values()]);
      for (const part of chunk([...all.values()], 500)) {
        await trx
          .insertInto("erased_identifiers")
          .values(part.map((i) => ({ hash: this.hasher(i), erased_at: now })))
          .onConflict((oc) => oc.column("hash").doNothing())
          .execute();
      }
      const events = await trx
        .deleteFrom("events")
        .where("profile_id", "in", members())
        .executeTakeFirst();
      // Messages hold rendered personal data (name, address, what was bought); runs hold the
      // triggering event. Both go with the person.
      const messages = await trx
        .deleteFrom("send_ledger")
        .where("profile_id", "in", members())
        .executeTakeFirst();
      await trx.deleteFrom("journey_runs").where("profile_id", "in", members()).execute();
      // Being in a segment ("spent over 500 a year") is personal data too.
      await trx.deleteFrom("segment_members").where("profile_id", "in", members()).execute();
      await trx.deleteFrom("segment_changes").where("profile_id", "in", members()).execute();
      await trx.deleteFrom("segment_touches").where("profile_id", "in", members()).execute();
      const consents = await trx
        .deleteFrom("consents")
        .where("profile_id", "in", members())
        .executeTakeFirst();
      await trx.deleteFrom("consent_history").where("profile_id", "in", members()).execute();
      await trx.deleteFrom("traits").where("profile_id", "in", members()).execute();
      const idRows = await trx
        .deleteFrom("identifiers")
        .where("profile_id", "in", members())
        .executeTakeFirst();
      await trx
        .deleteFrom("merges")
        .where((eb) => eb.or([eb("winner_id", "in", members()), eb("loser_id", "in", members())]))
        .execute();
      const profiles = await trx
        .deleteFrom("profiles")
        .where((eb) =>
          eb.or([eb("id", "=", cluster.canonicalId), eb("merged_into", "=", cluster.canonicalId)]),
        )
        .executeTakeFirst();
      return {
        profiles: Number(profiles.numDeletedRows),
        identifiers: Number(idRows.numDeletedRows),
        events: Number(events.numDeletedRows),
        consents: Number(consents.numDeletedRows),
        messages: Number(messages.numDeletedRows),
      };
    });
  }
}
