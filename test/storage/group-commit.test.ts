import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Source } from "../../src/core/sources/source.js";
import { IngestQueue } from "../../src/storage/ingest-queue.js";
import type { Store } from "../../src/storage/store.js";
import { engines, freshStore } from "../support/databases.js";
import { event, seedSources } from "../support/world.js";

describe.each(await engines())("group commit on %s", (engine) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let src: Record<"till" | "shop" | "wine", Source>;
  beforeEach(async () => {
    ({ store, cleanup } = await freshStore(engine));
    src = await seedSources(store);
  });
  afterEach(() => cleanup());

  it("batches committed together keep their own results; a retry in a later batch is its duplicate", async () => {
    const a = [
      event(src.shop, { type: "track", userId: "g1", event: "A", messageId: "m1" }),
      event(src.shop, { type: "track", userId: "g1", event: "B", messageId: "m2" }),
    ];
    const b = [
      event(src.shop, { type: "track", userId: "g2", event: "C", messageId: "m2" }),
      event(src.shop, { type: "identify", userId: "g2", messageId: "m3" }),
    ];
    const [ra, rb] = await store.ingest.ingestGroups([a, b]);
    expect(ra).toMatchObject({ stored: 2, duplicates: 0, profilesCreated: 1 });
    expect(rb).toMatchObject({ stored: 1, duplicates: 1, profilesCreated: 1 });
  });

  it("the queue coalesces batches that wait and answers each after its commit", async () => {
    const queue = new IngestQueue(store.ingest, { maxEventsPerCommit: 100, concurrency: 1 });
    const batches = Array.from({ length: 6 }, (_, i) =>
      Array.from({ length: 30 }, (_, j) =>
        event(src.till, {
          type: "track",
          userId: `q${i}`,
          event: "Order Completed",
          messageId: `q-${i}-${j}`,
        }),
      ),
    );
    const results = await Promise.all(batches.map((b) => queue.submit(b)));
    expect(results.map((r) => r.stored)).toEqual([30, 30, 30, 30, 30, 30]);
    expect((await store.profiles.count()).events).toBe(180);
    const again = await queue.submit(batches[0] as never);
    expect(again).toMatchObject({ stored: 0, duplicates: 30 });
  });
});
