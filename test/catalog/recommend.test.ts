import { describe, expect, it } from "vitest";
import {
  CatalogBatch,
  CatalogItem,
  type CatalogItemInput,
} from "../../src/core/catalog/catalog-item.js";
import { pairingFeatures, recommend } from "../../src/core/catalog/recommend.js";
import { demoCatalogItems } from "../../src/demo/demo-catalogue-items.js";
import { PROSECCO_ID } from "../../src/demo/demo-catalogue.js";

const catalogue = demoCatalogItems();
const byId = (id: string) => {
  const item = catalogue.find((i) => i.id === id);
  if (!item) throw new Error(`no ${id}`);
  return item;
};
const prosecco = byId(PROSECCO_ID);
const chianti = byId("mk-wine-1003");
const recipes = catalogue.filter((i) => i.kind === "recipe");
const ids = (r: { item: { id: string } }[]) => r.map((x) => x.item.id);

const recipe = (id: string, pairsWith: string[], locales: CatalogItemInput["locales"]) =>
  CatalogItem.parse({ id, kind: "recipe", brandId: "kochlust", pairsWith, locales });

describe("recommend", () => {
  it("weighs a grape or appellation above the generic style", () => {
    const features = pairingFeatures(prosecco);
    expect(features.get("glera")).toBe(3);
    expect(features.get("prosecco")).toBe(2);
    // "sparkling" is both a tag and the style: it stays generic.
    expect(features.get("sparkling")).toBe(1);
    expect(features.get("brut")).toBe(1);
  });

  it("recommends recipes that pair with the Prosecco, in the customer's language", () => {
    const de = recommend({
      context: prosecco,
      candidates: recipes,
      kind: "recipe",
      n: 2,
      language: "de",
    });
    const en = recommend({
      context: prosecco,
      candidates: recipes,
      kind: "recipe",
      n: 2,
      language: "en",
    });
    expect(de).toHaveLength(2);
    expect(en).toHaveLength(2);
    for (const r of [...de, ...en]) {
      expect(r.item.pairsWith).toEqual(expect.arrayContaining(["prosecco", "sparkling"]));
      expect(r.matched[0]).toBe("glera");
    }
    // The Zabaione is published in German only: English readers get the next one instead.
    expect(ids(de)).toEqual(["kl-123", "kl-124"]);
    expect(ids(en)).toEqual(["kl-124", "kl-125"]);
    expect(en.every((r) => r.text === r.item.locales.en)).toBe(true);
    expect(de[0]?.text.title).toBe("Prosecco-Zabaione mit Erdbeeren");
  });

  it("recommends different recipes for a Chianti", () => {
    const red = recommend({
      context: chianti,
      candidates: recipes,
      kind: "recipe",
      n: 2,
      language: "de",
    });
    expect(ids(red)).toEqual(["kl-126", "kl-127"]);
    expect(red.every((r) => r.matched.includes("sangiovese"))).toBe(true);
    const sparkling = new Set(
      ids(
        recommend({
          context: prosecco,
          candidates: recipes,
          kind: "recipe",
          n: 10,
          language: "de",
        }),
      ),
    );
    expect(ids(red).some((id) => sparkling.has(id))).toBe(false);
  });

  it("leaves out excluded items, other kinds, the context item and items without pairing", () => {
    const all = recommend({
      context: prosecco,
      candidates: catalogue,
      kind: "recipe",
      n: 100,
      language: "de",
      exclude: new Set(["kl-123", "kl-124"]),
    });
    expect(ids(all)).not.toContain("kl-123");
    expect(ids(all)).not.toContain("kl-124");
    expect(all.every((r) => r.item.kind === "recipe" && r.score > 0)).toBe(true);
    expect(ids(all)).not.toContain("kl-126");
    expect(ids(all)[0]).toBe("kl-125");
    expect(
      recommend({
        context: prosecco,
        candidates: catalogue,
        kind: "product",
        n: 5,
        language: "de",
      }),
    ).toEqual([]);
    expect(
      recommend({ context: prosecco, candidates: recipes, kind: "recipe", n: 0, language: "de" }),
    ).toEqual([]);
  });

  it("lifts the recipes customers actually combine with the item, pairing still first", () => {
    const coOccurrence = new Map([
      ["kl-125", 40],
      ["kl-124", 5],
      // Customers also read the fondue recipe, but it does not pair: it comes after the pairs.
      ["kl-108", 80],
    ]);
    const ranked = recommend({
      context: prosecco,
      candidates: recipes,
      kind: "recipe",
      n: 30,
      language: "en",
      coOccurrence,
    });
    expect(ids(ranked).slice(0, 2)).toEqual(["kl-125", "kl-124"]);
    expect(ranked[0]?.customers).toBe(40);
    expect(ids(ranked)).toContain("kl-108");
    const fondue = ranked.find((r) => r.item.id === "kl-108");
    expect(fondue?.matched).toEqual([]);
    expect(fondue?.score).toBe(2);
    // Two customers are no evidence: a non-pairing item needs three.
    const few = recommend({
      context: prosecco,
      candidates: recipes,
      kind: "recipe",
      n: 100,
      language: "en",
      coOccurrence: new Map([["kl-108", 2]]),
    });
    expect(ids(few)).not.toContain("kl-108");
  });

  it("ranks the same whatever the order of the candidates", () => {
    const a = recipe("r-b", ["prosecco"], { en: { title: "B" } });
    const b = recipe("r-a", ["prosecco"], { en: { title: "A" } });
    const c = recipe("r-c", ["PROSECCO", "glera"], { de: { title: "C" } });
    const forward = recommend({
      context: prosecco,
      candidates: [a, b, c],
      kind: "recipe",
      n: 5,
      language: "en",
    });
    const backward = recommend({
      context: prosecco,
      candidates: [c, b, a],
      kind: "recipe",
      n: 5,
      language: "en",
    });
    expect(ids(forward)).toEqual(["r-a", "r-b"]);
    expect(ids(backward)).toEqual(ids(forward));
    // Pairing tags match case-insensitively.
    expect(
      ids(
        recommend({
          context: prosecco,
          candidates: [a, b, c],
          kind: "recipe",
          n: 1,
          language: "de",
        }),
      ),
    ).toEqual(["r-c"]);
  });
});

describe("catalogue item schema", () => {
  const valid = {
    id: "kl-999",
    kind: "recipe",
    brandId: "kochlust",
    pairsWith: ["prosecco"],
    locales: { de: { title: "Apéro-Häppchen" } },
  };

  it("fills defaults and keeps the texts", () => {
    const item = CatalogItem.parse(valid);
    expect(item).toMatchObject({ attributes: {}, tags: [], pairsWith: ["prosecco"] });
  });

  it.each([
    ["an id with a slash", { ...valid, id: "a/b" }, "id"],
    ["an id over 100 characters", { ...valid, id: "x".repeat(101) }, "id"],
    ["an unknown kind", { ...valid, kind: "video" }, "kind"],
    ["no locale", { ...valid, locales: {} }, "locales"],
    ["a NUL in a title", { ...valid, locales: { de: { title: "a\u0000b" } } }, "locales.de.title"],
    ["a lone surrogate", { ...valid, locales: { en: { title: "a\ud800b" } } }, "locales.en.title"],
    ["a huge title", { ...valid, locales: { de: { title: "t".repeat(201) } } }, "locales.de.title"],
    [
      "a javascript: URL",
      { ...valid, locales: { de: { title: "t", url: "javascript:alert(1)" } } },
      "locales.de.url",
    ],
    ["51 tags", { ...valid, tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, "tags"],
    ["an object attribute", { ...valid, attributes: { grape: { a: 1 } } }, "attributes.grape"],
    [
      "a constructor attribute",
      { ...valid, attributes: { constructor: "x" } },
      "attributes.constructor",
    ],
    ["an unknown field", { ...valid, owner: "me" }, ""],
    ["a negative price", { ...valid, price: -1 }, "price"],
  ])("refuses %s", (_what, input, path) => {
    const parsed = CatalogItem.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path.join(".")).toBe(path);
  });

  it("drops a __proto__ attribute from JSON without touching any prototype", () => {
    const input = JSON.parse(
      '{"id":"x","kind":"recipe","brandId":"kochlust","locales":{"de":{"title":"t"}},"attributes":{"__proto__":{"polluted":true}}}',
    ) as unknown;
    const item = CatalogItem.parse(input);
    expect(Object.keys(item.attributes)).toEqual([]);
    expect(Object.getPrototypeOf(item.attributes)).toBe(Object.prototype);
    expect((item.attributes as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuses a batch with one id twice, naming the second", () => {
    const parsed = CatalogBatch.safeParse([valid, { ...valid, id: "kl-1" }, valid]);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual([2, "id"]);
    expect(parsed.error?.issues[0]?.message).toContain("also at index 0");
  });
});
