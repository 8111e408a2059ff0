import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../../src/core/access/password.js";
import type { Identifier } from "../../src/core/profiles/identifier.js";
import { DEMO_ADMIN, DEMO_ANALYST } from "../../src/demo/demo-credentials.js";
import {
  ERIKA_BRUNNER,
  FIXED_DEMO_CUSTOMERS,
  LUKAS_MEIER,
  MARCO_FRITSCHE,
  NADINE_ROCHAT,
} from "../../src/demo/demo-customers.js";
import { generateDemoWorld } from "../../src/demo/generate-demo-world.js";
import {
  demoWorldLoaded,
  loadDemoWorld,
  type DemoWorldSummary,
} from "../../src/demo/load-demo-world.js";
import type { StoredEvent } from "../../src/core/profiles/profile-views.js";
import type { Store } from "../../src/storage/store.js";
import { JourneyWorker } from "../../src/journeys/journey-worker.js";
import { openMessaging } from "../../src/messaging/messaging.js";
import { engines, freshStore } from "../support/databases.js";

const now = Date.parse("2026-05-06T09:00:00Z");
const options = { customers: 150, days: 60, seed: 11, now };

describe.each(await engines())("the demo world loaded on %s", (engine) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let summary: DemoWorldSummary;
  let loadedBefore: boolean;
  const progress: [number, number, string | undefined][] = [];

  beforeAll(async () => {
    ({ store, cleanup } = await freshStore(engine));
    loadedBefore = await demoWorldLoaded(store);
    summary = await loadDemoWorld(store, {
      ...options,
      onProgress: (done, total, step) => progress.push([done, total, step]),
    });
  }, 120_000);
  afterAll(() => cleanup());

  const profileOf = async (id: Identifier) => {
    const profileId = await store.profiles.findByIdentifier(id);
    expect(profileId, `${id.type} ${id.value}`).toBeDefined();
    return profileId as string;
  };
  const timelineOf = async (profileId: string) =>
    (await store.profiles.events(profileId, { limit: 1000 })) as StoredEvent[];

  it("knows it is loaded, and reports its progress up to the last event", () => {
    expect(loadedBefore).toBe(false);
    expect(progress.filter((p) => p[2] === "events").at(-1)).toEqual([
      summary.events,
      summary.events,
      "events",
    ]);
    // The segments are built after the events, each with its own progress to the last customer.
    expect(progress.at(-1)?.[2]).toBe("segment wine-club-audience");
    expect(progress.at(-1)?.[0]).toBe(progress.at(-1)?.[1]);
    return expect(demoWorldLoaded(store)).resolves.toBe(true);
  });

  it("has the group's brands and a source for every channel of the seeds, each with a working write key", async () => {
    const brands = (await store.sources.listBrands()).map((b) => b.id);
    expect(brands).toEqual(expect.arrayContaining(["marktkorb", "vinello", "kochlust", "voltaro"]));
    const sources = await store.sources.listSources();
    const channels = new Set(sources.map((s) => s.channel));
    for (const channel of [
      "store",
      "web",
      "app",
      "email",
      "social",
      "review_portal",
      "phone",
      "price_comparison",
    ]) {
      expect(channels).toContain(channel);
    }
    expect(sources.find((s) => s.id === "marktkorb-till")).toMatchObject({
      channel: "store",
      trusted: true,
      brandId: "marktkorb",
    });
    expect(summary.sources).toHaveLength(sources.length);
    for (const s of summary.sources.slice(0, 3)) {
      expect((await store.sources.findSourceByWriteKey(s.writeKey))?.id).toBe(s.id);
    }
  });

  it("resolves every customer to exactly one profile (plus one per anonymous visitor)", async () => {
    expect(summary.customers).toBe(options.customers);
    const counts = await store.profiles.count();
    expect(counts.profiles).toBe(options.customers + summary.anonymousProfiles);
    expect(counts.events).toBe(summary.events);
    expect(summary.events).toBe(generateDemoWorld(options).calls.length);
    expect(summary.merges).toBeGreaterThan(10);
  });

  it("stores events on at least six channels", async () => {
    const channels = new Map<string, number>();
    let afterId = 0;
    for (;;) {
      const page = await store.events.recent({ afterId, limit: 500 });
      if (page.length === 0) break;
      for (const e of page) channels.set(e.channel, (channels.get(e.channel) ?? 0) + 1);
      afterId = Math.max(...page.map((e) => e.id));
    }
    expect(channels.size).toBeGreaterThanOrEqual(6);
    expect(Object.fromEntries(channels)).toEqual(summary.eventsByChannel);
  });

  it("finds the well-known customers by email, loyalty card, phone, user id and by name", async () => {
    for (const c of FIXED_DEMO_CUSTOMERS) {
      const byEmail = await profileOf({ type: "email", value: c.email });
      expect(await profileOf({ type: "loyalty_card", value: c.loyaltyCard })).toBe(byEmail);
      expect(await profileOf({ type: "phone", value: c.phone })).toBe(byEmail);
      expect(await profileOf({ type: "user_id", value: c.userId })).toBe(byEmail);
      const found = await store.profiles.search(`${c.firstName} ${c.lastName}`);
      expect(found.map((p) => p.id)).toContain(byEmail);
      expect((await store.profiles.search(c.loyaltyCard)).map((p) => p.id)).toEqual([byEmail]);
    }
    const lukas = await profileOf({ type: "email", value: LUKAS_MEIER.email });
    expect(await profileOf({ type: "social", value: `facebook:${LUKAS_MEIER.facebook}` })).toBe(
      lukas,
    );
  });

  it("shows Marco's apéro at the till with the Prosecco, next to his web and email touchpoints", async () => {
    const marco = await profileOf({ type: "email", value: MARCO_FRITSCHE.email });
    const timeline = await timelineOf(marco);
    const purchase = timeline.find(
      (e) =>
        e.name === "Order Completed" &&
        e.channel === "store" &&
        (e.properties.products as { name: string }[]).some(
          (p) => p.name === "Bio Prosecco DOC Casa dal Sole",
        ),
    );
    expect(purchase).toBeDefined();
    expect(purchase?.sourceId).toBe("marktkorb-till");
    expect(
      (purchase?.properties.products as { product_id: string }[]).map((p) => p.product_id),
    ).toEqual(expect.arrayContaining(["mk-wine-1001", "mk-2001", "mk-2002", "mk-2003", "mk-2004"]));
    expect(now - (purchase?.timestamp ?? 0)).toBeLessThan(3 * 86_400_000);
    const channels = new Set(timeline.map((e) => e.channel));
    expect(channels).toContain("web");
    expect(channels).toContain("email");
    expect(channels).toContain("app");
    expect(new Set(timeline.map((e) => e.brandId))).toEqual(
      new Set(["marktkorb", "vinello", "kochlust"]),
    );
    const view = await store.profiles.get(marco);
    expect(view?.displayName).toBe("Marco Fritsche");
  });

  it("records consents per brand and purpose as the stories need them", async () => {
    const consents = async (email: string) => {
      const list =
        (await store.profiles.consentsOf(await profileOf({ type: "email", value: email }))) ?? [];
      return Object.fromEntries(list.map((c) => [`${c.brandId}/${c.purpose}`, c.status]));
    };
    expect(await consents(MARCO_FRITSCHE.email)).toMatchObject({
      "vinello/email_marketing": "granted",
      "vinello/cross_brand_personalisation": "granted",
      "marktkorb/cross_brand_personalisation": "granted",
    });
    expect(await consents(NADINE_ROCHAT.email)).toMatchObject({
      "vinello/email_marketing": "revoked",
    });
    const erika = await consents(ERIKA_BRUNNER.email);
    expect(erika).toMatchObject({
      "marktkorb/email_marketing": "granted",
      "marktkorb/cross_brand_personalisation": "denied",
    });
    expect(erika["vinello/email_marketing"]).toBeUndefined();
  });

  it("stores the planned consents of generated customers, revocations included", async () => {
    const world = generateDemoWorld(options);
    const sample = world.customers.filter((c) => !c.fixed).filter((_, i) => i % 10 === 0);
    sample.push(...world.customers.filter((c) => c.revocations.length > 0 && !c.fixed).slice(0, 5));
    for (const c of sample) {
      const profileId = await profileOf({ type: "email", value: c.email });
      const stored = Object.fromEntries(
        ((await store.profiles.consentsOf(profileId)) ?? []).map((x) => [
          `${x.brandId}/${x.purpose}`,
          x.status,
        ]),
      );
      for (const [brand, purposes] of Object.entries(c.consents)) {
        for (const [purpose, granted] of Object.entries(purposes)) {
          const revoked = c.revocations.some((r) => r.brandId === brand && r.purpose === purpose);
          expect(stored[`${brand}/${purpose}`], `${c.email} ${brand}/${purpose}`).toBe(
            revoked ? "revoked" : granted ? "granted" : "denied",
          );
        }
      }
    }
  });

  it("joins Lukas's online and offline steps to the washing machine into one journey", async () => {
    const lukas = await profileOf({ type: "email", value: LUKAS_MEIER.email });
    const timeline = (await timelineOf(lukas)).filter((e) => e.brandId === "voltaro").reverse();
    expect(timeline[0]?.channel).toBe("search");
    const channels = new Set(timeline.map((e) => e.channel));
    for (const channel of [
      "search",
      "web",
      "review_portal",
      "store",
      "social",
      "price_comparison",
      "print",
      "phone",
    ]) {
      expect(channels).toContain(channel);
    }
    const purchase = timeline.find((e) => e.name === "Order Completed");
    expect(purchase?.channel).toBe("store");
    expect((purchase?.properties.products as { category: string }[])[0]?.category).toBe(
      "appliances",
    );
  });

  it("shows Erika in store before her online account and on both channels after it", async () => {
    const erika = await profileOf({ type: "user_id", value: ERIKA_BRUNNER.userId });
    const timeline = (await timelineOf(erika)).reverse();
    const accountAt =
      timeline.find((e) => e.type === "identify" && e.sourceId === "marktkorb-web")?.timestamp ?? 0;
    expect(accountAt).toBeGreaterThan(0);
    const before = timeline.filter((e) => e.timestamp < accountAt && e.name === "Order Completed");
    expect(new Set(before.map((e) => e.channel))).toEqual(new Set(["store"]));
    const after = timeline.filter((e) => e.timestamp >= accountAt && e.name === "Order Completed");
    expect(new Set(after.map((e) => e.channel))).toEqual(new Set(["store", "web"]));
    expect(
      timeline.some((e) => e.name === "Checkout Started" && e.timestamp - accountAt < 3_600_000),
    ).toBe(true);
    expect(timeline.some((e) => e.channel === "phone")).toBe(true);
  });

  it("creates the demo users with their roles and passwords", async () => {
    const admin = await store.users.findForLogin(DEMO_ADMIN.email);
    expect(admin?.user.role).toBe("admin");
    expect(await verifyPassword(DEMO_ADMIN.password, admin?.passwordHash ?? "")).toBe(true);
    expect((await store.users.findForLogin(DEMO_ANALYST.email))?.user.role).toBe("analyst");
  });

  it("builds the demo's segments from the history: wine lovers bought wine at least twice in 90 days", async () => {
    expect(summary.segments.map((s) => s.id)).toEqual([
      "wine-lovers",
      "lapsed-customers",
      "big-spenders",
      "wine-club-audience",
    ]);
    // Sixty days of 150 customers are too short to lapse for sixty days or spend 3000 a year.
    for (const s of summary.segments.filter((g) => g.id.startsWith("wine-")))
      expect(s.members, s.id).toBeGreaterThan(0);
    for (const s of summary.segments)
      expect((await store.segments.get(s.id))?.members, s.id).toBe(s.members);
    const [member] = await store.segments.members("wine-lovers", { limit: 1, offset: 0 });
    const events = await timelineOf(member?.profileId as string);
    const wineOrders = events.filter(
      (e) =>
        e.name === "Order Completed" &&
        e.timestamp >= now - 90 * 86_400_000 &&
        JSON.stringify(e.properties).includes('"category":"wine"'),
    );
    expect(wineOrders.length).toBeGreaterThanOrEqual(2);
  });

  it("publishes seed 000's journeys; Marco's test run puts the wine club's email in the outbox", async () => {
    expect(summary.journeys).toEqual(["wine-recipes", "dinner"]);
    expect(summary.showcase).toEqual({ customer: "Marco Fritsche", journeyId: "wine-recipes" });
    const published = (await store.journeys.list()).filter((j) => j.status === "published");
    expect(published.map((j) => j.id).sort()).toEqual(["dinner", "wine-recipes"]);
    const messaging = await openMessaging(store, { publicUrl: "http://localhost:3000" });
    const worker = new JourneyWorker(store, { deliverer: messaging.deliverer });
    // history does not trigger: nothing happens before the test run's 5-second wait is over
    await worker.runOnce(Date.now());
    expect(await store.messages.list({})).toEqual([]);
    await worker.runOnce(Date.now() + 6_000);
    const [message] = await store.messages.list({});
    expect(message).toMatchObject({
      status: "sent",
      transport: "outbox",
      test: true,
      recipient: MARCO_FRITSCHE.email,
      brandId: "vinello",
    });
    expect(message!.subject).toBe(
      "Marco, zwei Rezepte passend zu Ihrem Bio Prosecco DOC Casa dal Sole",
    );
    expect(message!.items).toHaveLength(2);
    expect(message!.bodyHtml).toContain("Grüezi Marco");
  });

  it("refuses to load a second time", async () => {
    await expect(loadDemoWorld(store, options)).rejects.toThrow(/already exists/);
  });
});
