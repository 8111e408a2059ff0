import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Source } from "../../src/core/sources/source.js";
import { JourneyWorker } from "../../src/journeys/journey-worker.js";
import type { Store } from "../../src/storage/store.js";
import { engines, freshStore } from "../support/databases.js";
import { event, seedSources } from "../support/world.js";

describe.each(await engines())("the journey event feed on %s", (engine) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let src: Record<"till" | "shop" | "wine", Source>;
  beforeEach(async () => {
    ({ store, cleanup } = await freshStore(engine));
    src = await seedSources(store);
  });
  afterEach(() => cleanup());

  it("with nothing published, the cursor follows the events a minute behind", async () => {
    const worker = new JourneyWorker(store);
    const t0 = Date.parse("2026-05-04T10:00:00Z");
    await store.ingest.ingest([event(src.shop, { type: "track", userId: "u", event: "A" }, t0)]);
    const [first] = await store.events.recent({ limit: 1 });
    await worker.runOnce(t0);
    expect(await store.journeys.feedCursor()).toBe(0);
    await store.ingest.ingest([
      event(src.shop, { type: "track", userId: "u", event: "B" }, t0 + 30_000),
    ]);
    await worker.runOnce(t0 + 30_000);
    expect(await store.journeys.feedCursor()).toBe(0);
    await worker.runOnce(t0 + 61_000);
    expect(await store.journeys.feedCursor()).toBe(first?.id);
  });
});
