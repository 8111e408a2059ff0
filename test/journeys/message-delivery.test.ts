import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseJourney } from "../../src/core/journeys/journey-definition.js";
import { MessagingRules } from "../../src/core/messaging/message-settings.js";
import { buildApp } from "../../src/http/build-app.js";
import { JourneyWorker } from "../../src/journeys/journey-worker.js";
import { Deliverer } from "../../src/messaging/deliverer.js";
import { catalogRecommender } from "../../src/messaging/messaging.js";
import { verifyWebhookSignature } from "../../src/messaging/webhook-transport.js";
import type { Store } from "../../src/storage/store.js";
import { engines, freshStore } from "../support/databases.js";
import { PROSECCO, nextMorning, prosecco, purchaseAt } from "../support/scenario.js";

interface Hook {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP receiver on 127.0.0.1 that answers with the statuses it is told, in turn. */
async function webhookReceiver(statuses: number[]) {
  const received: Hook[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.statusCode = statuses.shift() ?? 200;
      res.end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/cxloop`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const SECRET = "a-webhook-secret-of-some-length";

function journey(input: Record<string, unknown>) {
  const parsed = parseJourney({
    version: 1,
    entry: { type: "event", event: "Order Completed" },
    reentry: { type: "every_time" },
    ...input,
  });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

/** The delivery stage with real storage, a real SMTP server and a real webhook receiver. */
describe.each(await engines())("message delivery on %s", (engine) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let world: Awaited<ReturnType<typeof prosecco>>;

  beforeEach(async () => {
    ({ store, cleanup } = await freshStore(engine));
    world = await prosecco(store);
  });
  afterEach(async () => {
    await world.close();
    await cleanup();
  });

  async function publish(definition: ReturnType<typeof journey>, at = purchaseAt - 3_600_000) {
    const version = await store.journeys.saveVersion(definition, "test", at);
    await store.journeys.setStatus(definition.id, "published", version, at);
  }
  async function webhookJourney(url: string) {
    const settings = (await store.messages.brandMessaging("vinello"))!;
    await store.messages.setBrandMessaging("vinello", {
      ...settings,
      webhooks: { webhook: { url, secret: SECRET } },
    });
    await store.messages.saveTemplate(
      {
        id: "crm-sync",
        brandId: "vinello",
        channel: "webhook",
        name: "CRM",
        layoutId: null,
        content: {
          de: {
            body: '{"customer": {{ customer.first_name | json }}, "order": {{ event.properties.order_id | json }}}',
          },
        },
      },
      "test",
    );
    await publish(
      journey({
        id: "crm",
        name: "CRM sync",
        start: "hook",
        steps: {
          hook: {
            type: "send",
            channel: "webhook",
            brandId: "vinello",
            templateId: "crm-sync",
            transactional: true,
            next: "end",
          },
          end: { type: "exit" },
        },
      }),
    );
  }
  /** One email a week at most, and two journeys ("low", "high") that email every purchase. */
  async function competingJourneys() {
    await store.messages.setRules(
      MessagingRules.parse({ caps: [{ channel: "email", max: 1, periodDays: 7 }] }),
    );
    for (const [id, priority] of [
      ["low", 1],
      ["high", 50],
    ] as const) {
      await publish(
        journey({
          id,
          name: id,
          priority,
          start: "mail",
          steps: {
            mail: {
              type: "send",
              channel: "email",
              brandId: "vinello",
              templateId: "recipes-for-your-wine",
              next: "end",
            },
            end: { type: "exit" },
          },
        }),
      );
    }
  }
  const consenting = (card: string, email: string) =>
    world.customer(card, {
      email,
      wine: { email_marketing: true },
      market: { cross_brand_personalisation: true },
    });

  it("webhooks are signed, carry the ledger key as idempotency key, retry 5xx with backoff and stop at 4xx", async () => {
    const receiver = await webhookReceiver([503, 200, 400]);
    try {
      await webhookJourney(receiver.url);
      const id = await consenting("25020001", "hook@example.ch");
      await world.tillPurchase("25020001", "R-100", [PROSECCO]);
      await world.worker.runOnce(purchaseAt);
      expect(receiver.received).toHaveLength(1);
      const [first] = await store.messages.list({ profileIds: [id] });
      expect(first).toMatchObject({ status: "pending", attempts: 1, lastError: "HTTP 503" });
      expect(first!.nextAttemptAt).toBe(purchaseAt + 30_000);
      await world.worker.runOnce(purchaseAt + 10_000);
      expect(receiver.received).toHaveLength(1);
      await world.worker.runOnce(purchaseAt + 30_000);
      expect(receiver.received).toHaveLength(2);
      const [a, b] = receiver.received;
      expect(a!.headers["idempotency-key"]).toBe(first!.ledgerKey);
      expect(b!.headers["idempotency-key"]).toBe(first!.ledgerKey);
      expect(
        verifyWebhookSignature(SECRET, String(b!.headers["x-cxloop-signature"]), b!.body),
      ).toBe(true);
      expect(
        verifyWebhookSignature(
          "another-secret-entirely",
          String(b!.headers["x-cxloop-signature"]),
          b!.body,
        ),
      ).toBe(false);
      expect(JSON.parse(b!.body)).toMatchObject({
        id: first!.ledgerKey,
        brand: "vinello",
        data: { customer: "Marco", order: "R-100" },
      });
      expect((await store.messages.message(first!.ledgerKey))?.status).toBe("sent");

      await world.tillPurchase("25020001", "R-101", [PROSECCO], purchaseAt + 60_000);
      await world.worker.runOnce(purchaseAt + 60_000);
      const failed = (await store.messages.list({ profileIds: [id], status: "failed" }))[0];
      expect(failed).toMatchObject({ lastError: "HTTP 400", attempts: 1 });
    } finally {
      await receiver.close();
    }
  });

  it("after a crash mid-send, a webhook is resent with the same key and an email is held as unknown", async () => {
    const receiver = await webhookReceiver([]);
    try {
      await webhookJourney(receiver.url);
      const id = await consenting("25020002", "crash@example.ch");
      await world.tillPurchase("25020002", "R-200", [PROSECCO]);
      // the worker takes the journey step, then dies after marking the message "sending"
      await new JourneyWorker(store).runOnce(purchaseAt); // the journey step, no delivery
      const claimed = await store.messages.claimDue(purchaseAt, 10, 60_000);
      for (const m of claimed) {
        await store.messages.beginAttempt(m, 0, null, () => ({ type: "deliver" }), purchaseAt);
      }
      expect(claimed.map((m) => m.channel).sort()).toEqual(["webhook"]);
      await world.worker.runOnce(purchaseAt + 30_000); // the lease still holds: untouched
      expect(receiver.received).toHaveLength(0);
      await world.worker.runOnce(purchaseAt + 61_000);
      expect(receiver.received).toHaveLength(1);
      expect(receiver.received[0]!.headers["idempotency-key"]).toBe(claimed[0]!.ledgerKey);

      // the same for email: policy "hold" marks it unknown and never resends
      await store.messages.setRules(MessagingRules.parse({}));
      const mailer = await world.customer("25020003", {
        email: "held@example.ch",
        wine: { email_marketing: true },
        market: { cross_brand_personalisation: true },
      });
      await world.tillPurchase("25020003", "R-300", [PROSECCO], purchaseAt + 100_000);
      await world.worker.runOnce(purchaseAt + 100_000);
      await world.worker.runner.tick(nextMorning); // the run reaches the send step only
      const due = await store.messages.claimDue(nextMorning, 10, 60_000);
      const mail = due.find((m) => m.profileId === mailer)!;
      await store.messages.beginAttempt(mail, 0, null, () => ({ type: "deliver" }), nextMorning);
      await world.worker.runOnce(nextMorning + 61_000);
      expect(world.mailsTo("held@example.ch")).toEqual([]);
      expect(await store.messages.message(mail.ledgerKey)).toMatchObject({
        status: "unknown",
        lastError: "the worker stopped while sending; not resent (policy: hold)",
      });
      expect(id).toBeTruthy();
    } finally {
      await receiver.close();
    }
  });

  it("a slow channel never outlasts the claim: the rest waits for its lease and goes out once", async () => {
    const received: string[] = [];
    // a gateway that takes 400 ms per request
    const server = createServer((req, res) => {
      req.resume();
      req.on("end", () =>
        setTimeout(() => {
          received.push(String(req.headers["idempotency-key"]));
          res.end("{}");
        }, 400),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      await webhookJourney(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`);
      for (const card of ["25020021", "25020022", "25020023", "25020024"]) {
        await consenting(card, `slow-${card}@example.ch`);
        await world.tillPurchase(card, `R-${card}`, [PROSECCO]);
      }
      await new JourneyWorker(store).runOnce(purchaseAt); // the journey steps, no delivery
      const deliverer = (leaseMs: number) =>
        new Deliverer(store, world.messaging.email, world.messaging.links, { leaseMs });
      // half the lease (500 ms) is over after the second request: the rest stays claimed
      const taken = await deliverer(1_000).deliverDue(purchaseAt);
      expect(taken).toBeGreaterThanOrEqual(1);
      expect(taken).toBeLessThanOrEqual(2);
      expect(received).toHaveLength(taken);
      // another worker cannot take them while the claim holds ...
      expect(await deliverer(1_000).deliverDue(purchaseAt + 100)).toBe(0);
      // ... and sends them once it has ended (a worker with a long lease, so it takes them all)
      expect(await deliverer(60_000).deliverDue(purchaseAt + 2_000)).toBe(4 - taken);
      expect(received).toHaveLength(4);
      expect(new Set(received).size).toBe(4);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("quiet hours hold a message until morning in the customer's time zone", async () => {
    await publish(
      journey({
        id: "late",
        name: "Late",
        start: "wait",
        steps: {
          wait: { type: "wait", duration: { hours: 4 }, next: "mail" },
          mail: {
            type: "send",
            channel: "email",
            brandId: "vinello",
            templateId: "recipes-for-your-wine",
            next: "end",
          },
          end: { type: "exit" },
        },
      }),
    );
    await consenting("25020004", "night@example.ch");
    await world.tillPurchase("25020004", "R-400", [PROSECCO]); // 18:24 → due 22:24, quiet
    await world.worker.runOnce(purchaseAt);
    await world.worker.runOnce(purchaseAt + 4 * 3_600_000);
    const [held] = await store.messages.list({ journeyId: "late" });
    expect(held).toMatchObject({ status: "pending", reason: "quiet hours 21:00–08:00" });
    expect(held!.nextAttemptAt).toBe(Date.parse("2026-05-05T06:00:00Z")); // 08:00 in Zurich
    await world.worker.runOnce(Date.parse("2026-05-05T06:00:00Z"));
    expect(world.mailsTo("night@example.ch")).toHaveLength(1);
  });

  it("when two journeys compete for the last message the cap allows, the higher priority goes", async () => {
    await competingJourneys();
    await consenting("25020005", "compete@example.ch");
    // a purchase in quiet hours: both messages wait for 8:00 and are due together
    await world.tillPurchase("25020005", "R-500", [PROSECCO], purchaseAt + 4 * 3_600_000);
    await world.worker.runOnce(purchaseAt + 4 * 3_600_000);
    await world.worker.runOnce(Date.parse("2026-05-05T06:00:00Z"));
    const byJourney = Object.fromEntries(
      (await store.messages.list({})).map((m) => [m.journeyId, m.status]),
    );
    expect(byJourney).toMatchObject({ high: "sent", low: "suppressed" });
    expect(world.mailsTo("compete@example.ch")).toHaveLength(1);
  });

  it("in a window of several messages the cap sees the ones before it in the same window", async () => {
    const windowed = new JourneyWorker(store, {
      deliverer: new Deliverer(store, world.messaging.email, world.messaging.links, {
        recommend: catalogRecommender(store),
        window: 8,
        onError: (error) => {
          throw error;
        },
      }),
    });
    await competingJourneys();
    for (const card of ["25020011", "25020012", "25020013"]) {
      await consenting(card, `window-${card}@example.ch`);
      await world.tillPurchase(card, `R-${card}`, [PROSECCO], purchaseAt + 4 * 3_600_000);
    }
    // nine events (each customer's identify twice and a purchase) start six runs whose
    // messages are due at once: one window of six
    expect(await windowed.runOnce(purchaseAt + 4 * 3_600_000)).toMatchObject({ delivered: 6 });
    const messages = await store.messages.list({});
    expect(messages).toHaveLength(6);
    for (const m of messages) expect(m.status).toBe(m.journeyId === "high" ? "sent" : "suppressed");
    for (const card of ["25020011", "25020012", "25020013"])
      expect(world.mailsTo(`window-${card}@example.ch`)).toHaveLength(1);
  });

  it("customer data is escaped in email, a broken template fails visibly, and a runaway loop is stopped", async () => {
    await world.customer("25020006", {
      email: "xss@example.ch",
      firstName: '<img src=x onerror="alert(1)">',
      wine: { email_marketing: true },
      market: { cross_brand_personalisation: true },
    });
    await world.tillPurchase("25020006", "R-600", [PROSECCO]);
    await world.worker.runOnce(purchaseAt);
    await world.worker.runOnce(nextMorning);
    const html = String(world.mailsTo("xss@example.ch")[0]!.parsed.html);
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;img src=x");

    for (const [id, body] of [
      ["broken", "<mj-section>{% if %}</mj-section>"],
      ["runaway", "{% for i in (1..100000000) %}{{ i }}{% endfor %}"],
    ] as const) {
      await store.messages.saveTemplate(
        {
          id,
          brandId: "vinello",
          channel: "email",
          name: id,
          layoutId: null,
          content: { de: { subject: "x", body } },
        },
        "test",
      );
      await publish(
        journey({
          id: `j-${id}`,
          name: id,
          entry: { type: "event", event: "Wine Advice Viewed" },
          start: "mail",
          steps: {
            mail: {
              type: "send",
              channel: "email",
              brandId: "vinello",
              templateId: id,
              transactional: true,
              next: "end",
            },
            end: { type: "exit" },
          },
        }),
      );
    }
    await store.ingest.ingest([
      (await import("../support/world.js")).event(
        world.src.wine,
        { type: "track", userId: "u-25020006", event: "Wine Advice Viewed" },
        nextMorning + 5000,
      ),
    ]);
    // published journeys are re-read every 2 s
    await world.worker.runOnce(nextMorning + 5000);
    const failed = await store.messages.list({ status: "failed" });
    expect(failed.map((m) => m.journeyId).sort()).toEqual(["j-broken", "j-runaway"]);
    for (const m of failed) expect(m.lastError).toMatch(/^template (broken|runaway): body: /);
  });

  it("unsubscribe, open and click links are signed; one click revokes the consent and is an event", async () => {
    const app = await buildApp({
      store,
      phoneRegion: "CH",
      sessionTtlHours: 1,
      maxPendingIngests: 64,
      logLevel: "silent",
      version: "test",
      links: world.messaging.links,
    });
    try {
      const id = await consenting("25020007", "links@example.ch");
      await world.tillPurchase("25020007", "R-700", [PROSECCO]);
      await world.worker.runOnce(purchaseAt);
      await world.worker.runOnce(nextMorning);
      const mail = world.mailsTo("links@example.ch")[0]!;
      const html = String(mail.parsed.html);
      const path = (url: string) => new URL(url).pathname + new URL(url).search;
      const unsubscribe = /<a href="(http:\/\/cx\.test\/u\/[^"]+)"/.exec(html)![1]!;
      const pixel = /<img src="(http:\/\/cx\.test\/o\/[^"]+)"/.exec(html)![1]!;
      const click = /href="(http:\/\/cx\.test\/c\/[^"]+)"/.exec(html)![1]!.replace(/&amp;/g, "&");

      const opened = await app.inject({ method: "GET", url: path(pixel) });
      expect(opened.statusCode).toBe(200);
      expect(opened.headers["content-type"]).toBe("image/gif");
      const clicked = await app.inject({ method: "GET", url: path(click) });
      expect(clicked.statusCode).toBe(302);
      expect(clicked.headers.location).toMatch(/^https:\/\/.*kochlust/);
      // a changed target is refused: no open redirect
      const evil = path(click).replace(
        /u=[^&]+/,
        `u=${encodeURIComponent("https://evil.example")}`,
      );
      expect((await app.inject({ method: "GET", url: evil })).statusCode).toBe(404);
      const [message] = await store.messages.list({ profileIds: [id] });
      expect(message!.openedAt).not.toBeNull();
      expect(message!.clickedAt).not.toBeNull();

      // a GET only shows the page (mail scanners follow links); the POST unsubscribes
      const page = await app.inject({ method: "GET", url: path(unsubscribe) });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain("Keine E-Mails von Vinello mehr");
      expect(
        (await store.profiles.consentsOf(id))?.find((c) => c.brandId === "vinello")?.status,
      ).toBe("granted");
      const forged = await app.inject({
        method: "POST",
        url: path(unsubscribe).replace(/\.[^.]+$/, ".AAAAAAAAAAAAAAAAAAAAAA"),
      });
      expect(forged.statusCode).toBe(404);
      const done = await app.inject({
        method: "POST",
        url: path(unsubscribe),
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: "List-Unsubscribe=One-Click",
      });
      expect(done.statusCode).toBe(200);
      const consent = (await store.profiles.consentsOf(id))?.find(
        (c) => c.brandId === "vinello" && c.purpose === "email_marketing",
      );
      expect(consent).toMatchObject({ status: "revoked", source: "unsubscribe" });
      const names = (await store.profiles.events(id, { limit: 50 }))!.map((e) => e.name);
      expect(names).toEqual(
        expect.arrayContaining(["Email Opened", "Email Link Clicked", "Unsubscribed"]),
      );

      // the click moved Marco on in the dinner journey (wait for "Email Link Clicked")
      await world.worker.runOnce(Date.now() + 1000);
      const dinner = (await store.journeys.runsOfProfile(id, "dinner"))[0];
      expect(dinner?.stepId).toBe("evening");
    } finally {
      await app.close();
    }
  });

  it("erasing a customer deletes their messages and runs; the export holds them before", async () => {
    const id = await consenting("25020008", "forget@example.ch");
    await world.tillPurchase("25020008", "R-800", [PROSECCO]);
    await world.worker.runOnce(purchaseAt);
    await world.worker.runOnce(nextMorning);
    const exported = await store.privacy.exportProfile(id);
    expect(exported.messages).toEqual([
      expect.objectContaining({ recipient: "forget@example.ch", status: "sent" }),
    ]);
    expect((exported.journeyRuns as unknown[]).length).toBe(2);
    const report = await store.privacy.erase(id);
    expect(report.messages).toBe(1);
    expect(await store.messages.list({ profileIds: [id] })).toEqual([]);
    expect(await store.journeys.runsOfProfile(id)).toEqual([]);
  });
});
