import { sql, type Kysely, type Migration } from "kysely";
import type { Engine } from "../engine.js";

/**
 * Catalogues: products and content (recipes, articles) as JSON documents with the columns
 * lists filter on, and what customers actually combine: per bought product, how many customers
 * also used a piece of content. Pairs hold counts only, never a person's id, so erasing a
 * person needs nothing here (the next `learnPairs` forgets them).
 */
export function catalogMigration(engine: Engine): Migration {
  const t =
    engine === "postgres"
      ? // Byte order on both engines, so cursor pages are the same everywhere.
        { int: "bigint", json: "jsonb", id: 'text collate "C"' }
      : { int: "integer", json: "text", id: "text" };
  const statements = [
    `create table catalog_items (id ${t.id} primary key, kind text not null, brand_id text not null,
       category text, item ${t.json} not null, created_at ${t.int} not null, updated_at ${t.int} not null)`,
    `create index catalog_items_kind on catalog_items (kind, id)`,
    `create index catalog_items_brand on catalog_items (brand_id, id)`,
    `create table catalog_pairs (context_id ${t.id} not null, item_id ${t.id} not null,
       customers integer not null, primary key (context_id, item_id))`,
  ];
  return {
    async up(db: Kysely<unknown>) {
      for (const statement of statements) await sql.raw(statement).execute(db);
    },
  };
}
