import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recommendFor } from "../../src/catalog/recommend-for.js";
import { recommend } from "../../src/core/catalog/recommend.js";
import { demoCatalogItems } from "../../src/demo/demo-catalogue-items.js";
import { PROSECCO_ID } from "../../src/demo/demo-catalogue.js";
import { loadDemoWorld, type DemoWorldSummary } from "../../src/demo/load-demo-world.js";
import type { Store } from "../../src/storage/store.js";
import { freshStore } from "../support/databases.js";

const catalogue = demoCatalogItems();
const wines = catalogue.filter((i) => i.kind === "product");
const recipes = catalogue.filter((i) => i.kind === "recipe");
const CHIANTI_ID = "mk-wine-1003";
const ids = (r: { item: { id: string } }[]) => r.map((x) => x.item.id);

describe("the demo catalogue", () => {
  it("has wines of every style with style, grape, sweetness and region, and recipes in two languages", () => {
    expect(wines.length).toBeGreaterThanOrEqual(20);
    expect(recipes.length).toBeGreaterThanOrEqual(50);
    expect(new Set(wines.map((w) => w.attributes.style))).toEqual(
      new Set(["sparkling", "white", "red", "rose", "sweet"]),
    );
    for (const w of wines) {
      expect(Object.keys(w.attributes).sort(), w.id).toEqual([
        "grape",
        "region",
        "style",
        "sweetness",
      ]);
      expect(["vinello", "marktkorb"]).toContain(w.brandId);
    }
    expect(recipes.every((r) => r.brandId === "kochlust" && r.locales.de)).toBe(true);
    const germanOnly = recipes.filter((r) => !r.locales.en);
    expect(germanOnly.length).toBeGreaterThan(0);
    expect(germanOnly.length).toBeLessThan(8);
    expect(new Set(catalogue.map((i) => i.id)).size).toBe(catalogue.length);
  });

  it.each(["de", "en"] as const)(
    "recommends two sparkling recipes for the Prosecco, and different ones for a Chianti (%s)",
    (language) => {
      const context = wines.find((w) => w.id === PROSECCO_ID);
      const chianti = wines.find((w) => w.id === CHIANTI_ID);
      if (!context || !chianti) throw new Error("demo wines missing");
      const forProsecco = recommend({
        context,
        candidates: recipes,
        kind: "recipe",
        n: 2,
        language,
      });
      expect(forProsecco).toHaveLength(2);
      for (const r of forProsecco) {
        expect(r.item.pairsWith).toContain("sparkling");
        expect(r.item.locales[language]).toBeDefined();
      }
      const forChianti = recommend({
        context: chianti,
        candidates: recipes,
        kind: "recipe",
        n: 2,
        language,
      });
      expect(forChianti).toHaveLength(2);
      expect(forChianti.every((r) => r.item.pairsWith.includes("red"))).toBe(true);
      expect(ids(forChianti).filter((id) => ids(forProsecco).includes(id))).toEqual([]);
    },
  );
});

describe("the demo world's catalogue", () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let summary: DemoWorldSummary;
  beforeAll(async () => {
    ({ store, cleanup } = await freshStore("sqlite"));
    summary = await loadDemoWorld(store, {
      customers: 150,
      days: 60,
      seed: 11,
      now: Date.parse("2026-05-05T08:00:00Z"),
    });
  });
  afterAll(() => cleanup());

  it("is loaded with the world, and what customers combine is learnt from its events", async () => {
    expect(summary.catalogue.items).toBe(catalogue.length);
    expect(summary.catalogue.pairs).toBeGreaterThan(0);
    // Marco (seed 000) buys the Prosecco at the till and reads a Prosecco recipe on Kochlust:
    // two profiles of one person, merged by his card and email.
    const combined = await store.catalog.coOccurrence(PROSECCO_ID);
    expect(combined.get("kl-103")).toBeGreaterThanOrEqual(1);
    for (const language of ["de", "en"] as const) {
      const recommended = await recommendFor(store, {
        contextItemId: PROSECCO_ID,
        kind: "recipe",
        n: 2,
        language,
      });
      expect(recommended).toHaveLength(2);
      expect(recommended.every((r) => r.item.pairsWith.includes("prosecco"))).toBe(true);
    }
  });
});
