import Sqlite from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Migration } from "kysely";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import pg from "pg";
import type { Database } from "./database-schema.js";
import type { Engine } from "./engine.js";
import { foundationMigration } from "./migrations/001-foundation.js";
import { journeysMigration } from "./migrations/002-journeys.js";
import { workerLeasesMigration } from "./migrations/003-worker-leases.js";
import { messagingMigration } from "./migrations/004-messaging.js";
import { catalogMigration } from "./migrations/005-catalog.js";
import { segmentsMigration } from "./migrations/006-segments.js";

// int8 (counts, bigint columns) as numbers: every value cxloop stores fits in 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

export interface OpenedDatabase {
  engine: Engine;
  db: Kysely<Database>;
  /** The SQLite handle under Kysely, for the ingest hot path's prepared statements. */
  sqlite?: Sqlite.Database;
}

export function engineOf(databaseUrl: string): Engine {
  return /^postgres(ql)?:\/\//.test(databaseUrl) ? "postgres" : "sqlite";
}

/** `postgres://…` selects PostgreSQL; anything else is a SQLite file path (`sqlite:` optional). */
export function openDatabase(
  databaseUrl: string,
  options: { poolSize?: number; sqliteCacheMb?: number; onPoolError?: (error: Error) => void } = {},
): OpenedDatabase {
  const engine = engineOf(databaseUrl);
  if (engine === "postgres") {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: options.poolSize ?? 10 });
    // An idle client losing its connection (a database restart) must not crash the process:
    // the pool drops it and the next query opens a new one.
    pool.on("error", (error) => options.onPoolError?.(error));
    return { engine, db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }) };
  }
  const file = databaseUrl.replace(/^sqlite:(\/\/)?/, "");
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Sqlite(file);
  sqlite.pragma("journal_mode = WAL");
  // FULL: a 200 from the tracking API means the batch survives a power cut, not only a crash.
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("busy_timeout = 10000");
  // Events go into indexes keyed by person and message id, i.e. at random places: a large page
  // cache keeps those index pages in memory, and a larger WAL before each checkpoint writes a
  // page that many commits touched once instead of once per commit (bench/ingest-throughput).
  sqlite.pragma(`cache_size = -${(options.sqliteCacheMb ?? 256) * 1024}`);
  sqlite.pragma("wal_autocheckpoint = 10000");
  return {
    engine,
    sqlite,
    db: new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }),
  };
}

export async function migrateToLatest(opened: OpenedDatabase): Promise<void> {
  const migrations: Record<string, Migration> = {
    "001-foundation": foundationMigration(opened.engine),
    "002-journeys": journeysMigration(opened.engine),
    "003-worker-leases": workerLeasesMigration(opened.engine),
    "004-messaging": messagingMigration(opened.engine),
    "005-catalog": catalogMigration(opened.engine),
    "006-segments": segmentsMigration(opened.engine),
  };
  const migrator = new Migrator({
    db: opened.db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: "cxloop_migrations",
    migrationLockTableName: "cxloop_migrations_lock",
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw new Error("database migration failed", { cause: error });
}
