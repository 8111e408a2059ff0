import { sql, type Kysely, type Migration } from "kysely";
import type { Engine } from "../engine.js";

/**
 * Messaging: the send ledger becomes the delivery queue (due time, lease, rendered message,
 * outcome), brands get their message settings, templates and layouts are stored, and each
 * journey step counts who passed it.
 */
export function messagingMigration(engine: Engine): Migration {
  const t =
    engine === "postgres" ? { int: "bigint", json: "jsonb" } : { int: "integer", json: "text" };
  const statements = [
    `alter table send_ledger add column purpose text not null default 'email_marketing'`,
    `alter table send_ledger add column transactional integer not null default 0`,
    `alter table send_ledger add column priority integer not null default 0`,
    `alter table send_ledger add column test integer not null default 0`,
    `alter table send_ledger add column sender_id text`,
    `alter table send_ledger add column next_attempt_at ${t.int}`,
    `alter table send_ledger add column claimed_until ${t.int}`,
    `alter table send_ledger add column reason text`,
    `alter table send_ledger add column transport text`,
    `alter table send_ledger add column recipient text`,
    `alter table send_ledger add column subject text`,
    `alter table send_ledger add column body_html text`,
    `alter table send_ledger add column body_text text`,
    `alter table send_ledger add column payload ${t.json}`,
    `alter table send_ledger add column items ${t.json}`,
    `alter table send_ledger add column provider_id text`,
    `alter table send_ledger add column opened_at ${t.int}`,
    `alter table send_ledger add column clicked_at ${t.int}`,
    `create index send_ledger_due on send_ledger (next_attempt_at) where next_attempt_at is not null`,
    `create index send_ledger_profile on send_ledger (profile_id, channel, created_at)`,
    `create index send_ledger_created on send_ledger (created_at)`,
    `alter table journey_runs add column mode text not null default 'live'`,
    `alter table brands add column messaging ${t.json}`,
    `create table message_templates (id text primary key, brand_id text not null references brands(id),
       channel text not null, name text not null, layout_id text, content ${t.json} not null,
       updated_at ${t.int} not null, updated_by text not null)`,
    `create table message_layouts (id text primary key, brand_id text not null references brands(id),
       name text not null, mjml text not null, partials ${t.json} not null,
       updated_at ${t.int} not null, updated_by text not null)`,
    `create table journey_step_counts (journey_id text not null, version integer not null,
       step_id text not null, what text not null, count ${t.int} not null,
       primary key (journey_id, version, step_id, what))`,
  ];
  return {
    async up(db: Kysely<unknown>) {
      for (const statement of statements) await sql.raw(statement).execute(db);
    },
  };
}
