import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { demoCatalogItems } from "../../src/demo/demo-catalogue-items.js";
import { installDemoMessaging } from "../../src/demo/install-demo-messaging.js";
import { JourneyWorker } from "../../src/journeys/journey-worker.js";
import { openMessaging } from "../../src/messaging/messaging.js";
import { loginAs, testApp, type TestApp } from "../support/app.js";
import { engines } from "../support/databases.js";
import { event } from "../support/world.js";

const PROSECCO_EVENT = {
  name: "Order Completed",
  brandId: "marktkorb",
  properties: {
    order_id: "R-1",
    products: [
      { product_id: "mk-wine-1001", name: "Bio Prosecco DOC Casa dal Sole", category: "wine" },
    ],
  },
};

describe.each(await engines())("messaging API on %s", (engine) => {
  let t: TestApp;
  let admin: string;
  let analyst: string;
  let marco: string;

  beforeEach(async () => {
    t = await testApp(engine);
    await t.store.sources.createBrand({ id: "kochlust", name: "Kochlust" });
    await t.store.catalog.upsertItems(demoCatalogItems());
    await installDemoMessaging(t.store);
    admin = await loginAs(t, "admin");
    analyst = await loginAs(t, "analyst");
    const wine = (await t.store.sources.getSource("vinello-shop"))!;
    const shop = (await t.store.sources.getSource("marktkorb-web"))!;
    await t.store.ingest.ingest([
      event(wine, {
        type: "identify",
        userId: "u-1",
        traits: {
          firstName: "Marco",
          email: "marco@example.ch",
          language: "en",
          consents: { email_marketing: true },
        },
      }),
      event(shop, {
        type: "identify",
        userId: "u-1",
        traits: { consents: { cross_brand_personalisation: true } },
      }),
    ]);
    marco = (await t.store.profiles.findByIdentifier({ type: "user_id", value: "u-1" }))!;
  });
  afterEach(() => t.cleanup());

  const call = (method: "GET" | "PUT" | "POST", url: string, token: string, payload?: unknown) =>
    t.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  it("previews a stored template for a customer in their language, with recommendations", async () => {
    const res = await call("POST", "/api/templates/preview", analyst, {
      templateId: "recipes-for-your-wine",
      customerId: marco,
      event: PROSECCO_EVENT,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json() as {
      kind: string;
      language: string;
      subject: string;
      html: string;
      items: string[];
    };
    expect(body).toMatchObject({ kind: "email", language: "en", recipient: "marco@example.ch" });
    expect(body.subject).toBe("Marco, two recipes to go with your Bio Prosecco DOC Casa dal Sole");
    expect(body.items).toHaveLength(2);
    expect(body.html).toContain("Hello Marco");
  });

  it("a template with a Liquid or MJML mistake is a 400 that names the part", async () => {
    const template = {
      id: "bad",
      brandId: "vinello",
      channel: "email",
      name: "Bad",
      content: { de: { subject: "Hi", body: "{% for x in %}" } },
    };
    const liquid = await call("POST", "/api/templates/preview", analyst, {
      template,
      customerId: marco,
    });
    expect(liquid.statusCode).toBe(400);
    expect(liquid.json()).toMatchObject({ error: { path: "body.template.body" } });
    const noSubject = await call("PUT", "/api/templates/bad", admin, {
      ...template,
      content: { de: { body: "<mj-section></mj-section>" } },
    });
    expect(noSubject.statusCode).toBe(400);
    expect(JSON.stringify(noSubject.json())).toContain("subject");
    const wrongBrand = await call("PUT", "/api/templates/bad", admin, {
      ...template,
      brandId: "nobody",
    });
    expect(wrongBrand.statusCode).toBe(400);
    expect(wrongBrand.json()).toMatchObject({ error: { path: "brandId" } });
    const layoutWithoutContent = await call("PUT", "/api/layouts/x", admin, {
      id: "x",
      brandId: "vinello",
      name: "X",
      mjml: "<mjml><mj-body></mj-body></mjml>",
    });
    expect(layoutWithoutContent.statusCode).toBe(400);
    expect(JSON.stringify(layoutWithoutContent.json())).toContain("{{ content }}");
    expect((await call("PUT", "/api/templates/bad", analyst, template)).statusCode).toBe(403);
  });

  it("brand settings never return webhook secrets; null keeps the stored one", async () => {
    const settings = {
      senders: [{ id: "main", name: "Vinello", address: "weinpost@vinello.example" }],
      webhooks: { sms: { url: "https://sms.example/send", secret: "sms-gateway-secret-123" } },
    };
    const put = await call("PUT", "/api/brands/vinello/messaging", admin, settings);
    expect(put.statusCode).toBe(200);
    expect(JSON.stringify(put.json())).not.toContain("sms-gateway-secret-123");
    const again = await call("PUT", "/api/brands/vinello/messaging", admin, {
      ...settings,
      webhooks: { sms: { url: "https://sms.example/v2", secret: null } },
    });
    expect(again.statusCode).toBe(200);
    expect((await t.store.messages.brandMessaging("vinello"))?.webhooks.sms).toEqual({
      url: "https://sms.example/v2",
      secret: "sms-gateway-secret-123",
    });
    const got = await call("GET", "/api/brands/vinello/messaging", analyst);
    expect(got.json()).toMatchObject({ webhooks: { sms: { secret: null, secretSet: true } } });
    const noSecret = await call("PUT", "/api/brands/kochlust/messaging", admin, {
      webhooks: { push: { url: "https://push.example", secret: null } },
    });
    expect(noSecret.statusCode).toBe(400);
    expect(noSecret.json()).toMatchObject({ error: { path: "body.webhooks.push.secret" } });
  });

  it("rules across journeys are read and replaced whole, with bad values refused", async () => {
    const rules = (await call("GET", "/api/messaging/rules", analyst)).json();
    expect(rules).toMatchObject({ caps: [{ channel: "email", max: 2, periodDays: 7 }] });
    const bad = await call("PUT", "/api/messaging/rules", admin, {
      caps: [{ channel: "email", max: 0, periodDays: 7 }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { path: "body.caps.0.max" } });
    const ok = await call("PUT", "/api/messaging/rules", admin, {
      caps: [],
      quietHours: { from: "22:00", to: "07:00" },
    });
    expect(ok.json()).toMatchObject({ caps: [], quietHours: { from: "22:00", to: "07:00" } });
  });

  it("test mode sends the real message within seconds, shows it in the outbox and the customer's log; stats leave test runs out", async () => {
    const res = await call("POST", "/api/journeys/wine-recipes/test", admin, {
      customerId: marco,
      event: PROSECCO_EVENT,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ mode: "test", status: "waiting", stepId: "morning" });
    expect(
      (await call("POST", "/api/journeys/nope/test", admin, { customerId: marco })).statusCode,
    ).toBe(409);
    expect(
      (await call("POST", "/api/journeys/wine-recipes/test", admin, { customerId: "prf_none" }))
        .statusCode,
    ).toBe(404);
    const messaging = await openMessaging(t.store, { publicUrl: "http://cx.test" });
    await new JourneyWorker(t.store, { deliverer: messaging.deliverer }).runOnce(
      Date.now() + 6_000,
    );
    const outbox = (await call("GET", "/api/messages?journeyId=wine-recipes", analyst)).json() as {
      ledgerKey: string;
      status: string;
      test: boolean;
      transport: string;
      bodyHtml?: string;
    }[];
    expect(outbox).toEqual([
      expect.objectContaining({ status: "sent", test: true, transport: "outbox" }),
    ]);
    expect(outbox[0]!.bodyHtml).toBeUndefined();
    const one = (
      await call("GET", `/api/messages/${encodeURIComponent(outbox[0]!.ledgerKey)}`, analyst)
    ).json() as {
      bodyHtml: string;
    };
    expect(one.bodyHtml).toContain("Hello Marco");
    const log = (
      await call("GET", `/api/customers/${marco}/messages`, analyst)
    ).json() as unknown[];
    expect(log).toHaveLength(1);
    const stats = (await call("GET", "/api/journeys/wine-recipes/stats", analyst)).json();
    expect(stats).toMatchObject({ totals: { entered: 0 }, steps: {} });
    expect((await call("GET", "/api/messages?status=nonsense", analyst)).statusCode).toBe(400);
  });

  it("a message held as unknown after a crash is decided on by a person: resend, arrived or not", async () => {
    const messaging = await openMessaging(t.store, { publicUrl: "http://cx.test" });
    const worker = new JourneyWorker(t.store, { deliverer: messaging.deliverer });
    /** A test send whose worker died while handing it over: held as unknown (policy hold). */
    async function heldMessage(): Promise<string> {
      const started = await call("POST", "/api/journeys/wine-recipes/test", admin, {
        customerId: marco,
        event: PROSECCO_EVENT,
      });
      expect(started.statusCode).toBe(201);
      const at = Date.now() + 6_000;
      // the wait ends at +5 s: a worker without delivery stage reserves the send
      await new JourneyWorker(t.store).runOnce(at);
      const [due] = await t.store.messages.claimDue(at, 10, 1_000);
      expect(due).toBeDefined();
      await t.store.messages.beginAttempt(due!, at, null, () => ({ type: "deliver" }), at);
      // the lease ran out; the next worker finds it "sending" and holds it
      await worker.runOnce(at + 2_000);
      const held = await t.store.messages.message(due!.ledgerKey);
      expect(held).toMatchObject({ status: "unknown", attempts: 1 });
      return due!.ledgerKey;
    }
    const resolve = (key: string, token: string, payload: unknown) =>
      call("POST", `/api/messages/${encodeURIComponent(key)}/resolve`, token, payload);

    const first = await heldMessage();
    const heldAt = (await t.store.messages.message(first))!.updatedAt;
    expect((await resolve(first, analyst, { action: "resend" })).statusCode).toBe(403);
    for (const bad of [
      {},
      { action: "maybe" },
      { action: 1 },
      { action: ["resend"] },
      { action: "resend", force: true },
      ["resend"],
      { action: "resend".repeat(10_000) },
      { __proto__: { action: "resend" } },
    ]) {
      const res = await resolve(first, admin, bad);
      expect(res.statusCode, JSON.stringify(bad).slice(0, 80)).toBe(400);
      expect(res.json()).toMatchObject({ error: expect.any(Object) });
    }
    expect((await resolve("no-such-key", admin, { action: "resend" })).statusCode).toBe(404);
    expect((await resolve("k".repeat(301), admin, { action: "resend" })).statusCode).toBe(400);
    expect((await t.store.messages.message(first))!.status).toBe("unknown"); // nothing written

    const arrived = await resolve(first, admin, { action: "mark_sent" });
    expect(arrived.statusCode).toBe(200);
    expect(arrived.json()).toMatchObject({
      status: "sent",
      sentAt: heldAt,
      reason: expect.stringContaining("confirmed by"),
    });
    const again = await resolve(first, admin, { action: "resend" });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain("is sent, not unknown");

    const second = await heldMessage();
    const resent = await resolve(second, admin, { action: "resend" });
    expect(resent.json()).toMatchObject({
      status: "pending",
      reason: expect.stringContaining("resent"),
    });
    await worker.runOnce(Date.now() + 10_000);
    expect(await t.store.messages.message(second)).toMatchObject({ status: "sent", attempts: 2 });

    const third = await heldMessage();
    expect((await resolve(third, admin, { action: "mark_failed" })).json()).toMatchObject({
      status: "failed",
      reason: expect.stringContaining("not to be resent"),
    });
    await worker.runOnce(Date.now() + 20_000);
    expect((await t.store.messages.message(third))!.status).toBe("failed");

    // After a crash with a large delivery window: one decision for all held messages.
    const held = [await heldMessage(), await heldMessage()];
    const all = (payload: unknown, token = admin) =>
      call("POST", "/api/messages/resolve-unknown", token, payload);
    expect((await all({ action: "mark_sent" }, analyst)).statusCode).toBe(403);
    for (const bad of [
      { action: "maybe" },
      { action: "resend", channel: "fax" },
      { action: "resend", journeyId: "" },
      { action: "resend", everything: true },
      [{ action: "resend" }],
    ])
      expect((await all(bad)).statusCode, JSON.stringify(bad)).toBe(400);
    expect((await all({ action: "mark_sent", journeyId: "dinner" })).json()).toEqual({
      resolved: 0,
      action: "mark_sent",
    });
    expect((await all({ action: "mark_sent", journeyId: "wine-recipes" })).json()).toEqual({
      resolved: 2,
      action: "mark_sent",
    });
    for (const key of held)
      expect(await t.store.messages.message(key)).toMatchObject({
        status: "sent",
        reason: expect.stringContaining("confirmed by"),
      });
    expect((await all({ action: "resend" })).json()).toEqual({ resolved: 0, action: "resend" });
  });

  it("publishing a new version moves customers at a step the new one has, or lets them exit", async () => {
    const wine = (await t.store.sources.getSource("marktkorb-till"))!;
    const track = async (orderId: string) => {
      await t.store.ingest.ingest([
        event(
          wine,
          {
            type: "track",
            userId: "u-1",
            event: "Order Completed",
            properties: {
              order_id: orderId,
              products: [{ product_id: "mk-wine-1001", category: "wine" }],
            },
          },
          Date.now() + 3000,
        ),
      ]);
      await new JourneyWorker(t.store).runOnce(Date.now() + 3000);
    };
    await track("R-10");
    const before = await t.store.journeys.runsOfProfile(marco, "wine-recipes");
    expect(before.map((r) => [r.version, r.stepId, r.status])).toEqual([[1, "morning", "waiting"]]);
    const v1 = (
      await call("GET", "/api/journeys/wine-recipes/versions/1", analyst)
    ).json() as Record<string, unknown>;
    const saved = await call("POST", "/api/journeys", admin, {
      ...v1,
      name: "Weinkauf → Rezepte (v2)",
    });
    expect(saved.json()).toEqual({ id: "wine-recipes", version: 2 });
    const moved = await call("POST", "/api/journeys/wine-recipes/status", admin, {
      status: "published",
      version: 2,
      inFlight: "move_to_new",
    });
    expect(moved.json()).toMatchObject({ publishedVersion: 2, runs: { moved: 1, exited: 0 } });
    expect((await t.store.journeys.runsOfProfile(marco, "wine-recipes"))[0]).toMatchObject({
      version: 2,
      stepId: "morning",
      status: "waiting",
    });
    await call("POST", "/api/journeys", admin, v1);
    const exited = await call("POST", "/api/journeys/wine-recipes/status", admin, {
      status: "published",
      version: 3,
      inFlight: "exit",
    });
    expect(exited.json()).toMatchObject({ runs: { moved: 0, exited: 1 } });
    expect((await t.store.journeys.runsOfProfile(marco, "wine-recipes"))[0]).toMatchObject({
      status: "exited",
      exitReason: "version 3 published",
    });
    const stats = (await call("GET", "/api/journeys/wine-recipes/stats", analyst)).json();
    expect(stats).toMatchObject({
      version: 3,
      totals: { entered: 1 },
      steps: { morning: { entered: 1 } },
    });
    const badPolicy = await call("POST", "/api/journeys/wine-recipes/status", admin, {
      status: "published",
      version: 3,
      inFlight: "teleport",
    });
    expect(badPolicy.statusCode).toBe(400);
  });
});
