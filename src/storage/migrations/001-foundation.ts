import { sql, type Kysely, type Migration } from "kysely";
import type { Engine } from "../engine.js";

/** Types that differ between the engines; everything else is the same SQL. */
function types(engine: Engine) {
  return engine === "postgres"
    ? { int: "bigint", json: "jsonb", serial: "bigserial primary key" }
    : { int: "integer", json: "text", serial: "integer primary key autoincrement" };
}

export function foundationMigration(engine: Engine): Migration {
  const t = types(engine);
  const statements = [
    `create table brands (id text primary key, name text not null, created_at ${t.int} not null)`,
    `create table sources (id text primary key, name text not null, brand_id text not null references brands(id),
       channel text not null, trusted integer not null default 0, created_at ${t.int} not null)`,
    `create table write_keys (id text primary key, source_id text not null references sources(id),
       key_hash text not null unique, prefix text not null, created_at ${t.int} not null, revoked_at ${t.int})`,
    `create table profiles (id text primary key, created_at ${t.int} not null, updated_at ${t.int} not null,
       merged_into text, display_name text, search text not null default '')`,
    `create index profiles_merged_into on profiles (merged_into)`,
    `create table identifiers (type text not null, value text not null, profile_id text not null,
       created_at ${t.int} not null, primary key (type, value))`,
    `create index identifiers_profile on identifiers (profile_id)`,
    `create table traits (profile_id text not null, brand_id text not null, traits ${t.json} not null,
       updated_at ${t.int} not null, primary key (profile_id, brand_id))`,
    `create table events (id ${t.serial}, message_id text not null, source_id text not null,
       brand_id text not null, channel text not null, type text not null, name text not null,
       profile_id text not null, user_id text, anonymous_id text, timestamp ${t.int} not null,
       received_at ${t.int} not null, properties ${t.json} not null, traits ${t.json} not null,
       context ${t.json} not null)`,
    `create unique index events_message on events (source_id, message_id)`,
    `create index events_profile_time on events (profile_id, timestamp)`,
    `create index events_name_time on events (name, timestamp)`,
    `create index events_time on events (timestamp)`,
    `create table consents (profile_id text not null, brand_id text not null, purpose text not null,
       status text not null, source text not null, at ${t.int} not null, expires_at ${t.int},
       primary key (profile_id, brand_id, purpose))`,
    `create table consent_history (id ${t.serial}, profile_id text not null, brand_id text not null,
       purpose text not null, status text not null, source text not null, at ${t.int} not null,
       expires_at ${t.int}, recorded_at ${t.int} not null)`,
    `create index consent_history_profile on consent_history (profile_id, at)`,
    `create table merges (id text primary key, winner_id text not null, loser_id text not null,
       via ${t.json} not null, moved ${t.json} not null, repointed ${t.json} not null,
       created_at ${t.int} not null, undone_at ${t.int})`,
    `create index merges_winner on merges (winner_id)`,
    `create index merges_loser on merges (loser_id)`,
    `create table erased_identifiers (hash text primary key, erased_at ${t.int} not null)`,
    `create table users (id text primary key, email text not null unique, name text not null,
       role text not null, password_hash text not null, created_at ${t.int} not null, disabled_at ${t.int})`,
    `create table sessions (token_hash text primary key, user_id text not null,
       created_at ${t.int} not null, expires_at ${t.int} not null)`,
    `create table settings (key text primary key, value text not null)`,
  ];
  return {
    async up(db: Kysely<unknown>) {
      for (const statement of statements) await sql.raw(statement).execute(db);
    },
  };
}
