import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openStore, type Store, type StoreOptions } from "../../src/storage/store.js";

/** Where the PostgreSQL suites connect; CI and this machine run one on loopback. */
export const postgresAdminUrl =
  process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const required = process.env.CXLOOP_REQUIRE_POSTGRES === "1";

let reachable: boolean | undefined;
export async function postgresReachable(): Promise<boolean> {
  if (reachable !== undefined) return reachable;
  const client = new pg.Client({
    connectionString: postgresAdminUrl,
    connectionTimeoutMillis: 2000,
  });
  try {
    await client.connect();
    await client.query("select 1");
    reachable = true;
  } catch (error) {
    if (required) {
      throw new Error(
        `PostgreSQL is required (CXLOOP_REQUIRE_POSTGRES=1) but ${postgresAdminUrl} is unreachable`,
        {
          cause: error,
        },
      );
    }
    console.warn(
      `\n!!! PostgreSQL at ${postgresAdminUrl} is unreachable: the PostgreSQL suites are SKIPPED. !!!\n` +
        "!!! Set CXLOOP_REQUIRE_POSTGRES=1 to make this a failure (CI does).                     !!!\n",
    );
    reachable = false;
  } finally {
    await client.end().catch(() => undefined);
  }
  return reachable;
}

export interface TestDatabase {
  engine: "sqlite" | "postgres";
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database: a SQLite file in a temp folder, or a new PostgreSQL database. */
export async function freshDatabase(engine: "sqlite" | "postgres"): Promise<TestDatabase> {
  if (engine === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "cxloop-test-"));
    return {
      engine,
      url: join(dir, "cxloop.db"),
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `cxloop_t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    engine,
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: postgresAdminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** The engines every contract suite runs on: SQLite always, PostgreSQL where reachable. */
export async function engines(): Promise<("sqlite" | "postgres")[]> {
  return (await postgresReachable()) ? ["sqlite", "postgres"] : ["sqlite"];
}

export async function freshStore(
  engine: "sqlite" | "postgres",
  options?: StoreOptions,
): Promise<{ store: Store; url: string; cleanup: () => Promise<void> }> {
  const database = await freshDatabase(engine);
  const store = await openStore(database.url, options);
  return {
    store,
    url: database.url,
    cleanup: async () => {
      await store.close();
      await database.drop();
    },
  };
}
