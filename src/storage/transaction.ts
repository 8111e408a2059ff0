import { sql, type Kysely } from "kysely";
import type { Database } from "./database-schema.js";
import type { Engine } from "./engine.js";

const RETRYABLE = new Set(["40001", "40P01"]);

/**
 * Runs `work` in one transaction. SQLite takes the write lock up front (BEGIN IMMEDIATE) so
 * two processes on one file never deadlock on a lock upgrade; PostgreSQL retries the rare
 * deadlock or serialization failure between processes.
 */
export async function inTransaction<T>(
  engine: Engine,
  db: Kysely<Database>,
  work: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  if (engine === "sqlite") {
    return db.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      try {
        const result = await work(conn);
        await sql`commit`.execute(conn);
        return result;
      } catch (error) {
        await sql`rollback`.execute(conn);
        throw error;
      }
    });
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (!code || !RETRYABLE.has(code) || attempt >= 5) throw error;
      await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
    }
  }
}

/** Splits rows so one statement stays under the engines' bound-parameter limits. */
export function chunk<T>(rows: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
