import { sql, type Kysely, type Migration } from "kysely";
import type { Engine } from "../engine.js";

/**
 * Journeys: versioned definitions, customers' runs (waiting ones found by an indexed due
 * time, so a million waiting customers cost disk, not memory), and the send ledger keyed by
 * run, step and version, so no message is ever sent twice or forgotten.
 */
export function journeysMigration(engine: Engine): Migration {
  const t =
    engine === "postgres" ? { int: "bigint", json: "jsonb" } : { int: "integer", json: "text" };
  const statements = [
    `create table journeys (id text primary key, name text not null, status text not null,
       published_version integer, published_at ${t.int}, created_at ${t.int} not null,
       updated_at ${t.int} not null)`,
    `create table journey_versions (journey_id text not null references journeys(id), version integer not null,
       definition ${t.json} not null, created_at ${t.int} not null, created_by text not null,
       primary key (journey_id, version))`,
    `create table journey_runs (id text primary key, journey_id text not null, version integer not null,
       profile_id text not null, instance_key text, status text not null, step_id text not null,
       waiting ${t.json}, due_at ${t.int}, claimed_until ${t.int}, trigger ${t.json},
       variants ${t.json} not null, entered_at ${t.int} not null, updated_at ${t.int} not null,
       ended_at ${t.int}, exit_reason text)`,
    `create index journey_runs_due on journey_runs (due_at) where due_at is not null`,
    `create index journey_runs_profile on journey_runs (profile_id, journey_id)`,
    `create table send_ledger (ledger_key text primary key, run_id text not null, journey_id text not null,
       version integer not null, step_id text not null, profile_id text not null, channel text not null,
       brand_id text not null, template_id text not null, status text not null, attempts integer not null,
       last_error text, created_at ${t.int} not null, updated_at ${t.int} not null, sent_at ${t.int})`,
    `create index send_ledger_run on send_ledger (run_id)`,
    `create index send_ledger_status on send_ledger (status, updated_at)`,
  ];
  return {
    async up(db: Kysely<unknown>) {
      for (const statement of statements) await sql.raw(statement).execute(db);
    },
  };
}
