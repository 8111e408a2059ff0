import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../src/storage/store.js";
import { basic } from "../support/app.js";
import { engines, freshDatabase, type TestDatabase } from "../support/databases.js";
import { startServeProcess, type ServeProcess } from "../support/processes.js";
import { seedSources } from "../support/world.js";

/**
 * Several `cxloop serve` processes share one database. Two processes receiving events for the
 * same new person at the same moment must end with one profile, never two.
 */
describe.each(await engines())("two serve processes on one %s database", (engine) => {
  let db: TestDatabase;
  let store: Store;
  let key: string;
  let a: ServeProcess;
  let b: ServeProcess;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    store = await openStore(db.url);
    const sources = await seedSources(store);
    key = (await store.sources.createWriteKey(sources.shop.id)).key;
    [a, b] = await Promise.all([startServeProcess(db.url), startServeProcess(db.url)]);
  }, 90_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await store?.close();
    await db?.drop();
  });

  const send = (server: ServeProcess, batch: unknown[]) =>
    fetch(`${server.url}/v1/batch`, {
      method: "POST",
      headers: { authorization: basic(key), "content-type": "application/json" },
      body: JSON.stringify({ batch }),
    });

  it("the same new person arriving at both processes at once ends as one profile", async () => {
    const people = Array.from({ length: 60 }, (_, i) => i);
    const responses = await Promise.all(
      people.flatMap((i) => [
        send(a, [
          { type: "identify", userId: `race-${i}`, traits: { email: `race-${i}@example.ch` } },
        ]),
        send(b, [
          {
            type: "identify",
            anonymousId: `anon-${i}`,
            traits: {
              email: `race-${i}@example.ch`,
              loyaltyCard: `77770000${String(i).padStart(4, "0")}`,
            },
          },
        ]),
      ]),
    );
    expect(responses.map((r) => r.status).every((s) => s === 200)).toBe(true);
    for (const i of people) {
      const byEmail = await store.profiles.findByIdentifier({
        type: "email",
        value: `race-${i}@example.ch`,
      });
      const byUser = await store.profiles.findByIdentifier({ type: "user_id", value: `race-${i}` });
      const byAnon = await store.profiles.findByIdentifier({
        type: "anonymous_id",
        value: `anon-${i}`,
      });
      const byCard = await store.profiles.findByIdentifier({
        type: "loyalty_card",
        value: `77770000${String(i).padStart(4, "0")}`,
      });
      expect(byEmail).toBeDefined();
      expect(new Set([byEmail, byUser, byAnon, byCard]).size).toBe(1);
      expect((await store.profiles.events(byEmail as string))?.length).toBe(2);
    }
    // every profile created is one person: none left empty or orphaned besides merged ones
    expect((await store.profiles.count()).profiles).toBe(people.length);
  });

  it("a SIGTERM during ingest loses no accepted event", async () => {
    const batches = Array.from({ length: 40 }, (_, i) =>
      Array.from({ length: 50 }, (_, j) => ({
        type: "track",
        userId: `term-${i}`,
        event: "Product Viewed",
        messageId: `term-${i}-${j}`,
      })),
    );
    const sends = batches.map((batch) =>
      send(a, batch)
        .then((r) => r.status)
        .catch(() => 0),
    );
    await new Promise((r) => setTimeout(r, 20));
    const exit = a.stop("SIGTERM");
    const statuses = await Promise.all(sends);
    expect(await exit).toBe(0);
    const accepted = statuses.filter((s) => s === 200).length;
    // every batch answered 200 is stored completely
    for (const [i, status] of statuses.entries()) {
      if (status !== 200) continue;
      const id = await store.profiles.findByIdentifier({ type: "user_id", value: `term-${i}` });
      expect((await store.profiles.events(id as string))?.length).toBe(50);
    }
    expect(accepted).toBeGreaterThan(0);
  });
});
