import { describe, expect, it } from "vitest";
import { parseJourney } from "../../src/core/journeys/journey-definition.js";
import { simulateJourney } from "../../src/core/journeys/simulate-journey.js";
import {
  changesWithTime,
  eventNeeds,
  matchesRule,
  membershipChanges,
  type SegmentEvent,
  type SegmentFacts,
} from "../../src/core/segments/evaluate-segment.js";
import {
  parseSegment,
  type SegmentDefinition,
} from "../../src/core/segments/segment-definition.js";

const day = 86_400_000;
const now = Date.parse("2026-06-01T12:00:00Z");

function segment(rule: unknown): SegmentDefinition {
  const parsed = parseSegment({ id: "s", name: "S", rule });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

function facts(partial: Partial<SegmentFacts> & { consents?: string[] } = {}): SegmentFacts {
  return {
    traits: partial.traits ?? {},
    hasConsent: (brand, purpose) => (partial.consents ?? []).includes(`${brand}/${purpose}`),
    identifierTypes: partial.identifierTypes ?? new Set(),
    events: partial.events ?? [],
  };
}

const order = (
  daysAgo: number,
  category: string,
  revenue: number,
  brandId = "marktkorb",
): SegmentEvent => ({
  name: "Order Completed",
  brandId,
  timestamp: now - daysAgo * day,
  properties: { revenue, products: [{ category }] },
});

describe("segment definitions", () => {
  it("are refused with the path of the first wrong field", () => {
    const empty = parseSegment({ id: "s", name: "S", rule: { conditions: [] } });
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(empty.error.path).toBe("rule.conditions");
    const badOp = parseSegment({
      id: "s",
      name: "S",
      rule: { conditions: [{ type: "trait", path: "city", op: "like" }] },
    });
    expect(badOp.ok).toBe(false);
    if (!badOp.ok) expect(badOp.error.message).toMatch(/^rule\.conditions\.0\.op/);
    const badId = parseSegment({ id: "Hello World!", name: "S", rule: { conditions: [] } });
    expect(badId.ok).toBe(false);
    const nested = parseSegment({
      id: "s",
      name: "S",
      rule: {
        conditions: [
          { type: "performed", event: "A", where: [{ type: "segment", segmentId: "other" }] },
        ],
      },
    });
    expect(nested.ok).toBe(false);
    if (!nested.ok) expect(nested.error.message).toMatch(/cannot test another segment/);
  });
});

describe("segment rules", () => {
  it("test traits, consent and reachability, and their opposites", () => {
    const rule = segment({
      conditions: [
        { type: "trait", path: "city", op: "eq", value: "Zürich" },
        { type: "consent", brandId: "vinello", purpose: "email_marketing" },
        { type: "reachable", channel: "sms", given: false },
      ],
    }).rule;
    const zurich = { traits: { city: "zürich" }, consents: ["vinello/email_marketing"] };
    expect(matchesRule(rule, facts(zurich), now)).toBe(true);
    expect(matchesRule(rule, facts({ ...zurich, consents: [] }), now)).toBe(false);
    expect(matchesRule(rule, facts({ ...zurich, traits: { city: "Bern" } }), now)).toBe(false);
    expect(matchesRule(rule, facts({ ...zurich, identifierTypes: new Set(["phone"]) }), now)).toBe(
      false,
    );
  });

  it("count events with property filters within a window, per brand", () => {
    const wineLovers = segment({
      conditions: [
        {
          type: "performed",
          event: "Order Completed",
          where: [
            { type: "event", path: "properties.products[].category", op: "eq", value: "wine" },
          ],
          within: { days: 90 },
          count: { op: "gte", value: 2 },
        },
      ],
    }).rule;
    expect(
      matchesRule(
        wineLovers,
        facts({ events: [order(5, "wine", 20), order(80, "wine", 30)] }),
        now,
      ),
    ).toBe(true);
    // One of the two is older than 90 days; a cheese order does not count.
    expect(
      matchesRule(
        wineLovers,
        facts({ events: [order(5, "wine", 20), order(100, "wine", 30)] }),
        now,
      ),
    ).toBe(false);
    expect(
      matchesRule(
        wineLovers,
        facts({ events: [order(5, "wine", 20), order(6, "cheese", 9)] }),
        now,
      ),
    ).toBe(false);
    // An event in the future of `now` (a late clock) does not count yet.
    expect(
      matchesRule(wineLovers, facts({ events: [order(5, "wine", 20), order(-3, "wine", 9)] }), now),
    ).toBe(false);
    const vinelloOnly = segment({
      conditions: [{ type: "performed", event: "Order Completed", brandId: "vinello" }],
    }).rule;
    expect(matchesRule(vinelloOnly, facts({ events: [order(1, "wine", 10)] }), now)).toBe(false);
    expect(
      matchesRule(vinelloOnly, facts({ events: [order(1, "wine", 10, "vinello")] }), now),
    ).toBe(true);
  });

  it("find lapsed customers (bought once, nothing in 60 days) and big spenders (sum)", () => {
    const lapsed = segment({
      conditions: [
        { type: "performed", event: "Order Completed" },
        {
          type: "performed",
          event: "Order Completed",
          within: { days: 60 },
          count: { op: "eq", value: 0 },
        },
      ],
    });
    expect(matchesRule(lapsed.rule, facts({ events: [order(61, "wine", 10)] }), now)).toBe(true);
    expect(matchesRule(lapsed.rule, facts({ events: [order(59, "wine", 10)] }), now)).toBe(false);
    expect(matchesRule(lapsed.rule, facts(), now)).toBe(false);
    expect(changesWithTime(lapsed)).toBe(true);
    const spenders = segment({
      conditions: [
        {
          type: "performed",
          event: "Order Completed",
          within: { days: 365 },
          sum: { path: "properties.revenue", op: "gte", value: 200 },
        },
      ],
    });
    expect(
      matchesRule(
        spenders.rule,
        facts({ events: [order(1, "wine", 150), order(2, "x", 60)] }),
        now,
      ),
    ).toBe(true);
    expect(
      matchesRule(
        spenders.rule,
        facts({ events: [order(1, "wine", 150), order(400, "x", 60)] }),
        now,
      ),
    ).toBe(false);
    // A hostile revenue (a string, a huge exponent) adds nothing rather than breaking the sum.
    const odd: SegmentEvent = { ...order(1, "wine", 0), properties: { revenue: "1e400" } };
    expect(matchesRule(spenders.rule, facts({ events: [odd, order(1, "wine", 150)] }), now)).toBe(
      false,
    );
  });

  it("combine all, any and one nested group", () => {
    const rule = segment({
      match: "all",
      conditions: [
        { type: "consent", brandId: "vinello", purpose: "email_marketing" },
        {
          type: "group",
          match: "any",
          conditions: [
            { type: "trait", path: "city", op: "eq", value: "Basel" },
            { type: "trait", path: "vip", op: "eq", value: true },
          ],
        },
      ],
    }).rule;
    const consent = ["vinello/email_marketing"];
    expect(matchesRule(rule, facts({ consents: consent, traits: { vip: true } }), now)).toBe(true);
    expect(matchesRule(rule, facts({ consents: consent, traits: { city: "Basel" } }), now)).toBe(
      true,
    );
    expect(matchesRule(rule, facts({ consents: consent, traits: { city: "Bern" } }), now)).toBe(
      false,
    );
    expect(matchesRule(rule, facts({ traits: { vip: true } }), now)).toBe(false);
  });

  it("say which events to read, from when, and what changed", () => {
    const a = segment({
      conditions: [{ type: "performed", event: "Order Completed", within: { days: 30 } }],
    });
    const b = segment({
      conditions: [{ type: "performed", event: "Order Completed", within: { days: 90 } }],
    });
    const c = segment({ conditions: [{ type: "performed", event: "Recipe Viewed" }] });
    const needs = eventNeeds([a, b, c], now);
    expect(needs.get("Order Completed")).toBe(now - 90 * day);
    expect(needs.get("Recipe Viewed")).toBe(0);
    expect(changesWithTime(c)).toBe(false);
    expect(membershipChanges("p", new Set(["x", "y"]), new Set(["y", "z"]))).toEqual([
      { segmentId: "z", profileId: "p", change: "enter" },
      { segmentId: "x", profileId: "p", change: "leave" },
    ]);
  });
});

describe("segments in journeys (simulator)", () => {
  const journey = parseJourney({
    id: "welcome-wine-lovers",
    version: 1,
    name: "Welcome wine lovers",
    entry: { type: "segment", segmentId: "wine-lovers", on: "enter" },
    reentry: { type: "once" },
    start: "vip",
    steps: {
      vip: {
        type: "branch",
        paths: [{ when: [{ type: "segment", segmentId: "big-spenders" }], next: "gift" }],
        otherwise: "hello",
      },
      gift: { type: "update_trait", trait: "welcome", value: "gift", next: "end" },
      hello: { type: "update_trait", trait: "welcome", value: "hello", next: "end" },
      end: { type: "exit" },
    },
  });

  it("a customer entering the segment enters the journey once; membership drives a branch", () => {
    expect(journey.ok).toBe(true);
    if (!journey.ok) return;
    const entered = (id: string, at: number) => ({
      at,
      customerId: id,
      name: "Segment Entered",
      properties: { segment_id: "wine-lovers" },
    });
    const log = simulateJourney(
      journey.value,
      [{ id: "anna", segments: ["big-spenders"] }, { id: "ben" }],
      [
        entered("anna", now),
        entered("ben", now + 1000),
        entered("ben", now + 2000),
        {
          at: now + 3000,
          customerId: "ben",
          name: "Segment Entered",
          properties: { segment_id: "other" },
        },
      ],
      now + day,
    );
    expect(log.filter((l) => l.what === "entered").map((l) => l.customerId)).toEqual([
      "anna",
      "ben",
    ]);
    expect(
      log.filter((l) => l.what === "update_trait").map((l) => `${l.customerId}:${l.detail}`),
    ).toEqual(['anna:welcome = "gift"', 'ben:welcome = "hello"']);
    expect(log.find((l) => l.what === "skipped")?.detail).toBe("already_entered");
  });
});
