import { describe, expect, it } from "vitest";
import { normalizeIdentifier } from "../../src/core/profiles/identifier.js";
import { DemoCalendar } from "../../src/demo/demo-calendar.js";
import {
  ERIKA_BRUNNER,
  FIXED_DEMO_CUSTOMERS,
  LUKAS_MEIER,
  MARCO_FRITSCHE,
  NADINE_ROCHAT,
  formatLoyaltyCard,
} from "../../src/demo/demo-customers.js";
import { DEMO_SOURCES } from "../../src/demo/demo-sources.js";
import { generateDemoWorld } from "../../src/demo/generate-demo-world.js";
import { Random } from "../../src/demo/random.js";

const now = Date.parse("2026-05-06T09:00:00Z");
const small = { customers: 300, days: 90, seed: 7, now };

describe("the demo world's generator", () => {
  it("builds the same world from the same seed, and another one from another seed", () => {
    const a = generateDemoWorld(small);
    const b = generateDemoWorld(small);
    const c = generateDemoWorld({ ...small, seed: 8 });
    expect(b.customers.map((x) => `${x.firstName} ${x.lastName} ${x.email}`)).toEqual(
      a.customers.map((x) => `${x.firstName} ${x.lastName} ${x.email}`),
    );
    expect(b.calls.length).toBe(a.calls.length);
    expect(JSON.stringify(b.calls)).toBe(JSON.stringify(a.calls));
    expect(c.customers.slice(4).map((x) => x.email)).not.toEqual(
      a.customers.slice(4).map((x) => x.email),
    );
  });

  it("has exactly the asked number of customers, the well-known ones first", () => {
    const world = generateDemoWorld(small);
    expect(world.customers).toHaveLength(300);
    expect(world.customers.slice(0, 4).map((c) => c.email)).toEqual(
      FIXED_DEMO_CUSTOMERS.map((c) => c.email),
    );
  });

  it("gives customers realistic, unique and valid identifiers", () => {
    const { customers } = generateDemoWorld({ ...small, customers: 1500 });
    const emails = customers.map((c) => c.email);
    expect(new Set(emails).size).toBe(emails.length);
    for (const email of emails)
      expect(normalizeIdentifier("email", email, "CH")?.value).toBe(email);
    const cards = customers.flatMap((c) => (c.loyaltyCard ? [c.loyaltyCard] : []));
    expect(new Set(cards).size).toBe(cards.length);
    for (const card of cards) expect(card).toMatch(/^2501\d{8}$/);
    expect(cards.length / customers.length).toBeGreaterThan(0.75);
    const phones = customers.flatMap((c) => (c.phone ? [c.phone] : []));
    expect(new Set(phones).size).toBe(phones.length);
    for (const phone of phones)
      expect(normalizeIdentifier("phone", phone, "CH")?.value).toBe(phone);
    expect(phones.length / customers.length).toBeGreaterThan(0.3);
    expect(phones.length / customers.length).toBeLessThan(0.8);

    const names = customers.map((c) => `${c.firstName} ${c.lastName}`);
    expect(names.some((n) => /[äöüéè]/.test(n))).toBe(true);
    expect(
      customers.filter((c) => c.gender === "female").length / customers.length,
    ).toBeGreaterThan(0.4);
    const languages = customers.map((c) => c.language);
    expect(languages.filter((l) => l === "de").length / languages.length).toBeGreaterThan(0.7);
    expect(new Set(languages)).toEqual(new Set(["de", "fr", "en"]));
    for (const city of ["Zürich", "Bern", "Basel", "Luzern", "St. Gallen", "Winterthur"]) {
      expect(customers.some((c) => c.city.name === city)).toBe(true);
    }
    const domains = new Set(emails.map((e) => e.split("@")[1]));
    for (const domain of ["bluewin.ch", "gmx.ch", "gmail.com"])
      expect(domains.has(domain)).toBe(true);
  });

  it("plans consents per brand: most allow Marktkorb email, fewer Vinello, about half cross-brand, some revoke", () => {
    const { customers } = generateDemoWorld({ ...small, customers: 2000 });
    const share = (pred: (c: (typeof customers)[number]) => boolean) =>
      customers.filter(pred).length / customers.length;
    const marktkorbEmail = share((c) => c.consents.marktkorb?.email_marketing === true);
    const vinelloEmail = share((c) => c.consents.vinello?.email_marketing === true);
    const crossBrand = share((c) => c.consents.marktkorb?.cross_brand_personalisation === true);
    expect(marktkorbEmail).toBeGreaterThan(0.65);
    expect(vinelloEmail).toBeLessThan(marktkorbEmail / 2);
    expect(vinelloEmail).toBeGreaterThan(0.1);
    expect(crossBrand).toBeGreaterThan(0.4);
    expect(crossBrand).toBeLessThan(0.65);
    expect(share((c) => c.revocations.length > 0)).toBeGreaterThan(0.02);
    expect(share((c) => c.consents.marktkorb?.email_marketing === false)).toBeGreaterThan(0.1);
  });

  it("keeps every event inside the history, oldest first, from every kind of source", () => {
    const world = generateDemoWorld(small);
    const cal = new DemoCalendar(now, small.days);
    const times = world.calls.map((c) => c.at);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(cal.dayStart(0));
    expect(Math.max(...times)).toBeLessThanOrEqual(now);
    expect(times).toEqual([...times].sort((x, y) => x - y));
    const sources = new Set(world.calls.map((c) => c.sourceId));
    for (const s of DEMO_SOURCES) expect(sources, s.id).toContain(s.id);
    expect(new Set(world.calls.map((c) => c.call.messageId)).size).toBe(world.calls.length);
  });

  it("identifies till receipts only by the Korbkarte, and lets anonymous browsing log in later", () => {
    const world = generateDemoWorld(small);
    const till = world.calls.filter(
      (c) => c.sourceId === "marktkorb-till" && c.call.event === "Order Completed",
    );
    expect(till.length).toBeGreaterThan(100);
    for (const { call } of till) {
      expect(call.userId).toBeUndefined();
      expect(typeof call.anonymousId).toBe("string");
    }
    expect(
      till.filter(({ call }) => (call.context as { traits?: unknown }).traits).length / till.length,
    ).toBeGreaterThan(0.9);
    // A browser cookie seen anonymously first, and later together with a user id.
    const web = world.calls.filter((c) => c.sourceId === "marktkorb-web");
    const firstSeen = new Map<string, boolean>();
    for (const { call } of web) {
      const cookie = String(call.anonymousId);
      if (!firstSeen.has(cookie)) firstSeen.set(cookie, call.userId !== undefined);
    }
    const loggedInLater = [...firstSeen].filter(
      ([cookie, withUser]) =>
        !withUser && web.some(({ call }) => call.anonymousId === cookie && call.userId),
    );
    expect(loggedInLater.length).toBeGreaterThan(20);
  });

  it("scripts the stories of the well-known customers", () => {
    const world = generateDemoWorld(small);
    const tillOf = (card: string) =>
      world.calls.filter(
        (c) =>
          c.sourceId === "marktkorb-till" &&
          (c.call.context as { traits?: { loyaltyCard?: string } }).traits?.loyaltyCard === card,
      );
    const marcoLast = tillOf(MARCO_FRITSCHE.loyaltyCard).at(-1);
    const products = (marcoLast?.call.properties as { products: { name: string }[] }).products.map(
      (p) => p.name,
    );
    expect(products).toEqual(
      expect.arrayContaining([
        "Bio Prosecco DOC Casa dal Sole",
        "Oliven Taggiasca entsteint",
        "Getrocknete Tomaten in Olivenöl",
        "Parmigiano Reggiano 24 Monate",
        "Bresaola della Valtellina",
      ]),
    );
    expect(now - (marcoLast?.at ?? 0)).toBeLessThan(3 * 86_400_000);

    const lukas = world.calls.filter(
      (c) =>
        c.call.userId === LUKAS_MEIER.userId || String(c.call.anonymousId).startsWith("vw-lukas"),
    );
    const lukasSources = new Set(lukas.map((c) => c.sourceId));
    for (const s of [
      "voltaro-search",
      "voltaro-web",
      "voltaro-reviews",
      "voltaro-pricecompare",
      "voltaro-print",
    ] as const) {
      expect(lukasSources).toContain(s);
    }
    expect(world.calls.some((c) => c.sourceId === "voltaro-facebook")).toBe(true);

    const erikaAccount = world.calls.find(
      (c) => c.call.userId === ERIKA_BRUNNER.userId && c.call.type === "identify",
    );
    expect((erikaAccount?.call.traits as { loyaltyCard: string }).loyaltyCard).toBe(
      formatLoyaltyCard(ERIKA_BRUNNER.loyaltyCard),
    );
    expect(erikaAccount?.at).toBeGreaterThan(now - 60 * 86_400_000);

    const nadineRevoked = world.calls.find(
      (c) =>
        c.sourceId === "vinello-newsletter" &&
        c.call.event === "Consent Updated" &&
        c.call.userId === NADINE_ROCHAT.userId,
    );
    expect(nadineRevoked?.call.properties).toEqual({
      purpose: "email_marketing",
      status: "revoked",
    });
  });

  it("draws the same numbers from the same seed (mulberry32)", () => {
    const a = new Random(1);
    const b = new Random(1);
    const draws = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(draws);
    for (const d of draws) expect(d).toBeGreaterThanOrEqual(0);
    for (const d of draws) expect(d).toBeLessThan(1);
    expect(new Random(2).next()).not.toBe(draws[0]);
  });
});
