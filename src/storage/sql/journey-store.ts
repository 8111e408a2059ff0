import { sql, type Kysely, type Selectable } from "kysely";
import { JourneyDefinition } from "../../core/journeys/journey-definition.js";
import type { JourneyRun, RunStatus, Waiting } from "../../core/journeys/journey-run.js";
import { AppFailure, ErrorCode } from "../../core/shared/result.js";
import { readJson, type Database, type JourneyRunsTable } from "../database-schema.js";
import type { Engine } from "../engine.js";
import { inTransaction } from "../transaction.js";

export type JourneyStatus = "draft" | "published" | "paused" | "archived";

export interface JourneySummary {
  id: string;
  name: string;
  status: JourneyStatus;
  publishedVersion: number | null;
  /** When the published version went live: journeys react to events received from then on. */
  publishedAt: number | null;
  versions: { version: number; createdAt: number; createdBy: string }[];
}

export type SendStatus = "pending" | "sent" | "failed" | "unknown" | "suppressed";

export interface LedgerEntry {
  ledgerKey: string;
  runId: string;
  journeyId: string;
  version: number;
  stepId: string;
  profileId: string;
  channel: string;
  brandId: string;
  templateId: string;
}

function toRun(r: Selectable<JourneyRunsTable>): JourneyRun {
  return {
    id: r.id,
    journeyId: r.journey_id,
    version: Number(r.version),
    profileId: r.profile_id,
    instanceKey: r.instance_key,
    status: r.status as RunStatus,
    stepId: r.step_id,
    waiting: r.waiting === null ? null : readJson<Waiting>(r.waiting),
    trigger: r.trigger === null ? null : readJson<NonNullable<JourneyRun["trigger"]>>(r.trigger),
    variants: readJson<Record<string, string>>(r.variants),
    enteredAt: Number(r.entered_at),
    updatedAt: Number(r.updated_at),
    endedAt: r.ended_at === null ? null : Number(r.ended_at),
    exitReason: r.exit_reason,
  };
}

const runRow = (run: JourneyRun) => ({
  id: run.id,
  journey_id: run.journeyId,
  version: run.version,
  profile_id: run.profileId,
  instance_key: run.instanceKey,
  status: run.status,
  step_id: run.stepId,
  waiting: run.waiting === null ? null : JSON.stringify(run.waiting),
  // Only waiting runs are due; the partial index holds nothing else.
  due_at: run.status === "waiting" && run.waiting ? run.waiting.until : null,
  claimed_until: null,
  trigger: run.trigger === null ? null : JSON.stringify(run.trigger),
  variants: JSON.stringify(run.variants),
  entered_at: run.enteredAt,
  updated_at: run.updatedAt,
  ended_at: run.endedAt,
  exit_reason: run.exitReason,
});

/**
 * Journeys, their versions, customers' runs and the send ledger. Waiting runs live in the
 * database with an indexed due time; workers on many machines claim due runs with a lease
 * (FOR UPDATE SKIP LOCKED on PostgreSQL), so none is advanced twice at once.
 */
export class JourneyStore {
  constructor(
    private readonly engine: Engine,
    private readonly db: Kysely<Database>,
  ) {}

  /** Stores a new version of a journey (created as a draft if new); returns its number. */
  async saveVersion(
    definition: JourneyDefinition,
    createdBy: string,
    now = Date.now(),
  ): Promise<number> {
    return inTransaction(this.engine, this.db, async (trx) => {
      const existing = await trx
        .selectFrom("journeys")
        .select("id")
        .where("id", "=", definition.id)
        .executeTakeFirst();
      if (!existing) {
        await trx
          .insertInto("journeys")
          .values({
            id: definition.id,
            name: definition.name,
            status: "draft",
            published_version: null,
            published_at: null,
            created_at: now,
            updated_at: now,
          })
          .execute();
      } else {
        await trx
          .updateTable("journeys")
          .set({ name: definition.name, updated_at: now })
          .where("id", "=", definition.id)
          .execute();
      }
      const last = await trx
        .selectFrom("journey_versions")
        .select((eb) => eb.fn.max("version").as("v"))
        .where("journey_id", "=", definition.id)
        .executeTakeFirst();
      const version = Number(last?.v ?? 0) + 1;
      await trx
        .insertInto("journey_versions")
        .values({
          journey_id: definition.id,
          version,
          definition: JSON.stringify({ ...definition, version }),
          created_at: now,
          created_by: createdBy,
        })
        .execute();
      return version;
    });
  }

  async version(journeyId: string, version: number): Promise<JourneyDefinition | undefined> {
    const row = await this.db
      .selectFrom("journey_versions")
      .select("definition")
      .where("journey_id", "=", journeyId)
      .where("version", "=", version)
      .executeTakeFirst();
    return row && JourneyDefinition.parse(readJson(row.definition));
  }

  async setStatus(
    journeyId: string,
    status: JourneyStatus,
    version?: number,
    now = Date.now(),
  ): Promise<void> {
    if (status === "published") {
      if (version === undefined || !(await this.version(journeyId, version))) {
        throw new AppFailure({
          code: ErrorCode.notFound,
          message: `no version ${version} of journey "${journeyId}"`,
        });
      }
    }
    const result = await this.db
      .updateTable("journeys")
      .set({
        status,
        updated_at: now,
        ...(status === "published" ? { published_version: version, published_at: now } : {}),
      })
      .where("id", "=", journeyId)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) {
      throw new AppFailure({ code: ErrorCode.notFound, message: `no journey "${journeyId}"` });
    }
  }

  async list(): Promise<JourneySummary[]> {
    const journeys = await this.db.selectFrom("journeys").selectAll().orderBy("name").execute();
    const versions = await this.db
      .selectFrom("journey_versions")
      .select(["journey_id", "version", "created_at", "created_by"])
      .orderBy("version")
      .execute();
    return journeys.map((j) => ({
      id: j.id,
      name: j.name,
      status: j.status as JourneyStatus,
      publishedVersion: j.published_version === null ? null : Number(j.published_version),
      publishedAt: j.published_at === null ? null : Number(j.published_at),
      versions: versions
        .filter((v) => v.journey_id === j.id)
        .map((v) => ({
          version: Number(v.version),
          createdAt: Number(v.created_at),
          createdBy: v.created_by,
        })),
    }));
  }

  async saveRun(run: JourneyRun): Promise<void> {
    const row = runRow(run);
    await this.db
      .insertInto("journey_runs")
      .values(row)
      .onConflict((oc) => oc.column("id").doUpdateSet(row))
      .execute();
  }

  async run(id: string): Promise<JourneyRun | undefined> {
    const row = await this.db
      .selectFrom("journey_runs")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    return row && toRun(row);
  }

  async runsOfProfile(profileId: string, journeyId?: string): Promise<JourneyRun[]> {
    let q = this.db
      .selectFrom("journey_runs")
      .selectAll()
      .where("profile_id", "=", profileId)
      .orderBy("entered_at");
    if (journeyId) q = q.where("journey_id", "=", journeyId);
    return (await q.execute()).map(toRun);
  }

  /**
   * Claims up to `limit` runs whose due time has come, for `leaseMs`: another worker skips
   * them until the lease ends (a worker that dies mid-way loses its claim, nothing more).
   */
  async claimDueRuns(now: number, limit: number, leaseMs: number): Promise<JourneyRun[]> {
    if (this.engine === "postgres") {
      const { rows } = await sql<Selectable<JourneyRunsTable>>`
        update journey_runs set claimed_until = ${now + leaseMs}
        where id in (
          select id from journey_runs
          where due_at is not null and due_at <= ${now} and (claimed_until is null or claimed_until <= ${now})
          order by due_at limit ${limit} for update skip locked)
        returning *`.execute(this.db);
      return rows.map(toRun);
    }
    return inTransaction(this.engine, this.db, async (trx) => {
      const due = await trx
        .selectFrom("journey_runs")
        .selectAll()
        .where("due_at", "is not", null)
        .where("due_at", "<=", now)
        .where((eb) => eb.or([eb("claimed_until", "is", null), eb("claimed_until", "<=", now)]))
        .orderBy("due_at")
        .limit(limit)
        .execute();
      if (due.length > 0) {
        await trx
          .updateTable("journey_runs")
          .set({ claimed_until: now + leaseMs })
          .where(
            "id",
            "in",
            due.map((r) => r.id),
          )
          .execute();
      }
      return due.map(toRun);
    });
  }

  /**
   * Writes a send to the ledger before it happens. Returns false if the ledger already holds
   * this run, step and version: the message was sent (or attempted) before and must not go
   * out again.
   */
  async reserveSend(entry: LedgerEntry, now = Date.now()): Promise<boolean> {
    const result = await this.db
      .insertInto("send_ledger")
      .values({
        ledger_key: entry.ledgerKey,
        run_id: entry.runId,
        journey_id: entry.journeyId,
        version: entry.version,
        step_id: entry.stepId,
        profile_id: entry.profileId,
        channel: entry.channel,
        brand_id: entry.brandId,
        template_id: entry.templateId,
        status: "pending",
        attempts: 0,
        last_error: null,
        created_at: now,
        updated_at: now,
        sent_at: null,
      })
      .onConflict((oc) => oc.column("ledger_key").doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async markSend(
    ledgerKey: string,
    status: SendStatus,
    error: string | null = null,
    now = Date.now(),
  ): Promise<void> {
    await this.db
      .updateTable("send_ledger")
      .set((eb) => ({
        status,
        last_error: error,
        updated_at: now,
        attempts: eb("attempts", "+", status === "suppressed" ? 0 : 1),
        ...(status === "sent" ? { sent_at: now } : {}),
      }))
      .where("ledger_key", "=", ledgerKey)
      .execute();
  }

  async ledger(
    runId: string,
  ): Promise<
    { ledgerKey: string; status: SendStatus; attempts: number; lastError: string | null }[]
  > {
    const rows = await this.db
      .selectFrom("send_ledger")
      .selectAll()
      .where("run_id", "=", runId)
      .orderBy("created_at")
      .execute();
    return rows.map((r) => ({
      ledgerKey: r.ledger_key,
      status: r.status as SendStatus,
      attempts: Number(r.attempts),
      lastError: r.last_error,
    }));
  }

  /**
   * Takes (or renews) the named lease for `owner` until `now + ms` if it is free or expired:
   * one statement, so two processes can never both hold it.
   */
  async acquireLease(name: string, owner: string, now: number, ms: number): Promise<boolean> {
    await this.db
      .insertInto("worker_leases")
      .values({ name, owner: "", until: 0 })
      .onConflict((oc) => oc.column("name").doNothing())
      .execute();
    const result = await this.db
      .updateTable("worker_leases")
      .set({ owner, until: now + ms })
      .where("name", "=", name)
      .where((eb) => eb.or([eb("until", "<", now), eb("owner", "=", owner)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** The id of the last stored event the journeys have seen. */
  async feedCursor(): Promise<number> {
    const row = await this.db
      .selectFrom("settings")
      .select("value")
      .where("key", "=", "journey_feed_cursor")
      .executeTakeFirst();
    return row ? Number(row.value) : 0;
  }

  async setFeedCursor(eventId: number): Promise<void> {
    await this.db
      .insertInto("settings")
      .values({ key: "journey_feed_cursor", value: String(eventId) })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value: String(eventId) }))
      .execute();
  }
}
