import { sql, type Kysely } from "kysely";
import type { Database } from "../database-schema.js";
import type { runRow } from "./journey-rows.js";

type RunRow = ReturnType<typeof runRow>;

const columns: [keyof RunRow, string][] = [
  ["id", "text"],
  ["journey_id", "text"],
  ["version", "integer"],
  ["profile_id", "text"],
  ["instance_key", "text"],
  ["status", "text"],
  ["step_id", "text"],
  ["waiting", "jsonb"],
  ["due_at", "bigint"],
  ["claimed_until", "bigint"],
  ["trigger", "jsonb"],
  ["variants", "jsonb"],
  ["entered_at", "bigint"],
  ["updated_at", "bigint"],
  ["ended_at", "bigint"],
  ["exit_reason", "text"],
  ["mode", "text"],
];

/**
 * Inserts or replaces runs on PostgreSQL with one array per column (`unnest`): 17 parameters
 * whatever the number of rows, where a VALUES list binds 17 per row and PostgreSQL parses and
 * plans 8,500 of them for a batch of 500.
 */
export async function upsertRunsPostgres(db: Kysely<Database>, rows: RunRow[]): Promise<void> {
  if (rows.length === 0) return;
  const arrays = columns.map(
    ([column, type]) => sql`${rows.map((r) => r[column])}::${sql.raw(type)}[]`,
  );
  await sql`insert into journey_runs (${sql.join(columns.map(([c]) => sql.ref(c)))})
    select * from unnest(${sql.join(arrays)})
    on conflict (id) do update set ${sql.join(
      columns
        .filter(([c]) => c !== "id")
        .map(([c]) => sql`${sql.ref(c)} = ${sql.ref(`excluded.${c}`)}`),
    )}`.execute(db);
}
