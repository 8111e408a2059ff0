import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../src/core/access/password.js";
import { openStore, type Store } from "../../src/storage/store.js";
import { basic } from "../support/app.js";
import { engines, freshDatabase, type TestDatabase } from "../support/databases.js";
import { startServeProcess, type ServeProcess } from "../support/processes.js";
import { startSmtpServer } from "../support/smtp.js";
import { event, seedSources } from "../support/world.js";

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
  // a transactional thank-you: no marketing consent needed
  steps: {
    mail: {
      type: "send",
      channel: "email",
      brandId: "vinello",
      templateId: "thanks",
      transactional: true,
      next: "end",
    },
    end: { type: "exit" },
  },
};

/**
 * The journey worker inside `cxloop serve` with SMTP_URL: set up the brand and template and
 * publish over the API, send an event, and the email arrives at a real SMTP server.
 */
describe.each(await engines())("journeys in a running cxloop serve on %s", (engine) => {
  let db: TestDatabase;
  let store: Store;
  let server: ServeProcess;
  let key: string;
  let token: string;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

  beforeAll(async () => {
    db = await freshDatabase(engine);
    store = await openStore(db.url);
    const sources = await seedSources(store);
    key = (await store.sources.createWriteKey(sources.till.id)).key;
    await store.ingest.ingest([
      event(sources.wine, {
        type: "identify",
        userId: "u-77",
        traits: { loyaltyCard: "25017777", email: "wein@example.ch", firstName: "Nadine" },
      }),
      // the till is the supermarket's: the wine club may use it only with this consent
      event(sources.shop, {
        type: "identify",
        userId: "u-77",
        traits: { consents: { cross_brand_personalisation: true } },
      }),
    ]);
    smtp = await startSmtpServer();
    await store.users.create({
      email: "ops@example.ch",
      name: "Ops",
      role: "admin",
      passwordHash: await hashPassword("long-password"),
    });
    server = await startServeProcess(db.url, { SMTP_URL: smtp.url });
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
    await smtp?.close();
    await db?.drop();
  });

  const api = (path: string, body: unknown, method = "POST") =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  it("a till purchase with a wine after publishing: exactly one email at the SMTP server", async () => {
    const settings = {
      senders: [{ id: "main", name: "Vinello Weinclub", address: "weinpost@vinello.example" }],
    };
    expect((await api("/api/brands/vinello/messaging", settings, "PUT")).status).toBe(200);
    const template = {
      id: "thanks",
      brandId: "vinello",
      channel: "email",
      name: "Danke",
      content: {
        de: {
          subject: "Danke, {{ customer.first_name }}",
          body: "<mj-section><mj-column><mj-text>Zum Wohl mit {{ event.properties.products[0].name }}!</mj-text></mj-column></mj-section>",
        },
      },
    };
    expect((await api("/api/templates/thanks", template, "PUT")).status).toBe(200);
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
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]!.to).toEqual(["wein@example.ch"]);
    expect(smtp.mails[0]!.parsed.subject).toBe("Danke, Nadine");
    expect(String(smtp.mails[0]!.parsed.html)).toContain("Zum Wohl mit Rioja!");
    // a transactional message carries no unsubscribe header
    expect(smtp.mails[0]!.parsed.headerLines.some((h) => h.key === "list-unsubscribe")).toBe(false);
  });
});
