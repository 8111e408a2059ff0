import { sql } from "kysely";
import { defaultIdentityLimits, type IdentityLimits } from "../core/profiles/identity-limits.js";
import type { Engine } from "./engine.js";
import { migrateToLatest, openDatabase } from "./open-database.js";
import { CatalogStore } from "./sql/catalog-store.js";
import { loadErasureHasher } from "./sql/erasure-hasher.js";
import { EventsStore } from "./sql/events-store.js";
import { IngestStore } from "./sql/ingest-store.js";
import { MessageStore } from "./sql/message-store.js";
import { JourneyStore } from "./sql/journey-store.js";
import { KyselyIngestRows } from "./sql/ingest-rows.js";
import { SqliteIngestRows } from "./sqlite/sqlite-ingest-rows.js";
import { PrivacyStore } from "./sql/privacy-store.js";
import { ProfilesStore } from "./sql/profiles-store.js";
import { SegmentStore } from "./sql/segment-store.js";
import { SourcesStore } from "./sql/sources-store.js";
import { UsersStore } from "./sql/users-store.js";

/**
 * The one storage interface. The same code runs on SQLite (embedded default) and PostgreSQL
 * (many processes on many machines sharing one database); the contract tests run on both.
 */
export interface Store {
  readonly engine: Engine;
  readonly sources: SourcesStore;
  readonly ingest: IngestStore;
  readonly profiles: ProfilesStore;
  readonly events: EventsStore;
  readonly privacy: PrivacyStore;
  readonly users: UsersStore;
  readonly journeys: JourneyStore;
  readonly messages: MessageStore;
  /** Products and content, and what customers combine: what recommendations choose from. */
  readonly catalog: CatalogStore;
  /** Segments and who is in them, kept up to date by the SegmentKeeper. */
  readonly segments: SegmentStore;
  /** A trivial query: is the database reachable? */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface StoreOptions {
  identityLimits?: IdentityLimits;
  poolSize?: number;
  /** SQLite page cache in MiB (default 256; memory is used only as the database grows). */
  sqliteCacheMb?: number;
  /** An idle PostgreSQL connection failed; the pool replaces it. Default: a process warning. */
  onPoolError?: (error: Error) => void;
}

/** Opens the database named by the URL and brings its schema to the latest version. */
export async function openStore(databaseUrl: string, options: StoreOptions = {}): Promise<Store> {
  const opened = openDatabase(databaseUrl, {
    poolSize: options.poolSize,
    sqliteCacheMb: options.sqliteCacheMb,
    onPoolError:
      options.onPoolError ??
      ((error) => process.emitWarning(`PostgreSQL connection lost: ${error.message}`)),
  });
  await migrateToLatest(opened);
  const { engine, db } = opened;
  const rows = opened.sqlite
    ? new SqliteIngestRows(opened.sqlite)
    : new KyselyIngestRows(engine === "postgres");
  const hasher = await loadErasureHasher(db);
  const profiles = new ProfilesStore(engine, db);
  return {
    engine,
    sources: new SourcesStore(db),
    ingest: new IngestStore(
      engine,
      db,
      rows,
      options.identityLimits ?? defaultIdentityLimits,
      hasher,
    ),
    profiles,
    events: new EventsStore(db),
    privacy: new PrivacyStore(engine, db, profiles, hasher),
    users: new UsersStore(db),
    journeys: new JourneyStore(engine, db),
    messages: new MessageStore(engine, db),
    catalog: new CatalogStore(engine, db),
    segments: new SegmentStore(engine, db),
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
}
