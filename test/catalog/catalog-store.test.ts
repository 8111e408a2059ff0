import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { recommendFor } from "../../src/catalog/recommend-for.js";
import type { CatalogItem } from "../../src/core/catalog/catalog-item.js";
import type { Source } from "../../src/core/sources/source.js";
import { demoCatalogItems } from "../../src/demo/demo-catalogue-items.js";
import { PROSECCO_ID } from "../../src/demo/demo-catalogue.js";
import type { Store } from "../../src/storage/store.js";
import { engines, freshStore } from "../support/databases.js";
import { event, seedSources } from "../support/world.js";

const CHIANTI_ID = "mk-wine-1003";
const catalogue = demoCatalogItems();
const T0 = Date.parse("2026-05-04T10:00:00Z");

function recipe(id: string, title: string): CatalogItem {
  return {
    id,
    kind: "recipe",
    brandId: "kochlust",
    attributes: {},
    tags: [],
    pairsWith: ["prosecco"],
    locales: { de: { title } },
  };
}

describe.each(await engines())("catalogue store on %s", (engine) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let sources: Record<"till" | "shop" | "wine", Source>;
  beforeEach(async () => {
    ({ store, cleanup } = await freshStore(engine));
    sources = await seedSources(store);
  });
  afterEach(() => cleanup());

  it("upserts items and reads them back, by id and a page at a time", async () => {
    expect(await store.catalog.upsertItems(catalogue, T0)).toEqual({
      inserted: catalogue.length,
      updated: 0,
    });
    expect(await store.catalog.item(PROSECCO_ID)).toEqual(
      catalogue.find((i) => i.id === PROSECCO_ID),
    );
    expect(await store.catalog.item("nope")).toBeUndefined();

    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 20; pages++) {
      const page = await store.catalog.items({ kind: "recipe", limit: 25, cursor });
      seen.push(...page.items.map((i) => i.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const recipeIds = catalogue.filter((i) => i.kind === "recipe").map((i) => i.id);
    expect(seen).toEqual([...recipeIds].sort());
    const vinello = await store.catalog.items({ brandId: "vinello", limit: 500 });
    expect(vinello.nextCursor).toBeNull();
    expect(vinello.items.every((i) => i.brandId === "vinello" && i.kind === "product")).toBe(true);
    expect(vinello.items.length).toBeGreaterThan(5);
    expect((await store.catalog.candidates("recipe")).map((i) => i.id)).toEqual(
      [...recipeIds].sort(),
    );
    expect(await store.catalog.candidates("article")).toEqual([]);
  });

  it("replaces an item on a second upsert and counts it as updated", async () => {
    await store.catalog.upsertItems([recipe("r-1", "Alt")], T0);
    const result = await store.catalog.upsertItems(
      [{ ...recipe("r-1", "Neu"), kind: "article", brandId: "vinello" }, recipe("r-2", "Zwei")],
      T0 + 1,
    );
    expect(result).toEqual({ inserted: 1, updated: 1 });
    expect((await store.catalog.item("r-1"))?.locales.de?.title).toBe("Neu");
    expect(
      (await store.catalog.items({ kind: "article", limit: 10 })).items.map((i) => i.id),
    ).toEqual(["r-1"]);
  });

  it("stores nothing of a batch when one item fails in the database, even in a later chunk", async () => {
    await store.catalog.upsertItems([recipe("r-keep", "Bleibt")], T0);
    const items = Array.from({ length: 700 }, (_, i) => recipe(`r-${i}`, `Rezept ${i}`));
    // Past the first statement's chunk: a brand the NOT NULL column refuses.
    items[650] = { ...recipe("r-650", "kaputt"), brandId: null as unknown as string };
    await expect(store.catalog.upsertItems(items, T0)).rejects.toThrow();
    const all = await store.catalog.items({ limit: 500 });
    expect(all.items.map((i) => i.id)).toEqual(["r-keep"]);
  });

  it("refuses one id twice in a batch and stores nothing", async () => {
    await expect(
      store.catalog.upsertItems([recipe("r-1", "a"), recipe("r-2", "b"), recipe("r-1", "c")]),
    ).rejects.toThrow(/items\.2\.id: duplicate id "r-1"/);
    expect((await store.catalog.items()).items).toEqual([]);
  });

  it("learns what customers combine across their merged profiles, and forgets erased people", async () => {
    await store.catalog.upsertItems(catalogue, T0);
    const e = (source: Source, call: Record<string, unknown>, minutes: number) =>
      event(
        source,
        { ...call, timestamp: new Date(T0 + minutes * 60_000).toISOString() },
        T0 + minutes * 60_000,
      );
    const product = (id: string) => ({ product_id: id, quantity: 1, price: 10 });
    await store.ingest.ingest(
      [
        // Marco pays with his Korbkarte at the till: an anonymous profile with the card.
        e(
          sources.till,
          {
            type: "track",
            event: "Order Completed",
            anonymousId: "pos-marco",
            context: { traits: { loyaltyCard: "2501234567" } },
            properties: { products: [product(PROSECCO_ID), product("mk-2001")] },
          },
          0,
        ),
        // … and logs in on the web with the same card: one person, two profiles merged.
        e(
          sources.shop,
          {
            type: "identify",
            userId: "marco",
            traits: { email: "marco@example.ch", loyaltyCard: "2501234567" },
          },
          60,
        ),
        e(
          sources.shop,
          {
            type: "track",
            event: "Recipe Viewed",
            userId: "marco",
            properties: { recipe_id: "kl-124" },
          },
          61,
        ),
        e(
          sources.shop,
          {
            type: "page",
            name: "Rezept",
            userId: "marco",
            properties: { recipe_id: "kl-124" },
          },
          62,
        ),
        // Anna buys one bottle (a single product) and reads an article-like content id.
        e(
          sources.wine,
          {
            type: "track",
            event: "Order Completed",
            userId: "anna",
            properties: { product_id: PROSECCO_ID },
          },
          70,
        ),
        e(
          sources.shop,
          {
            type: "track",
            event: "Content Viewed",
            userId: "anna",
            properties: { content_id: "kl-125" },
          },
          71,
        ),
        // Lukas: a Chianti and the same recipe as Marco.
        e(
          sources.wine,
          {
            type: "track",
            event: "Order Completed",
            userId: "lukas",
            properties: { products: [product(CHIANTI_ID)] },
          },
          80,
        ),
        e(
          sources.shop,
          {
            type: "track",
            event: "Recipe Viewed",
            userId: "lukas",
            properties: { recipe_id: "kl-124" },
          },
          81,
        ),
        // Someone who only reads, and hostile shapes that must be ignored, not crash the rebuild.
        e(
          sources.shop,
          {
            type: "track",
            event: "Recipe Viewed",
            userId: "eva",
            properties: { recipe_id: "kl-101" },
          },
          90,
        ),
        e(
          sources.shop,
          {
            type: "track",
            event: "Order Completed",
            userId: "eva",
            properties: { products: "not a list", product_id: 1001 },
          },
          91,
        ),
        e(
          sources.shop,
          {
            type: "track",
            event: "Order Completed",
            userId: "eva",
            properties: {
              products: [1, "x", null, { product_id: { id: PROSECCO_ID } }, [PROSECCO_ID]],
            },
          },
          92,
        ),
        e(
          sources.shop,
          {
            type: "track",
            event: "Recipe Viewed",
            userId: "eva",
            properties: { recipe_id: ["kl-102"], content_id: 7 },
          },
          93,
        ),
      ],
      T0 + 100 * 60_000,
    );
    expect(await store.catalog.learnPairs()).toEqual({ pairs: 3, contexts: 2 });
    expect(await store.catalog.coOccurrence(PROSECCO_ID)).toEqual(
      new Map([
        ["kl-124", 1],
        ["kl-125", 1],
      ]),
    );
    expect(await store.catalog.coOccurrence(CHIANTI_ID)).toEqual(new Map([["kl-124", 1]]));

    // Rebuilding is idempotent.
    expect(await store.catalog.learnPairs()).toEqual({ pairs: 3, contexts: 2 });

    const marco = await store.profiles.findByIdentifier({ type: "user_id", value: "marco" });
    expect(marco).toBeDefined();
    await store.privacy.erase(marco as string);
    expect(await store.catalog.learnPairs()).toEqual({ pairs: 2, contexts: 2 });
    expect(await store.catalog.coOccurrence(PROSECCO_ID)).toEqual(new Map([["kl-125", 1]]));
  });

  it("recommendFor ranks stored recipes for the Prosecco; an unknown item has none", async () => {
    await store.catalog.upsertItems(catalogue, T0);
    const de = await recommendFor(store, {
      contextItemId: PROSECCO_ID,
      kind: "recipe",
      n: 2,
      language: "de",
    });
    expect(de.map((r) => r.item.id)).toEqual(["kl-123", "kl-124"]);
    const en = await recommendFor(store, {
      contextItemId: PROSECCO_ID,
      kind: "recipe",
      n: 2,
      language: "en",
      exclude: ["kl-124"],
    });
    expect(en.map((r) => r.item.id)).toEqual(["kl-125", "kl-101"]);
    expect(en.map((r) => r.text.title)).toEqual([
      "Prosecco risotto with lemon",
      "Aubergine parcels with ricotta and tomatoes",
    ]);
    expect(
      await recommendFor(store, {
        contextItemId: "mk-wine-9999",
        kind: "recipe",
        n: 2,
        language: "de",
      }),
    ).toEqual([]);
  });
});
