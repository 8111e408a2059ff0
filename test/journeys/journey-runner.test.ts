import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Source } from "../../src/core/sources/source.js";
import { JourneyWorker } from "../../src/journeys/journey-worker.js";
import type { Store } from "../../src/storage/store.js";
import { engines, freshStore } from "../support/databases.js";
import { exampleJourney } from "../support/journeys.js";
import { event, seedSources } from "../support/world.js";

const wineRecipes = exampleJourney("wine-recipes.json");

/** Seed 000 with real storage and a virtual clock: the runner, not the simulator. */
describe.each(await engines())("journey runner on %s", (engine) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let src: Record<"till" | "shop" | "wine", Source>;
  let worker: JourneyWorker;
  const purchaseAt = Date.parse("2026-05-04T16:24:00Z"); // 18:24 in Zurich
  const nextMorning = Date.parse("2026-05-05T07:00:00Z"); // 09:00 in Zurich

  beforeEach(async () => {
    ({ store, cleanup } = await freshStore(engine));
    src = await seedSources(store);
    const version = await store.journeys.saveVersion(wineRecipes, "test");
    await store.journeys.setStatus(
      wineRecipes.id,
      "published",
      version,
      purchaseAt - 2 * 86_400_000,
    );
    worker = new JourneyWorker(store);
  });
  afterEach(() => cleanup());

  async function customer(card: string, consents: Record<string, boolean>, brand: Source) {
    const identify = event(
      brand,
      { type: "identify", userId: `u-${card}`, traits: { loyaltyCard: card, consents } },
      purchaseAt - 86_400_000,
    );
    await store.ingest.ingest([identify]);
  }
  async function tillPurchase(card: string, orderId: string, category: string) {
    const e = event(
      src.till,
      {
        type: "track",
        anonymousId: `receipt-${orderId}`,
        event: "Order Completed",
        timestamp: new Date(purchaseAt).toISOString(),
        context: { traits: { loyaltyCard: card } },
        properties: { order_id: orderId, products: [{ name: "Bio Prosecco DOC", category }] },
      },
      purchaseAt,
    );
    await store.ingest.ingest([e]);
    expect((await worker.runOnce(purchaseAt)).events).toBeGreaterThan(0);
  }
  const ledgerOf = async (card: string) => {
    const id = (await store.profiles.findByIdentifier({
      type: "loyalty_card",
      value: card,
    })) as string;
    const runs = await store.journeys.runsOfProfile(id, wineRecipes.id);
    return (await Promise.all(runs.map((r) => store.journeys.ledger(r.id)))).flat();
  };

  it("a customer with both consents gets exactly one wine club email, at 9:00 the next morning", async () => {
    await customer("25010001", { email_marketing: true }, src.wine);
    await customer("25010001", { cross_brand_personalisation: true }, src.shop);
    await tillPurchase("25010001", "R-1", "wine");
    expect((await worker.runOnce(nextMorning - 60_000)).due).toBe(0);
    expect(await ledgerOf("25010001")).toEqual([]);
    expect((await worker.runOnce(nextMorning)).due).toBe(1);
    expect(await ledgerOf("25010001")).toEqual([
      expect.objectContaining({ status: "pending", attempts: 0 }),
    ]);
    // a worker that died before moving the cursor replays the feed: nothing starts or sends twice
    await store.journeys.setFeedCursor(0);
    const replay = new JourneyWorker(store);
    expect((await replay.runOnce(nextMorning + 120_000)).events).toBeGreaterThan(0);
    expect(await ledgerOf("25010001")).toHaveLength(1);
    const id = (await store.profiles.findByIdentifier({
      type: "loyalty_card",
      value: "25010001",
    })) as string;
    expect(await store.journeys.runsOfProfile(id, wineRecipes.id)).toHaveLength(1);
  });

  it("events received before the journey went live are history, not triggers", async () => {
    await customer("25010005", { email_marketing: true }, src.wine);
    await customer("25010005", { cross_brand_personalisation: true }, src.shop);
    const old = event(
      src.till,
      {
        type: "track",
        anonymousId: "receipt-old",
        event: "Order Completed",
        timestamp: new Date(purchaseAt - 3 * 86_400_000).toISOString(),
        context: { traits: { loyaltyCard: "25010005" } },
        properties: { order_id: "R-old", products: [{ category: "wine" }] },
      },
      purchaseAt - 3 * 86_400_000,
    );
    await store.ingest.ingest([old]);
    await worker.runOnce(purchaseAt);
    const id = (await store.profiles.findByIdentifier({
      type: "loyalty_card",
      value: "25010005",
    })) as string;
    expect(await store.journeys.runsOfProfile(id)).toEqual([]);
  });

  it("only one process at a time reads the event feed", async () => {
    const other = new JourneyWorker(store);
    await customer("25010009", { email_marketing: true }, src.wine);
    expect((await worker.runOnce(purchaseAt)).events).toBe(1);
    await customer("25010008", { email_marketing: true }, src.wine);
    expect((await other.runOnce(purchaseAt + 1000)).events).toBe(0);
    expect((await other.runOnce(purchaseAt + 31_000)).events).toBe(1);
  });

  it("without cross-brand consent nothing is sent; without wine nothing starts", async () => {
    await customer("25010002", { email_marketing: true }, src.wine);
    await tillPurchase("25010002", "R-2", "wine");
    await worker.runOnce(nextMorning);
    expect(await ledgerOf("25010002")).toEqual([]);
    await customer("25010003", { email_marketing: true }, src.wine);
    await tillPurchase("25010003", "R-3", "bakery");
    const id = (await store.profiles.findByIdentifier({
      type: "loyalty_card",
      value: "25010003",
    })) as string;
    expect(await store.journeys.runsOfProfile(id)).toEqual([]);
  });
});
