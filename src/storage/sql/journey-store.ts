import { sql, type Kysely, type Selectable } from "kysely";
import { JourneyDefinition } from "../../core/journeys/journey-definition.js";
import type { JourneyRun } from "../../core/journeys/journey-run.js";
import { AppFailure, ErrorCode } from "../../core/shared/result.js";
import { readJson, type Database, type JourneyRunsTable } from "../database-schema.js";
import type { Engine } from "../engine.js";
import { chunk, inTransaction } from "../transaction.js";
import { readCursor, writeCursor } from "./feed-cursors.js";
import { idChunkSize, idIn } from "./id-list.js";
import { ledgerRow, runRow, toRun, type LedgerEntry, type SendStatus } from "./journey-rows.js";
import { addStepCounts, readJourneyStats, type JourneyStats } from "./journey-stats.js";
import { upsertRunsPostgres } from "./run-upsert.js";

export type { LedgerEntry, SendStatus } from "./journey-rows.js";
export type { JourneyStats } from "./journey-stats.js";

export type JourneyStatus = "draft" | "published" | "paused" | "archived";

/** What publishing a new version does to customers inside an older one. */
export type InFlightPolicy = "finish_on_old" | "move_to_new" | "exit";

export interface JourneySummary {
  id: string;
  name: string;
  status: JourneyStatus;
  publishedVersion: number | null;
  /** When the published version went live: journeys react to events received from then on. */
  publishedAt: number | null;
  versions: { version: number; createdAt: number; createdBy: string }[];
}

/** What a batch of journey steps writes: runs, send reservations and step counts. */
export interface JourneyWrites {
  runs: JourneyRun[];
  sends: { entry: LedgerEntry; now: number }[];
  counts: { journeyId: string; version: number; stepId: string; what: string }[];
  /**
   * The event feed read up to here, committed with what the events caused: a crash either
   * keeps both or neither, so no event moves a run twice after a restart.
   */
  feedCursor?: number;
  /** The same for the feed of segment entries and exits. */
  segmentCursor?: number;
}

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

  /**
   * Sets a journey's status. Publishing a version says what happens to customers inside
   * older versions: finish there (default), move to the new version where it has the step
   * they are at (same id and type; otherwise they finish on the old one), or exit. Returns
   * how many runs were moved or exited.
   */
  async setStatus(
    journeyId: string,
    status: JourneyStatus,
    version?: number,
    now = Date.now(),
    inFlight: InFlightPolicy = "finish_on_old",
  ): Promise<{ moved: number; exited: number }> {
    const target =
      status === "published" && version !== undefined
        ? await this.version(journeyId, version)
        : undefined;
    if (status === "published" && !target) {
      throw new AppFailure({
        code: ErrorCode.notFound,
        message: `no version ${version} of journey "${journeyId}"`,
      });
    }
    return inTransaction(this.engine, this.db, async (trx) => {
      const result = await trx
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
      if (!target || inFlight === "finish_on_old") return { moved: 0, exited: 0 };
      const open = trx
        .selectFrom("journey_runs")
        .selectAll()
        .where("journey_id", "=", journeyId)
        .where("version", "!=", target.version)
        .where("status", "in", ["active", "waiting"]);
      if (inFlight === "exit") {
        const ended = await trx
          .updateTable("journey_runs")
          .set({
            status: "exited",
            waiting: null,
            due_at: null,
            ended_at: now,
            updated_at: now,
            exit_reason: `version ${target.version} published`,
          })
          .where("journey_id", "=", journeyId)
          .where("version", "!=", target.version)
          .where("status", "in", ["active", "waiting"])
          .executeTakeFirst();
        return { moved: 0, exited: Number(ended.numUpdatedRows) };
      }
      const definitions = new Map<number, JourneyDefinition | undefined>();
      let moved = 0;
      for (const row of await open.execute()) {
        const from = Number(row.version);
        if (!definitions.has(from))
          definitions.set(from, await this.versionIn(trx, journeyId, from));
        const old = definitions.get(from)?.steps[row.step_id];
        const next = target.steps[row.step_id];
        if (!old || !next || old.type !== next.type) continue;
        await trx
          .updateTable("journey_runs")
          .set({ version: target.version, updated_at: now })
          .where("id", "=", row.id)
          .execute();
        moved++;
      }
      return { moved, exited: 0 };
    });
  }

  private async versionIn(
    db: Kysely<Database>,
    journeyId: string,
    version: number,
  ): Promise<JourneyDefinition | undefined> {
    const row = await db
      .selectFrom("journey_versions")
      .select("definition")
      .where("journey_id", "=", journeyId)
      .where("version", "=", version)
      .executeTakeFirst();
    return row && JourneyDefinition.parse(readJson(row.definition));
  }

  /** Adds to the per-step counts of a journey version (entered, step, sent, converted …). */
  async countSteps(
    journeyId: string,
    version: number,
    counts: { stepId: string; what: string }[],
  ): Promise<void> {
    await addStepCounts(
      this.db,
      counts.map((c) => ({ journeyId, version, ...c })),
    );
  }

  /**
   * Saves what a batch of steps wrote, in one transaction: the runs (last state of each), the
   * sends they reserved (a key already in the ledger is left alone, as by `reserveSend`) and
   * the step counts. One commit instead of several per run: on SQLite with synchronous=FULL
   * every commit waits for the disk.
   */
  async saveBatch(writes: JourneyWrites): Promise<void> {
    if (writes.runs.length + writes.sends.length + writes.counts.length === 0) {
      if (writes.feedCursor !== undefined) await this.setFeedCursor(writes.feedCursor);
      if (writes.segmentCursor !== undefined)
        await writeCursor(this.db, "journey_segment_cursor", writes.segmentCursor);
      return;
    }
    const runs = [...new Map(writes.runs.map((r) => [r.id, runRow(r)])).values()];
    const sends = [
      ...new Map(
        [...writes.sends].reverse().map((s) => [s.entry.ledgerKey, ledgerRow(s.entry, s.now)]),
      ).values(),
    ];
    await inTransaction(this.engine, this.db, async (trx) => {
      if (this.engine === "postgres") await upsertRunsPostgres(trx, runs);
      else
        for (const part of chunk(runs, 500))
          await trx
            .insertInto("journey_runs")
            .values(part)
            .onConflict((oc) =>
              oc.column("id").doUpdateSet((eb) => ({
                journey_id: eb.ref("excluded.journey_id"),
                version: eb.ref("excluded.version"),
                profile_id: eb.ref("excluded.profile_id"),
                instance_key: eb.ref("excluded.instance_key"),
                status: eb.ref("excluded.status"),
                step_id: eb.ref("excluded.step_id"),
                waiting: eb.ref("excluded.waiting"),
                due_at: eb.ref("excluded.due_at"),
                claimed_until: eb.ref("excluded.claimed_until"),
                trigger: eb.ref("excluded.trigger"),
                variants: eb.ref("excluded.variants"),
                entered_at: eb.ref("excluded.entered_at"),
                updated_at: eb.ref("excluded.updated_at"),
                ended_at: eb.ref("excluded.ended_at"),
                exit_reason: eb.ref("excluded.exit_reason"),
                mode: eb.ref("excluded.mode"),
              })),
            )
            .execute();
      for (const part of chunk(sends, 500))
        await trx
          .insertInto("send_ledger")
          .values(part)
          .onConflict((oc) => oc.column("ledger_key").doNothing())
          .execute();
      await addStepCounts(trx, writes.counts);
      if (writes.feedCursor !== undefined)
        await writeCursor(trx, "journey_feed_cursor", writes.feedCursor);
      if (writes.segmentCursor !== undefined)
        await writeCursor(trx, "journey_segment_cursor", writes.segmentCursor);
    });
  }

  /**
   * Live counts of a journey (all versions): per step how many reached it, wait there now,
   * were sent a message from it, converted or exited there; and totals.
   */
  async stats(journeyId: string): Promise<JourneyStats> {
    return readJourneyStats(this.db, journeyId);
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

  /** Runs by id, many at once (one statement per chunk of ids). */
  async runs(ids: string[]): Promise<Map<string, JourneyRun>> {
    const found = new Map<string, JourneyRun>();
    for (const part of chunk([...new Set(ids)], idChunkSize(this.engine))) {
      const rows = await this.db
        .selectFrom("journey_runs")
        .selectAll()
        .where(idIn(this.engine, "id", part))
        .execute();
      for (const run of rows.map(toRun)) found.set(run.id, run);
    }
    return found;
  }

  /** The runs of many customers, oldest first per customer (one statement per chunk of ids). */
  async runsOfProfiles(profileIds: string[]): Promise<Map<string, JourneyRun[]>> {
    const byProfile = new Map<string, JourneyRun[]>();
    for (const part of chunk([...new Set(profileIds)], idChunkSize(this.engine))) {
      const rows = await this.db
        .selectFrom("journey_runs")
        .selectAll()
        .where(idIn(this.engine, "profile_id", part))
        .orderBy("entered_at")
        .execute();
      for (const run of rows.map(toRun)) {
        const list = byProfile.get(run.profileId) ?? [];
        list.push(run);
        byProfile.set(run.profileId, list);
      }
    }
    return byProfile;
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
      .values(ledgerRow(entry, now))
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
    return readCursor(this.db, "journey_feed_cursor");
  }

  async setFeedCursor(eventId: number): Promise<void> {
    await writeCursor(this.db, "journey_feed_cursor", eventId);
  }
}
