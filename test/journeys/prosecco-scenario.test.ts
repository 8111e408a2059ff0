import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WINE_RECIPES_JOURNEY } from "../../src/demo/demo-messaging.js";
import type { Store } from "../../src/storage/store.js";
import { exampleJourney } from "../support/journeys.js";
import { engines, freshStore } from "../support/databases.js";
import type { ReceivedMail } from "../support/smtp.js";
import {
  CHIANTI,
  OLIVES,
  PROSECCO,
  nextMorning,
  prosecco,
  purchaseAt,
} from "../support/scenario.js";

const htmlOf = (mail: ReceivedMail) => String(mail.parsed.html || "");

/** Seed 000 end to end: till purchase → journey → wine club email over real SMTP. */
describe.each(await engines())("the Prosecco scenario on %s", (engine) => {
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

  it("a customer with consent gets exactly one email next morning at 9, by name, about the Prosecco, with two recipes for sparkling wine", async () => {
    const id = await world.customer("25010001", {
      email: "marco.fritsche@example.ch",
      wine: { email_marketing: true },
      market: { cross_brand_personalisation: true },
    });
    await world.tillPurchase("25010001", "R-1", [PROSECCO, OLIVES]);
    await world.worker.runOnce(purchaseAt);
    await world.worker.runOnce(nextMorning - 60_000);
    expect(world.smtp.mails).toHaveLength(0);
    const pass = await world.worker.runOnce(nextMorning);
    expect(pass).toMatchObject({ due: 1, delivered: 1 });
    const mails = world.mailsTo("marco.fritsche@example.ch");
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.from).toBe("weinpost@vinello.example");
    expect(mail.parsed.subject).toBe(
      "Marco, zwei Rezepte passend zu Ihrem Bio Prosecco DOC Casa dal Sole",
    );
    const header = (name: string) =>
      mail.parsed.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, "");
    expect(header("list-unsubscribe")).toMatch(/^<http:\/\/cx\.test\/u\/[\w-]+\.[\w-]+>$/);
    expect(header("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    const html = htmlOf(mail);
    expect(html).toContain("Grüezi Marco");
    expect(html).toContain("Bio Prosecco DOC Casa dal Sole");

    const [message] = await store.messages.list({ profileIds: [id] });
    expect(message).toMatchObject({ status: "sent", attempts: 1, channel: "email" });
    expect(message!.items).toHaveLength(2);
    const sparkling = await store.catalog.item(PROSECCO.product_id);
    for (const recipeId of message!.items) {
      const recipe = await store.catalog.item(recipeId);
      expect(recipe?.kind).toBe("recipe");
      // pairs with the Prosecco by its style or its own tags
      const features = [
        ...(sparkling?.tags ?? []),
        ...Object.values(sparkling?.attributes ?? {}).map(String),
      ];
      expect(recipe!.pairsWith.some((p) => features.includes(p))).toBe(true);
      expect(html).toContain(recipe!.locales.de!.title.replace(/&/g, "&amp;"));
    }

    // the run handed over to the dinner journey
    const runs = await store.journeys.runsOfProfile(id);
    expect(runs.map((r) => [r.journeyId, r.status]).sort()).toEqual([
      ["dinner", "waiting"],
      ["wine-recipes", "completed"],
    ]);
  });

  it("a different wine gets different recipes that match it", async () => {
    await world.customer("25010002", {
      email: "red@example.ch",
      wine: { email_marketing: true },
      market: { cross_brand_personalisation: true },
    });
    await world.customer("25010003", {
      email: "bubbles@example.ch",
      wine: { email_marketing: true },
      market: { cross_brand_personalisation: true },
    });
    await world.tillPurchase("25010002", "R-2", [CHIANTI]);
    await world.tillPurchase("25010003", "R-3", [PROSECCO]);
    await world.worker.runOnce(purchaseAt);
    await world.worker.runOnce(nextMorning);
    const [red] = await store.messages
      .list({ status: "sent", channel: "email" })
      .then((all) => all.filter((m) => m.recipient === "red@example.ch"));
    const [bubbles] = await store.messages
      .list({ status: "sent" })
      .then((all) => all.filter((m) => m.recipient === "bubbles@example.ch"));
    expect(red!.items).toHaveLength(2);
    expect(bubbles!.items).toHaveLength(2);
    expect(red!.items.filter((i) => bubbles!.items.includes(i))).toEqual([]);
    const chianti = await store.catalog.item(CHIANTI.product_id);
    const features = [...chianti!.tags, ...Object.values(chianti!.attributes).map(String)];
    for (const recipeId of red!.items) {
      const recipe = await store.catalog.item(recipeId);
      expect(recipe!.pairsWith.some((p) => features.includes(p))).toBe(true);
    }
    expect(world.mailsTo("red@example.ch")[0]!.parsed.subject).toContain("Chianti Classico");
  });

  it("no consent for the wine club, or no cross-brand consent of the supermarket: nothing is sent", async () => {
    await world.customer("25010004", {
      email: "nowine@example.ch",
      wine: { email_marketing: false },
      market: { cross_brand_personalisation: true },
    });
    await world.customer("25010005", {
      email: "nocross@example.ch",
      wine: { email_marketing: true },
      market: { cross_brand_personalisation: false },
    });
    await world.tillPurchase("25010004", "R-4", [PROSECCO]);
    await world.tillPurchase("25010005", "R-5", [PROSECCO]);
    await world.worker.runOnce(purchaseAt);
    await world.worker.runOnce(nextMorning);
    await world.worker.runOnce(nextMorning + 86_400_000);
    expect(world.smtp.mails).toEqual([]);
    expect(await store.messages.list({})).toEqual([]);
  });

  it("consent withdrawn during the wait: the message is suppressed when it is due", async () => {
    const id = await world.customer("25010006", {
      email: "changed@example.ch",
      wine: { email_marketing: true },
      market: { cross_brand_personalisation: true },
    });
    await world.tillPurchase("25010006", "R-6", [PROSECCO]);
    await world.worker.runOnce(purchaseAt);
    await store.profiles.setConsent(
      id,
      {
        brandId: "vinello",
        purpose: "email_marketing",
        status: "revoked",
        source: "api",
        at: purchaseAt + 3_600_000,
        expiresAt: null,
      },
      purchaseAt + 3_600_000,
    );
    await world.worker.runOnce(nextMorning);
    expect(world.smtp.mails).toEqual([]);
    const [message] = await store.messages.list({ profileIds: [id] });
    expect(message).toMatchObject({
      status: "suppressed",
      reason: "no consent: vinello/email_marketing",
    });
  });

  it("frequency cap reached (2 marketing emails this week, any brand): nothing", async () => {
    const id = await world.customer("25010007", {
      email: "busy@example.ch",
      wine: { email_marketing: true },
      market: { cross_brand_personalisation: true, email_marketing: true },
    });
    for (const n of [1, 2]) {
      const key = `earlier-${n}`;
      await store.journeys.reserveSend(
        {
          ledgerKey: key,
          runId: `other-run-${n}`,
          journeyId: "newsletter",
          version: 1,
          stepId: "mail",
          profileId: id,
          channel: "email",
          brandId: "marktkorb",
          templateId: "weekly",
          purpose: "email_marketing",
          transactional: false,
          priority: 0,
          test: false,
          senderId: null,
        },
        purchaseAt - n * 86_400_000,
      );
      await store.messages.finishAttempt(
        key,
        { type: "sent", providerId: null },
        purchaseAt - n * 86_400_000,
      );
    }
    await world.tillPurchase("25010007", "R-7", [PROSECCO]);
    await world.worker.runOnce(purchaseAt);
    await world.worker.runOnce(nextMorning);
    expect(world.mailsTo("busy@example.ch")).toEqual([]);
    const messages = await store.messages.list({ profileIds: [id], journeyId: "wine-recipes" });
    expect(messages).toEqual([
      expect.objectContaining({
        status: "suppressed",
        reason: "frequency cap: 2 email per 7 days",
      }),
    ]);
  });

  it("a second till purchase the same day: still one email", async () => {
    await world.customer("25010008", {
      email: "twice@example.ch",
      wine: { email_marketing: true },
      market: { cross_brand_personalisation: true },
    });
    await world.tillPurchase("25010008", "R-8a", [PROSECCO]);
    await world.worker.runOnce(purchaseAt);
    await world.tillPurchase("25010008", "R-8b", [CHIANTI], purchaseAt + 2 * 3_600_000);
    await world.worker.runOnce(purchaseAt + 2 * 3_600_000);
    await world.worker.runOnce(nextMorning);
    await world.worker.runOnce(nextMorning + 3_600_000);
    expect(world.mailsTo("twice@example.ch")).toHaveLength(1);
  });

  it("a later Prosecco brings recipes the customer was not sent before", async () => {
    const id = await world.customer("25010010", {
      email: "again@example.ch",
      wine: { email_marketing: true },
      market: { cross_brand_personalisation: true },
    });
    const day = 86_400_000;
    await world.tillPurchase("25010010", "R-10a", [PROSECCO]);
    await world.worker.runOnce(purchaseAt);
    await world.worker.runOnce(nextMorning);
    await world.tillPurchase("25010010", "R-10b", [PROSECCO], purchaseAt + 4 * day);
    await world.worker.runOnce(purchaseAt + 4 * day);
    await world.worker.runOnce(nextMorning + 4 * day);
    const sent = await store.messages.list({
      profileIds: [id],
      journeyId: "wine-recipes",
      status: "sent",
    });
    expect(sent).toHaveLength(2);
    const [second, first] = sent;
    expect(first!.items).toHaveLength(2);
    expect(second!.items).toHaveLength(2);
    expect(second!.items.filter((i) => first!.items.includes(i))).toEqual([]);
  });

  it("a replayed event feed and a second worker never send twice", async () => {
    await world.customer("25010009", {
      email: "once@example.ch",
      wine: { email_marketing: true },
      market: { cross_brand_personalisation: true },
    });
    await world.tillPurchase("25010009", "R-9", [PROSECCO]);
    await world.worker.runOnce(purchaseAt);
    await store.journeys.setFeedCursor(0);
    await world.worker.runOnce(purchaseAt + 60_000);
    await Promise.all([world.worker.runOnce(nextMorning), world.worker.runOnce(nextMorning)]);
    await world.worker.runOnce(nextMorning + 120_000);
    expect(world.mailsTo("once@example.ch")).toHaveLength(1);
  });
});

describe("the seed 000 journey as a file", () => {
  it("examples/journeys/wine-recipes.json is the journey the demo publishes", () => {
    expect(exampleJourney("wine-recipes.json")).toEqual(WINE_RECIPES_JOURNEY);
  });
});
