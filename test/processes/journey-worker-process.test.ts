import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../src/core/access/password.js";
import { openStore, type Store } from "../../src/storage/store.js";
import { basic } from "../support/app.js";
import { engines, freshDatabase, type TestDatabase } from "../support/databases.js";
import { startServeProcess, type ServeProcess } from "../support/processes.js";
import { seedSources } from "../support/world.js";

const thankYou = {
  id: "wine-thanks",
  version: 1,
  name: "Danke für den Weinkauf",
  entry: {
    type: "event",
    event: "Order Completed",
    where: [{ type: "event", path: "properties.products[].category", op: "eq", value: "wine" }],
  },
  reentry: { type: "every_time" },
  start: "mail",
  steps: {
    mail: { type: "send", channel: "email", brandId: "vinello", templateId: "thanks", next: "end" },
    end: { type: "exit" },
  },
};

/** The journey worker inside `cxloop serve`: publish over the API, send an event, see the send. */
describe.each(await engines())("journeys in a running cxloop serve on %s", (engine) => {
  let db: TestDatabase;
  let store: Store;
  let server: ServeProcess;
  let key: string;
  let token: string;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    store = await openStore(db.url);
    const sources = await seedSources(store);
    key = (await store.sources.createWriteKey(sources.till.id)).key;
    await store.users.create({
      email: "ops@example.ch",
      name: "Ops",
      role: "admin",
      passwordHash: await hashPassword("long-password"),
    });
    server = await startServeProcess(db.url);
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        email: "ops@example.ch",
        password: "long-password",
        issueToken: true,
      }),
    });
    token = ((await login.json()) as { token: string }).token;
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
    await store?.close();
    await db?.drop();
  });

  const api = (path: string, body: unknown) =>
    fetch(`${server.url}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  it("a till purchase with a wine after publishing leads to exactly one send in the ledger", async () => {
    expect((await api("/api/journeys", thankYou)).status).toBe(201);
    expect(
      (await api("/api/journeys/wine-thanks/status", { status: "published", version: 1 })).status,
    ).toBe(200);
    const send = await fetch(`${server.url}/v1/track`, {
      method: "POST",
      headers: { authorization: basic(key), "content-type": "application/json" },
      body: JSON.stringify({
        anonymousId: "receipt-77",
        event: "Order Completed",
        context: { traits: { loyaltyCard: "25017777" } },
        properties: { products: [{ name: "Rioja", category: "wine" }] },
      }),
    });
    expect(send.status).toBe(200);
    const profileId = (await store.profiles.findByIdentifier({
      type: "loyalty_card",
      value: "25017777",
    })) as string;
    let ledger: { status: string }[] = [];
    for (let i = 0; i < 100 && !ledger.some((e) => e.status === "sent"); i++) {
      await new Promise((r) => setTimeout(r, 200));
      const runs = await store.journeys.runsOfProfile(profileId, "wine-thanks");
      ledger = (await Promise.all(runs.map((r) => store.journeys.ledger(r.id)))).flat();
    }
    expect(ledger).toEqual([expect.objectContaining({ status: "sent" })]);
  });
});
