import { sql, type RawBuilder, type SqlBool } from "kysely";
import type { Engine } from "../engine.js";

/**
 * `column in (ids)` for a batch of ids: on PostgreSQL one array parameter (`= any($1)`), which
 * it parses and plans once whatever the number of ids, instead of a list of hundreds of
 * parameters; on SQLite the list (chunk with `idChunkSize` for its parameter limit).
 */
export function idIn(engine: Engine, column: string, ids: readonly string[]): RawBuilder<SqlBool> {
  if (engine === "postgres") return sql<SqlBool>`${sql.ref(column)} = any(${[...ids]}::text[])`;
  return sql<SqlBool>`${sql.ref(column)} in (${sql.join([...ids])})`;
}

/** Ids per statement: SQLite binds each id as a parameter, PostgreSQL the whole array as one. */
export const idChunkSize = (engine: Engine): number => (engine === "postgres" ? 10_000 : 400);
