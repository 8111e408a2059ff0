import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Source } from "../../src/core/sources/source.js";
import { tillReceiptsPreset } from "../../src/import/till-receipts-preset.js";
import type { Store } from "../../src/storage/store.js";
import { engines, freshStore } from "../support/databases.js";
import { seedSources } from "../support/world.js";
import { fixture, mapping, runImport } from "./import-helpers.js";

describe.each(await engines())("the till-receipts preset on %s", (engine) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let src: Record<"till" | "shop" | "wine", Source>;

  beforeEach(async () => {
    ({ store, cleanup } = await freshStore(engine));
    src = await seedSources(store);
  });
  afterEach(() => cleanup());

  it("a receipt with a Prosecco and olives is one Order Completed with 2 products on the loyalty card's profile", async () => {
    const { summary, issues } = await runImport(store, {
      file: fixture("till-receipts.csv"),
      sourceId: src.till.id,
      mapping: mapping(tillReceiptsPreset),
    });
    expect(issues).toEqual([]);
    expect(summary).toMatchObject({ records: 5, events: 2, stored: 2, skipped: 1, rejected: 0 });
    const profileId = await store.profiles.findByIdentifier({
      type: "loyalty_card",
      value: "250100007777",
    });
    expect(profileId).toBeDefined();
    const events = await store.profiles.events(profileId as string);
    expect(events).toHaveLength(1);
    const order = events?.[0];
    expect(order).toMatchObject({
      name: "Order Completed",
      type: "track",
      channel: "store",
      brandId: "marktkorb",
      sourceId: "marktkorb-till",
      messageId: "receipt-Zürich HB-4711",
      // 18:42 in Zurich in May is summer time, UTC+2; the till is trusted, so its time is kept
      timestamp: Date.parse("2026-05-03T16:42:00Z"),
    });
    expect(order?.properties).toEqual({
      currency: "CHF",
      order_id: "4711",
      store: "Zürich HB",
      total: 19.95,
      products: [
        {
          product_id: "7610000123456",
          sku: "7610000123456",
          name: "Naturaplan Bio Prosecco DOC, Raphael dal Bo",
          category: "Wein",
          quantity: 1,
          price: 12.95,
        },
        {
          product_id: "7610000654321",
          sku: "7610000654321",
          name: "Oliven Taggiasche",
          category: "Antipasti",
          quantity: 2,
          price: 3.5,
        },
      ],
    });
  });

  it("importing the same file twice stores nothing the second time", async () => {
    const options = {
      file: fixture("till-receipts.csv"),
      sourceId: src.till.id,
      mapping: mapping(tillReceiptsPreset),
    };
    await runImport(store, options);
    const second = await runImport(store, options);
    expect(second.summary).toMatchObject({ events: 2, stored: 0, duplicates: 2, rejected: 0 });
    expect((await store.profiles.count()).events).toBe(2);
  });

  it("reads an Excel export with ; and decimal commas, CRLF and a BOM", async () => {
    const excel = mapping({ ...tillReceiptsPreset, csv: { decimalComma: true } });
    const { summary, issues } = await runImport(store, {
      file: fixture("till-receipts-excel.csv"),
      sourceId: src.till.id,
      mapping: excel,
    });
    expect(issues).toEqual([]);
    expect(summary).toMatchObject({ records: 2, events: 1, stored: 1 });
    const profileId = await store.profiles.findByIdentifier({
      type: "loyalty_card",
      value: "250100009999",
    });
    const [order] = (await store.profiles.events(profileId as string)) ?? [];
    expect(order?.properties.total).toBe(8.9);
    expect(
      (order?.properties.products as { name: string; price: number }[]).map((p) => [
        p.name,
        p.price,
      ]),
    ).toEqual([
      ["Brot; hell", 3.2],
      ["Butter", 2.85],
    ]);
  });
});
