import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  parseJourney,
  type JourneyDefinition,
} from "../../src/core/journeys/journey-definition.js";
import {
  parseSegment,
  type SegmentDefinition,
} from "../../src/core/segments/segment-definition.js";
import type { Source } from "../../src/core/sources/source.js";
import { JourneyWorker } from "../../src/journeys/journey-worker.js";
import { SegmentKeeper } from "../../src/segments/segment-keeper.js";
import type { Store } from "../../src/storage/store.js";
import { engines, freshStore } from "../support/databases.js";
import { event, seedSources } from "../support/world.js";

const day = 86_400_000;
const t0 = Date.parse("2026-05-04T10:00:00Z");

function segment(input: unknown): SegmentDefinition {
  const parsed = parseSegment(input);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}
function journey(input: unknown): JourneyDefinition {
  const parsed = parseJourney(input);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

const wineLovers = segment({
  id: "wine-lovers",
  name: "Weinliebhaber",
  rule: {
    conditions: [
      {
        type: "performed",
        event: "Order Completed",
        where: [{ type: "event", path: "properties.products[].category", op: "eq", value: "wine" }],
        within: { days: 90 },
        count: { op: "gte", value: 2 },
      },
    ],
  },
});

const welcome = journey({
  id: "welcome-wine-lovers",
  version: 1,
  name: "Willkommen im Kreis der Weinliebhaber",
  entry: { type: "segment", segmentId: "wine-lovers", on: "enter" },
  start: "mark",
  steps: {
    mark: { type: "update_trait", trait: "wine_lover_welcome", value: true, next: "end" },
    end: { type: "exit" },
  },
});

describe.each(await engines())("segments on %s", (engine) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let src: Record<"till" | "shop" | "wine", Source>;
  let worker: JourneyWorker;
  beforeEach(async () => {
    ({ store, cleanup } = await freshStore(engine));
    src = await seedSources(store);
    worker = new JourneyWorker(store, { segmentScanMs: 60_000 });
  });
  afterEach(() => cleanup());

  async function purchase(user: string, orderId: string, category: string, at: number) {
    await store.ingest.ingest([
      event(
        src.shop,
        {
          type: "track",
          userId: user,
          event: "Order Completed",
          timestamp: new Date(at).toISOString(),
          properties: { order_id: orderId, products: [{ category }] },
        },
        at,
      ),
    ]);
  }
  const idOf = async (user: string) =>
    (await store.profiles.findByIdentifier({ type: "user_id", value: user })) as string;
  const membersOf = async (segmentId: string) =>
    (await store.segments.members(segmentId, { limit: 100, offset: 0 })).map((m) => m.profileId);

  it("a first build finds the members; later purchases move people in, as changes journeys see", async () => {
    await purchase("anna", "A1", "wine", t0);
    await purchase("anna", "A2", "wine", t0 + 1000);
    await purchase("ben", "B1", "wine", t0);
    await purchase("carl", "C1", "cheese", t0);
    await purchase("carl", "C2", "cheese", t0 + 1000);
    await store.segments.save(wineLovers, "test", t0);
    expect((await store.segments.get("wine-lovers"))?.builtAt).toBeNull();
    await worker.runOnce(t0 + 5000);
    expect(await membersOf("wine-lovers")).toEqual([await idOf("anna")]);
    expect((await store.segments.get("wine-lovers"))?.builtAt).toBe(t0 + 5000);
    const built = await store.segments.changesAfter(0, 100);
    expect(built.map((c) => [c.change, c.initial])).toEqual([["enter", true]]);

    // The journey is published now: Ben's second wine makes him a wine lover and welcomes him.
    const version = await store.journeys.saveVersion(welcome, "test");
    await store.journeys.setStatus(welcome.id, "published", version, t0 + 6000);
    await purchase("ben", "B2", "wine", t0 + 10_000);
    await worker.runOnce(t0 + 11_000);
    await worker.runOnce(t0 + 12_000);
    const ben = await idOf("ben");
    expect(new Set(await membersOf("wine-lovers"))).toEqual(new Set([await idOf("anna"), ben]));
    const benRuns = await store.journeys.runsOfProfile(ben, welcome.id);
    expect(benRuns.map((r) => r.status)).toEqual(["completed"]);
    expect((await store.profiles.facts([ben])).get(ben)?.traits["wine_lover_welcome"]).toBe(true);
    // Anna was a member before the journey (the first build): she is not welcomed.
    expect(await store.journeys.runsOfProfile(await idOf("anna"), welcome.id)).toEqual([]);

    // Replaying the same changes starts nothing twice.
    const changes = await store.segments.changesAfter(0, 100);
    expect(await worker.runner.onSegmentChanges(changes, t0 + 13_000)).toBe(0);
    expect(await store.journeys.runsOfProfile(ben, welcome.id)).toHaveLength(1);
  });

  it("a tracked event named like a segment change does not enter a segment journey", async () => {
    await store.segments.save(wineLovers, "test", t0);
    await worker.runOnce(t0);
    const version = await store.journeys.saveVersion(welcome, "test");
    await store.journeys.setStatus(welcome.id, "published", version, t0);
    await store.ingest.ingest([
      event(
        src.shop,
        {
          type: "track",
          userId: "mallory",
          event: "Segment Entered",
          properties: { segment_id: "wine-lovers" },
        },
        t0 + 1000,
      ),
    ]);
    await worker.runOnce(t0 + 2000);
    await worker.runOnce(t0 + 3000);
    expect(await store.journeys.runsOfProfile(await idOf("mallory"))).toEqual([]);
    expect(await membersOf("wine-lovers")).toEqual([]);
  });

  it("time alone moves customers out of a windowed segment, at the next scan", async () => {
    await purchase("anna", "A1", "wine", t0);
    await purchase("anna", "A2", "wine", t0 + 1000);
    await store.segments.save(wineLovers, "test", t0);
    await worker.runOnce(t0 + 2000);
    expect(await membersOf("wine-lovers")).toHaveLength(1);
    await worker.runOnce(t0 + 91 * day);
    expect(await membersOf("wine-lovers")).toEqual([]);
    const [, left] = await store.segments.changesAfter(0, 10);
    expect(left).toMatchObject({ change: "leave", initial: false, at: t0 + 91 * day });
    expect(await store.segments.trend("wine-lovers", 0)).toEqual([
      { day: new Date(t0 + 91 * day).toISOString().slice(0, 10), entered: 0, left: 1 },
    ]);
  });

  it("a changed rule is built again; erasure removes memberships and export shows them", async () => {
    await purchase("anna", "A1", "wine", t0);
    await store.segments.save(wineLovers, "test", t0);
    await worker.runOnce(t0 + 1000);
    expect(await membersOf("wine-lovers")).toEqual([]);
    const looser = { ...wineLovers, rule: { ...wineLovers.rule } };
    looser.rule.conditions = [
      { ...(wineLovers.rule.conditions[0] as object), count: { op: "gte", value: 1 } },
    ] as SegmentDefinition["rule"]["conditions"];
    expect(await store.segments.save(looser, "test", t0 + 2000)).toEqual({
      created: false,
      ruleChanged: true,
    });
    await worker.runOnce(t0 + 3000);
    const anna = await idOf("anna");
    expect(await membersOf("wine-lovers")).toEqual([anna]);
    const exported = await store.privacy.exportProfile(anna);
    expect(exported["segments"]).toEqual([
      expect.objectContaining({ segmentId: "wine-lovers", name: "Weinliebhaber", change: "enter" }),
    ]);
    await store.privacy.erase(anna, t0 + 4000);
    expect(await membersOf("wine-lovers")).toEqual([]);
    expect(await store.segments.changesAfter(0, 10)).toEqual([]);
  });

  it("journeys branch on segment membership as it is when the event arrives", async () => {
    const vip = segment({
      id: "vip",
      name: "VIP",
      rule: { conditions: [{ type: "trait", path: "tier", op: "eq", value: "gold" }] },
    });
    await store.segments.save(vip, "test", t0);
    const greet = journey({
      id: "greet",
      version: 1,
      name: "Greet",
      entry: { type: "event", event: "Store Visited" },
      reentry: { type: "every_time" },
      start: "which",
      steps: {
        which: {
          type: "branch",
          paths: [{ when: [{ type: "segment", segmentId: "vip" }], next: "gold" }],
          otherwise: "plain",
        },
        gold: { type: "update_trait", trait: "greeting", value: "gold", next: "end" },
        plain: { type: "update_trait", trait: "greeting", value: "plain", next: "end" },
        end: { type: "exit" },
      },
    });
    const version = await store.journeys.saveVersion(greet, "test");
    await store.journeys.setStatus(greet.id, "published", version, t0 - 1000);
    await worker.runOnce(t0);
    // The identify making Dora gold and her visit arrive in one batch: the branch sees her as VIP.
    await store.ingest.ingest([
      event(src.shop, { type: "identify", userId: "dora", traits: { tier: "gold" } }, t0 + 1000),
      event(src.shop, { type: "track", userId: "dora", event: "Store Visited" }, t0 + 1000),
      event(src.shop, { type: "track", userId: "emil", event: "Store Visited" }, t0 + 1000),
    ]);
    await worker.runOnce(t0 + 2000);
    const traitOf = async (user: string) => {
      const id = await idOf(user);
      return (await store.profiles.facts([id])).get(id)?.traits["greeting"];
    };
    expect(await traitOf("dora")).toBe("gold");
    expect(await traitOf("emil")).toBe("plain");
  });

  it("a worker builds a page at a time between other work; a rule changed midway is built again", async () => {
    for (const [i, user] of ["a", "b", "c", "d", "e"].entries()) {
      await purchase(user, `${user}1`, "wine", t0 + i);
      await purchase(user, `${user}2`, i % 2 === 0 ? "wine" : "cheese", t0 + i);
    }
    await store.segments.save(wineLovers, "test", t0);
    const keeper = new SegmentKeeper(store, { owner: "w", pageSize: 2, pagesPerPass: 1 });
    expect((await store.segments.get("wine-lovers"))?.build).toEqual({ done: 0, customers: 5 });
    expect((await keeper.runOnce(t0 + 1000)).built).toBe(0);
    expect((await store.segments.get("wine-lovers"))?.builtAt).toBeNull();
    expect((await store.segments.get("wine-lovers"))?.build).toEqual({ done: 2, customers: 5 });
    expect(await membersOf("wine-lovers")).toHaveLength(1); // a, of the first two
    // The rule changes before the walk ends: this walk does not mark it built.
    const anyWine = {
      ...wineLovers,
      rule: {
        ...wineLovers.rule,
        conditions: [{ ...wineLovers.rule.conditions[0], count: { op: "gte", value: 1 } }],
      },
    } as SegmentDefinition;
    await store.segments.save(anyWine, "test", t0 + 1500);
    await keeper.runOnce(t0 + 2000);
    await keeper.runOnce(t0 + 3000);
    expect((await store.segments.get("wine-lovers"))?.builtAt).toBeNull();
    // The next walk builds the new rule: every one of the five bought wine.
    for (let pass = 0; pass < 4; pass++) await keeper.runOnce(t0 + 4000 + pass);
    expect((await store.segments.get("wine-lovers"))?.builtAt).toBe(t0 + 4001);
    expect((await store.segments.get("wine-lovers"))?.build).toBeNull();
    expect(await membersOf("wine-lovers")).toHaveLength(5);
  });

  it("consent changed in the web app and traits set by a journey move customers without an event", async () => {
    const audience = segment({
      id: "wine-club-audience",
      name: "Wine club audience",
      rule: {
        conditions: [
          { type: "consent", brandId: "vinello", purpose: "email_marketing" },
          { type: "trait", path: "blocked", op: "not_exists" },
        ],
      },
    });
    await purchase("anna", "A1", "wine", t0);
    await store.segments.save(audience, "test", t0);
    await worker.runOnce(t0 + 1000);
    expect(await membersOf("wine-club-audience")).toEqual([]);
    const anna = await idOf("anna");
    await store.profiles.setConsent(
      anna,
      {
        brandId: "vinello",
        purpose: "email_marketing",
        status: "granted",
        source: "api",
        at: t0 + 2000,
        expiresAt: null,
      },
      t0 + 2000,
    );
    await worker.runOnce(t0 + 3000);
    expect(await membersOf("wine-club-audience")).toEqual([anna]);
    await store.profiles.setTrait(anna, "", "blocked", true, t0 + 4000);
    await worker.runOnce(t0 + 5000);
    expect(await membersOf("wine-club-audience")).toEqual([]);
    expect(await store.segments.touched(10)).toEqual([]);
    const history = await store.segments.changesAfter(0, 10);
    expect(history.map((c) => [c.change, c.initial])).toEqual([
      ["enter", false],
      ["leave", false],
    ]);
  });

  it("a run leaves its journey the moment its customer leaves a segment; a tracked look-alike does not", async () => {
    const offer = journey({
      id: "wine-lover-offer",
      version: 1,
      name: "Angebot für Weinliebhaber",
      entry: { type: "segment", segmentId: "wine-lovers", on: "enter" },
      exitOn: [
        {
          event: "Segment Left",
          where: [{ type: "event", path: "properties.segment_id", op: "eq", value: "wine-lovers" }],
        },
      ],
      start: "wait",
      steps: {
        wait: { type: "wait", duration: { days: 30 }, next: "mark" },
        mark: { type: "update_trait", trait: "offer", value: "sent", next: "end" },
        end: { type: "exit" },
      },
    });
    await store.segments.save(wineLovers, "test", t0);
    await worker.runOnce(t0);
    const version = await store.journeys.saveVersion(offer, "test");
    await store.journeys.setStatus(offer.id, "published", version, t0);
    // Anna's two wines were bought 80 days ago (a late till upload), Ben's today.
    const order = (user: string, id: string, boughtAt: number) =>
      event(
        src.till,
        {
          type: "track",
          userId: user,
          event: "Order Completed",
          timestamp: new Date(boughtAt).toISOString(),
          properties: { order_id: id, products: [{ category: "wine" }] },
        },
        t0 + 1000,
      );
    await store.ingest.ingest([
      order("anna", "A1", t0 - 80 * day),
      order("anna", "A2", t0 - 80 * day + 1),
      order("ben", "B1", t0),
      order("ben", "B2", t0 + 1),
    ]);
    await worker.runOnce(t0 + 2000);
    await worker.runOnce(t0 + 2001);
    const anna = await idOf("anna");
    const ben = await idOf("ben");
    const statusOf = async (id: string) =>
      (await store.journeys.runsOfProfile(id, offer.id)).map((r) => [r.status, r.exitReason]);
    expect(await statusOf(anna)).toEqual([["waiting", null]]);
    expect(await statusOf(ben)).toEqual([["waiting", null]]);

    // A look-alike event from a source does not end Ben's run.
    await store.ingest.ingest([
      event(
        src.shop,
        {
          type: "track",
          userId: "ben",
          event: "Segment Left",
          properties: { segment_id: "wine-lovers" },
        },
        t0 + 3000,
      ),
    ]);
    await worker.runOnce(t0 + 4000);
    expect(await statusOf(ben)).toEqual([["waiting", null]]);

    // Eleven days on, Anna's wines are 91 days old: the scan moves her out, and her run ends
    // at once, long before its 30-day wait; Ben stays in both.
    await worker.runOnce(t0 + 11 * day);
    await worker.runOnce(t0 + 11 * day + 1);
    expect(await membersOf("wine-lovers")).toEqual([ben]);
    expect(await statusOf(anna)).toEqual([["exited", expect.stringContaining("Segment Left")]]);
    expect(await statusOf(ben)).toEqual([["waiting", null]]);
  });
});
