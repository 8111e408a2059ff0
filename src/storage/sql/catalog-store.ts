import { sql, type Kysely } from "kysely";
import type { CatalogItem, CatalogItemKind } from "../../core/catalog/catalog-item.js";
import { AppFailure, ErrorCode } from "../../core/shared/result.js";
import { readJson, type Database } from "../database-schema.js";
import type { Engine } from "../engine.js";
import { chunk, inTransaction } from "../transaction.js";

export interface CatalogPage {
  items: CatalogItem[];
  /** Give it as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface CatalogListQuery {
  kind?: CatalogItemKind;
  brandId?: string;
  /** 1 to 500 (default 100). */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

export interface LearnedPairs {
  /** (product, content) pairs with at least one customer. */
  pairs: number;
  /** Products that have at least one pair. */
  contexts: number;
}

// Events of a person's whole cluster: a merged profile's events count for the person it joined.
const PERSON = "coalesce(p.merged_into, p.id)";

/**
 * Who bought which catalogue product, and who used which piece of content. A product is bought
 * in an `Order Completed` event (`properties.products[].product_id` or
 * `properties.product_id`); content is used by any event carrying `properties.recipe_id` or
 * `properties.content_id` (the recipe portal's page views, "Recipe Viewed", "Recipe Saved").
 * Values that are not strings are ignored, so hostile event data cannot break the rebuild.
 */
const LEARN_SQL: Record<Engine, string> = {
  sqlite: `
    with bought as (
      select ${PERSON} as person, json_extract(j.value, '$.product_id') as item_id
        from events e join profiles p on p.id = e.profile_id, json_each(e.properties, '$.products') j
       where e.name = 'Order Completed' and j.type = 'object'
         and json_type(j.value, '$.product_id') = 'text'
      union
      select ${PERSON}, json_extract(e.properties, '$.product_id')
        from events e join profiles p on p.id = e.profile_id
       where e.name = 'Order Completed' and json_type(e.properties, '$.product_id') = 'text'
    ), used as (
      select ${PERSON} as person, json_extract(e.properties, '$.recipe_id') as item_id
        from events e join profiles p on p.id = e.profile_id
       where json_type(e.properties, '$.recipe_id') = 'text'
      union
      select ${PERSON}, json_extract(e.properties, '$.content_id')
        from events e join profiles p on p.id = e.profile_id
       where json_type(e.properties, '$.content_id') = 'text'
    )
    insert into catalog_pairs (context_id, item_id, customers)
    select b.item_id, u.item_id, count(*)
      from bought b join used u on u.person = b.person
      join catalog_items c on c.id = b.item_id and c.kind = 'product'
      join catalog_items i on i.id = u.item_id and i.kind <> 'product'
     group by b.item_id, u.item_id`,
  postgres: `
    with bought as (
      select ${PERSON} as person, j ->> 'product_id' as item_id
        from events e join profiles p on p.id = e.profile_id
        cross join lateral jsonb_array_elements(
          case when jsonb_typeof(e.properties -> 'products') = 'array'
               then e.properties -> 'products' else '[]'::jsonb end) j
       where e.name = 'Order Completed' and jsonb_typeof(j -> 'product_id') = 'string'
      union
      select ${PERSON}, e.properties ->> 'product_id'
        from events e join profiles p on p.id = e.profile_id
       where e.name = 'Order Completed' and jsonb_typeof(e.properties -> 'product_id') = 'string'
    ), used as (
      select ${PERSON} as person, e.properties ->> 'recipe_id' as item_id
        from events e join profiles p on p.id = e.profile_id
       where jsonb_typeof(e.properties -> 'recipe_id') = 'string'
      union
      select ${PERSON}, e.properties ->> 'content_id'
        from events e join profiles p on p.id = e.profile_id
       where jsonb_typeof(e.properties -> 'content_id') = 'string'
    )
    insert into catalog_pairs (context_id, item_id, customers)
    select b.item_id, u.item_id, count(*)
      from bought b join used u on u.person = b.person
      join catalog_items c on c.id = b.item_id and c.kind = 'product'
      join catalog_items i on i.id = u.item_id and i.kind <> 'product'
     group by b.item_id, u.item_id`,
};

const itemOf = (row: { item: unknown }) => readJson<CatalogItem>(row.item);

/**
 * Catalogue items (products, recipes, articles) and what customers combine: per product, how
 * many customers who bought it also used a piece of content. Pairs are counts, no person ids.
 */
export class CatalogStore {
  constructor(
    private readonly engine: Engine,
    private readonly db: Kysely<Database>,
  ) {}

  /**
   * Inserts or replaces items in one transaction: all or nothing. Each id once per call (two
   * versions of one item in one batch are refused, not "last wins").
   */
  async upsertItems(
    items: readonly CatalogItem[],
    now = Date.now(),
  ): Promise<{ inserted: number; updated: number }> {
    const ids = new Set<string>();
    for (const [index, item] of items.entries()) {
      if (ids.has(item.id)) {
        throw new AppFailure({
          code: ErrorCode.invalidInput,
          message: `items.${index}.id: duplicate id "${item.id}"; a batch holds each id once`,
          path: `items.${index}.id`,
        });
      }
      ids.add(item.id);
    }
    if (items.length === 0) return { inserted: 0, updated: 0 };
    return inTransaction(this.engine, this.db, async (trx) => {
      let updated = 0;
      for (const part of chunk([...items], 500)) {
        const existing = await trx
          .selectFrom("catalog_items")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where(
            "id",
            "in",
            part.map((i) => i.id),
          )
          .executeTakeFirst();
        updated += Number(existing?.n ?? 0);
        await trx
          .insertInto("catalog_items")
          .values(
            part.map((item) => ({
              id: item.id,
              kind: item.kind,
              brand_id: item.brandId,
              category: item.category ?? null,
              item: JSON.stringify(item),
              created_at: now,
              updated_at: now,
            })),
          )
          .onConflict((oc) =>
            oc.column("id").doUpdateSet((eb) => ({
              kind: eb.ref("excluded.kind"),
              brand_id: eb.ref("excluded.brand_id"),
              category: eb.ref("excluded.category"),
              item: eb.ref("excluded.item"),
              updated_at: eb.ref("excluded.updated_at"),
            })),
          )
          .execute();
      }
      return { inserted: items.length - updated, updated };
    });
  }

  async item(id: string): Promise<CatalogItem | undefined> {
    const row = await this.db
      .selectFrom("catalog_items")
      .select("item")
      .where("id", "=", id)
      .executeTakeFirst();
    return row && itemOf(row);
  }

  /** Items ordered by id, a page at a time. */
  async items(query: CatalogListQuery = {}): Promise<CatalogPage> {
    const limit = Math.min(Math.max(Math.floor(query.limit ?? 100), 1), 500);
    let q = this.db.selectFrom("catalog_items").select(["id", "item"]);
    if (query.kind !== undefined) q = q.where("kind", "=", query.kind);
    if (query.brandId !== undefined) q = q.where("brand_id", "=", query.brandId);
    if (query.cursor !== undefined) q = q.where("id", ">", query.cursor);
    const rows = await q
      .orderBy("id")
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit);
    return {
      items: page.map(itemOf),
      nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
    };
  }

  /** Every item of a kind: what `recommend` chooses from. */
  async candidates(kind: CatalogItemKind): Promise<CatalogItem[]> {
    const rows = await this.db
      .selectFrom("catalog_items")
      .select("item")
      .where("kind", "=", kind)
      .orderBy("id")
      .execute();
    return rows.map(itemOf);
  }

  /** Per content item: how many customers who bought `contextId` also used it. */
  async coOccurrence(contextId: string): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom("catalog_pairs")
      .select(["item_id", "customers"])
      .where("context_id", "=", contextId)
      .execute();
    return new Map(rows.map((r) => [r.item_id, Number(r.customers)]));
  }

  /**
   * Rebuilds what customers combine from the stored events, in one transaction: readers see
   * the old pairs or the new ones, never half. Erased people's events are gone, so they no
   * longer count after the next rebuild.
   */
  async learnPairs(): Promise<LearnedPairs> {
    return inTransaction(this.engine, this.db, async (trx) => {
      await trx.deleteFrom("catalog_pairs").execute();
      await sql.raw(LEARN_SQL[this.engine]).execute(trx);
      const row = await trx
        .selectFrom("catalog_pairs")
        .select((eb) => [
          eb.fn.countAll<number>().as("pairs"),
          eb.fn.count<number>("context_id").distinct().as("contexts"),
        ])
        .executeTakeFirst();
      return { pairs: Number(row?.pairs ?? 0), contexts: Number(row?.contexts ?? 0) };
    });
  }
}
