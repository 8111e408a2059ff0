import { z } from "zod";
import { recommendFor } from "../../catalog/recommend-for.js";
import {
  CatalogBatch,
  CatalogItem,
  CatalogItemId,
  CatalogItemKind,
  CatalogLanguage,
} from "../../core/catalog/catalog-item.js";
import { AppFailure, ErrorCode } from "../../core/shared/result.js";
import { Slug } from "../../core/sources/source.js";
import type { Store } from "../../storage/store.js";
import type { RouteRegistry } from "../route-registry.js";

/** 1,000 items of a few KB each: more than the default 1 MB body, bounded all the same. */
const UPSERT_BODY_LIMIT = 8 * 1024 * 1024;

const ItemPage = z.object({ items: z.array(CatalogItem), nextCursor: z.string().nullable() });

const RecommendationView = z.object({
  id: z.string(),
  kind: CatalogItemKind,
  brandId: z.string(),
  title: z.string(),
  url: z.string().optional(),
  imageUrl: z.string().optional(),
  score: z.number(),
  matched: z.array(z.string()),
  customers: z.number().int(),
});

const notFound = (id: string) =>
  new AppFailure({ code: ErrorCode.notFound, message: `no catalogue item "${id}"` });

/** Catalogues (products, recipes, articles), what customers combine, and a recommendation preview. */
export function registerCatalogRoutes(registry: RouteRegistry, store: Store) {
  registry.add({
    method: "GET",
    url: "/api/catalog/items",
    summary: "List catalogue items by id, a page at a time (give nextCursor as cursor)",
    tag: "catalog",
    permission: "customers:read",
    query: z.object({
      kind: CatalogItemKind.optional(),
      brandId: Slug.optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
      cursor: CatalogItemId.optional(),
    }),
    response: ItemPage,
    handler: ({ query }) => store.catalog.items(query),
  });
  registry.add({
    method: "GET",
    url: "/api/catalog/items/:id",
    summary: "One catalogue item",
    tag: "catalog",
    permission: "customers:read",
    params: z.object({ id: CatalogItemId }),
    response: CatalogItem,
    handler: async ({ params }) =>
      (await store.catalog.item(params.id)) ?? Promise.reject(notFound(params.id)),
  });
  registry.add({
    method: "POST",
    url: "/api/catalog/items",
    summary:
      "Insert or replace up to 1,000 items in one transaction: all or nothing; each id once per request (a duplicate is a 400, not last-wins)",
    tag: "catalog",
    permission: "settings:write",
    body: CatalogBatch,
    bodyLimit: UPSERT_BODY_LIMIT,
    response: z.object({ inserted: z.number().int(), updated: z.number().int() }),
    handler: ({ body }) => store.catalog.upsertItems(body),
  });
  registry.add({
    method: "POST",
    url: "/api/catalog/learn",
    summary:
      "Rebuild what customers combine (bought product → used recipe or article) from the stored events",
    tag: "catalog",
    permission: "settings:write",
    response: z.object({ pairs: z.number().int(), contexts: z.number().int() }),
    handler: () => store.catalog.learnPairs(),
  });
  registry.add({
    method: "GET",
    url: "/api/catalog/recommend",
    summary: "Preview: items of a kind recommended for a catalogue item, in one language",
    tag: "catalog",
    permission: "events:read",
    query: z.object({
      itemId: CatalogItemId,
      kind: CatalogItemKind.default("recipe"),
      n: z.coerce.number().int().min(1).max(50).default(3),
      language: CatalogLanguage.default("de"),
      /** Comma-separated ids already sent, at most 100. */
      exclude: z
        .string()
        .max(10_100)
        .transform((s) => s.split(",").filter(Boolean))
        .pipe(z.array(CatalogItemId).max(100))
        .optional(),
    }),
    response: z.object({
      itemId: z.string(),
      kind: CatalogItemKind,
      language: CatalogLanguage,
      recommendations: z.array(RecommendationView),
    }),
    handler: async ({ query }) => {
      if (!(await store.catalog.item(query.itemId))) throw notFound(query.itemId);
      const ranked = await recommendFor(store, {
        contextItemId: query.itemId,
        kind: query.kind,
        n: query.n,
        language: query.language,
        exclude: query.exclude ?? [],
      });
      return {
        itemId: query.itemId,
        kind: query.kind,
        language: query.language,
        recommendations: ranked.map((r) => ({
          id: r.item.id,
          kind: r.item.kind,
          brandId: r.item.brandId,
          title: r.text.title,
          ...(r.text.url ? { url: r.text.url } : {}),
          ...(r.text.imageUrl ? { imageUrl: r.text.imageUrl } : {}),
          score: r.score,
          matched: r.matched,
          customers: r.customers,
        })),
      };
    },
  });
}
