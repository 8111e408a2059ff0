import { sql, type Kysely, type Migration } from "kysely";
import type { Engine } from "../engine.js";

/** Named leases, so that of many worker processes one at a time runs a job such as the event feed. */
export function workerLeasesMigration(engine: Engine): Migration {
  const int = engine === "postgres" ? "bigint" : "integer";
  return {
    async up(db: Kysely<unknown>) {
      await sql
        .raw(
          `create table worker_leases (name text primary key, owner text not null, until ${int} not null)`,
        )
        .execute(db);
    },
  };
}
