import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Source } from "../../src/core/sources/source.js";
import type { Store } from "../../src/storage/store.js";
import { engines, freshStore } from "../support/databases.js";
import { event, seedSources } from "../support/world.js";

describe.each(await engines())("identity resolution on %s", (engine) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let src: Record<"till" | "shop" | "wine", Source>;

  beforeEach(async () => {
    ({ store, cleanup } = await freshStore(engine));
    src = await seedSources(store);
  });
  afterEach(() => cleanup());

  const profileOf = (type: "email" | "anonymous_id" | "loyalty_card" | "user_id", value: string) =>
    store.profiles.findByIdentifier({ type, value });

  it("anonymous browsing that later logs in ends in one profile with every event", async () => {
    await store.ingest.ingest([
      event(src.shop, { type: "page", anonymousId: "anon-1", name: "Weine" }),
      event(src.shop, { type: "track", anonymousId: "anon-1", event: "Product Viewed" }),
    ]);
    const before = await profileOf("anonymous_id", "anon-1");
    await store.ingest.ingest([
      event(src.shop, {
        type: "identify",
        anonymousId: "anon-1",
        userId: "u-42",
        traits: { email: "Anna.Muster@Example.ch", firstName: "Anna", lastName: "Muster" },
      }),
    ]);
    const after = await profileOf("user_id", "u-42");
    expect(after).toBe(before);
    expect(await profileOf("email", "anna.muster@example.ch")).toBe(before);
    const events = await store.profiles.events(after as string);
    expect(events?.map((e) => e.name).sort()).toEqual(["Product Viewed", "Weine", "identify"]);
  });

  it("a till purchase with the loyalty card of a person known online by email ends in one profile", async () => {
    await store.ingest.ingest([
      event(src.shop, {
        type: "identify",
        userId: "u-7",
        traits: { email: "hans@example.ch", loyaltyCard: "2501 0000 7777" },
      }),
    ]);
    await store.ingest.ingest([
      event(src.till, {
        type: "track",
        anonymousId: "till-receipt-1",
        event: "Order Completed",
        context: { traits: { loyaltyCard: "250100007777" } },
        properties: { total: 42.5 },
      }),
    ]);
    const p = await profileOf("user_id", "u-7");
    expect(await profileOf("loyalty_card", "250100007777")).toBe(p);
    const events = await store.profiles.events(p as string);
    expect(events?.map((e) => e.channel).sort()).toEqual(["store", "web"]);
  });

  it("two anonymous profiles merge when one event names both, and the merge can be undone", async () => {
    await store.ingest.ingest([
      event(src.shop, { type: "identify", anonymousId: "a1", traits: { email: "x@example.ch" } }),
    ]);
    await store.ingest.ingest([
      event(src.till, { type: "identify", anonymousId: "a2", traits: { loyaltyCard: "99998888" } }),
    ]);
    const p1 = await profileOf("email", "x@example.ch");
    const p2 = await profileOf("loyalty_card", "99998888");
    expect(p1).not.toBe(p2);
    await store.ingest.ingest([
      event(src.shop, {
        type: "identify",
        anonymousId: "a3",
        traits: { email: "x@example.ch", loyaltyCard: "99998888" },
      }),
    ]);
    const merged = await profileOf("email", "x@example.ch");
    expect(await profileOf("loyalty_card", "99998888")).toBe(merged);
    const view = await store.profiles.get(merged as string);
    expect(view?.merges).toHaveLength(1);
    expect((await store.profiles.events(merged as string))?.length).toBe(3);

    await store.profiles.undoMerge(view?.merges[0]?.id as string);
    expect(await profileOf("email", "x@example.ch")).not.toBe(
      await profileOf("loyalty_card", "99998888"),
    );
  });

  it("journey facts of many customers at once agree with each one's 360° view, merged ones too", async () => {
    await store.ingest.ingest([
      event(src.shop, {
        type: "identify",
        anonymousId: "f1",
        traits: { email: "f@example.ch", firstName: "Fritz" },
      }),
      event(src.wine, { type: "identify", anonymousId: "g1", traits: { email: "g@example.ch" } }),
    ]);
    await store.ingest.ingest([
      event(src.till, { type: "identify", anonymousId: "f2", traits: { loyaltyCard: "11112222" } }),
    ]);
    const card = (await profileOf("loyalty_card", "11112222")) as string;
    await store.profiles.setTrait(card, "", "timeZone", "Europe/Berlin", 1_000);
    const fritz = (await profileOf("email", "f@example.ch")) as string;
    const change = { brandId: "vinello", purpose: "email_marketing" as const, source: "api" };
    await store.profiles.setConsent(fritz, {
      ...change,
      status: "granted",
      at: 1,
      expiresAt: null,
    });
    await store.profiles.setConsent(fritz, {
      ...change,
      status: "revoked",
      at: 2,
      expiresAt: null,
    });
    // The card profile is merged into Fritz's: its trait and identifiers count for him.
    await store.ingest.ingest([
      event(src.shop, {
        type: "identify",
        anonymousId: "f3",
        traits: { email: "f@example.ch", loyaltyCard: "11112222" },
      }),
    ]);
    const canonical = (await profileOf("email", "f@example.ch")) as string;
    const other = (await profileOf("email", "g@example.ch")) as string;
    const loser = canonical === fritz ? card : fritz;
    const facts = await store.profiles.facts([loser, canonical, other, "no-such-id"]);
    expect(facts.has("no-such-id")).toBe(false);
    expect(facts.get(loser)).toBe(facts.get(canonical));
    for (const id of [canonical, other]) {
      const view = await store.profiles.get(id);
      const f = facts.get(id);
      expect(f?.canonicalId).toBe(view?.id);
      expect(f?.traits).toEqual(Object.assign({}, ...Object.values(view?.traits ?? {})));
      expect(f?.traitsByBrand).toEqual(view?.traits);
      const addresses = view?.identifiers.filter((i) => i.type === "email" || i.type === "phone");
      expect(f?.addresses).toEqual(expect.arrayContaining(addresses ?? []));
      expect(f?.addresses).toHaveLength(addresses?.length ?? -1);
      expect(f?.consents).toEqual(view?.consents);
      expect([...(f?.identifierTypes ?? [])].sort()).toEqual(
        [...new Set(view?.identifiers.map((i) => i.type))].sort(),
      );
    }
    expect(facts.get(canonical)?.traits).toMatchObject({
      firstName: "Fritz",
      timeZone: "Europe/Berlin",
    });
    expect(facts.get(canonical)?.consents).toMatchObject([{ status: "revoked" }]);
    expect(facts.get(canonical)?.identifierTypes.has("loyalty_card")).toBe(true);
  });

  it("a shared in-store tablet never merges two known customers", async () => {
    await store.ingest.ingest([
      event(src.shop, { type: "identify", userId: "alice", anonymousId: "tablet-3" }),
    ]);
    await store.ingest.ingest([
      event(src.shop, { type: "identify", userId: "bob", anonymousId: "tablet-3" }),
    ]);
    const alice = await profileOf("user_id", "alice");
    const bob = await profileOf("user_id", "bob");
    expect(alice).toBeDefined();
    expect(bob).toBeDefined();
    expect(alice).not.toBe(bob);
    // bob's event is on bob, not on alice
    expect((await store.profiles.events(bob as string))?.length).toBe(1);
  });

  it("a second loyalty card is not attached to a profile that has one", async () => {
    await store.ingest.ingest([
      event(src.till, { type: "identify", userId: "u1", traits: { loyaltyCard: "11112222" } }),
    ]);
    await store.ingest.ingest([
      event(src.till, { type: "identify", userId: "u1", traits: { loyaltyCard: "33334444" } }),
    ]);
    expect(await profileOf("loyalty_card", "33334444")).toBeUndefined();
  });

  it("a retried event (same messageId) is stored once", async () => {
    const e = event(src.shop, {
      type: "track",
      userId: "u1",
      event: "Order Completed",
      messageId: "m-1",
    });
    const first = await store.ingest.ingest([e, e]);
    const second = await store.ingest.ingest([e]);
    expect(first.stored).toBe(1);
    expect(first.duplicates).toBe(1);
    expect(second.stored).toBe(0);
    expect((await store.profiles.count()).events).toBe(1);
  });

  it("traits are kept per brand", async () => {
    await store.ingest.ingest([
      event(src.shop, {
        type: "identify",
        userId: "u1",
        traits: { firstName: "Petra", segment: "family" },
      }),
    ]);
    await store.ingest.ingest([
      event(src.wine, { type: "identify", userId: "u1", traits: { favouriteWine: "Prosecco" } }),
    ]);
    const p = await store.profiles.get((await profileOf("user_id", "u1")) as string);
    expect(p?.traits.marktkorb).toMatchObject({ firstName: "Petra", segment: "family" });
    expect(p?.traits.vinello).toEqual({ favouriteWine: "Prosecco" });
    expect(p?.displayName).toBe("Petra");
  });

  it("a merge keeps the customer's name when the winning profile had none", async () => {
    await store.ingest.ingest([
      event(src.shop, {
        type: "identify",
        anonymousId: "n1",
        traits: { email: "lena@example.ch", firstName: "Lena", lastName: "Graf" },
      }),
    ]);
    await store.ingest.ingest([event(src.till, { type: "identify", userId: "u-lena" })]);
    await store.ingest.ingest([
      event(src.shop, { type: "identify", userId: "u-lena", traits: { email: "lena@example.ch" } }),
    ]);
    const found = await store.profiles.search("graf");
    expect(found).toHaveLength(1);
    expect(found[0]?.displayName).toBe("Lena Graf");
  });

  it("the timeline pages by (timestamp, id) without skipping events that share a timestamp", async () => {
    const at = "2026-05-01T10:00:00.000Z";
    await store.ingest.ingest(
      Array.from({ length: 5 }, (_, i) =>
        event(src.till, { type: "track", userId: "same-time", event: `E${i}`, timestamp: at }),
      ),
    );
    const id = (await profileOf("user_id", "same-time")) as string;
    const first = (await store.profiles.events(id, { limit: 2 })) ?? [];
    const seen = [...first];
    let last = first.at(-1);
    while (last) {
      const page =
        (await store.profiles.events(id, {
          limit: 2,
          before: last.timestamp,
          beforeId: last.id,
        })) ?? [];
      seen.push(...page);
      last = page.at(-1);
    }
    expect(seen.map((e) => e.name).sort()).toEqual(["E0", "E1", "E2", "E3", "E4"]);
  });

  it("the live feed continues after an id without skipping when more arrived than the limit", async () => {
    await store.ingest.ingest([event(src.shop, { type: "track", userId: "live", event: "first" })]);
    const [first] = await store.events.recent({ limit: 1 });
    await store.ingest.ingest(
      Array.from({ length: 7 }, (_, i) =>
        event(src.shop, { type: "track", userId: "live", event: `n${i}` }),
      ),
    );
    const next = await store.events.recent({ afterId: first?.id, limit: 3 });
    expect(next.map((e) => e.name)).toEqual(["n2", "n1", "n0"]);
  });

  it("a brand that knows only the first name does not shorten the customer's name", async () => {
    await store.ingest.ingest([
      event(src.shop, {
        type: "identify",
        userId: "mf",
        traits: { firstName: "Marco", lastName: "Fritsche" },
      }),
    ]);
    await store.ingest.ingest([
      event(src.wine, { type: "identify", userId: "mf", traits: { firstName: "Marco" } }),
    ]);
    const p = await store.profiles.get((await profileOf("user_id", "mf")) as string);
    expect(p?.displayName).toBe("Marco Fritsche");
  });

  it("undoing a merge gives back the anonymous ids the merged profile held", async () => {
    await store.ingest.ingest([
      event(src.shop, { type: "page", anonymousId: "tab-1", name: "Home" }),
    ]);
    await store.ingest.ingest([
      event(src.shop, { type: "page", anonymousId: "tab-2", name: "Home" }),
    ]);
    await store.ingest.ingest([
      event(src.shop, {
        type: "identify",
        anonymousId: "tab-2",
        traits: { email: "z@example.ch" },
      }),
    ]);
    await store.ingest.ingest([
      event(src.shop, {
        type: "identify",
        anonymousId: "tab-1",
        traits: { email: "z@example.ch" },
      }),
    ]);
    const merged = (await profileOf("email", "z@example.ch")) as string;
    expect(await profileOf("anonymous_id", "tab-1")).toBe(merged);
    const view = await store.profiles.get(merged);
    await store.profiles.undoMerge(view?.merges[0]?.id as string);
    expect(await profileOf("anonymous_id", "tab-1")).not.toBe(
      await profileOf("anonymous_id", "tab-2"),
    );
  });
});
