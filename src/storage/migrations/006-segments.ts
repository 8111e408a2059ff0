import { sql, type Kysely, type Migration } from "kysely";
import type { Engine } from "../engine.js";

/**
 * Segments: definitions, who is in each now (found by segment and by customer), and every
 * entry and exit in order, which journeys read as a feed (enter or leave a segment).
 */
export function segmentsMigration(engine: Engine): Migration {
  const t =
    engine === "postgres"
      ? { int: "bigint", json: "jsonb", serial: "bigserial primary key" }
      : { int: "integer", json: "text", serial: "integer primary key autoincrement" };
  const statements = [
    `create table segments (id text primary key, name text not null, definition ${t.json} not null,
       created_at ${t.int} not null, updated_at ${t.int} not null, updated_by text not null,
       built_at ${t.int}, build_done integer not null default 0)`,
    `create table segment_members (segment_id text not null references segments(id),
       profile_id text not null, entered_at ${t.int} not null, primary key (segment_id, profile_id))`,
    `create index segment_members_profile on segment_members (profile_id)`,
    // The member list pages newest first: without it a large segment is sorted per page.
    `create index segment_members_entered on segment_members (segment_id, entered_at)`,
    `create table segment_changes (id ${t.serial}, segment_id text not null, profile_id text not null,
       change text not null, at ${t.int} not null, initial integer not null default 0)`,
    `create index segment_changes_segment on segment_changes (segment_id, at)`,
    `create index segment_changes_profile on segment_changes (profile_id)`,
    `create table segment_touches (profile_id text primary key, at ${t.int} not null)`,
  ];
  return {
    async up(db: Kysely<unknown>) {
      for (const statement of statements) await sql.raw(statement).execute(db);
    },
  };
}
