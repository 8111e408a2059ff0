import { exampleJourney } from "../support/journeys.js";
import { describe, expect, it } from "vitest";
import {
  advanceRun,
  chooseVariant,
  type AdvanceContext,
} from "../../src/core/journeys/advance-run.js";
import {
  parseJourney,
  type JourneyDefinition,
} from "../../src/core/journeys/journey-definition.js";
import { decideEntry } from "../../src/core/journeys/journey-entry.js";
import type { JourneyRun } from "../../src/core/journeys/journey-run.js";
import { nextLocalTime } from "../../src/core/journeys/local-time.js";

const wineToRecipes = exampleJourney("wine-recipes.json");

const abandonedCart = {
  id: "abandoned-cart",
  version: 3,
  name: "Abandoned cart",
  entry: { type: "event", event: "Checkout Started" },
  reentry: { type: "once_per", period: { days: 7 } },
  goal: { event: "Order Completed" },
  start: "wait",
  steps: {
    wait: {
      type: "wait_for_event",
      event: "Order Completed",
      timeout: { hours: 2 },
      onEvent: "done",
      onTimeout: "remind",
    },
    remind: {
      type: "send",
      channel: "email",
      brandId: "marktkorb",
      templateId: "cart-reminder",
      next: "done",
    },
    done: { type: "exit" },
  },
};

function parsed(input: unknown): JourneyDefinition {
  const r = parseJourney(input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const context = (consents: string[] = [], timeZone = "Europe/Zurich"): AdvanceContext => ({
  traits: { firstName: "Marco" },
  hasConsent: (brand, purpose) => consents.includes(`${brand}/${purpose}`),
  segments: new Set(),
  reachable: () => true,
  timeZone,
});

function newRun(
  def: JourneyDefinition,
  at: number,
  trigger: JourneyRun["trigger"] = null,
): JourneyRun {
  return {
    id: "run-1",
    journeyId: def.id,
    version: def.version,
    profileId: "prf_1",
    instanceKey: null,
    status: "active",
    stepId: def.start,
    waiting: null,
    trigger,
    variants: {},
    enteredAt: at,
    updatedAt: at,
    endedAt: null,
    exitReason: null,
    mode: "live",
  };
}

const prosecco = {
  name: "Order Completed",
  properties: {
    order_id: "R-1",
    products: [
      { name: "Bio Prosecco DOC", category: "wine" },
      { name: "Oliven", category: "antipasti" },
    ],
  },
  timestamp: Date.parse("2026-05-04T16:24:00Z"),
};

describe("journey definitions", () => {
  it("accept the Prosecco journey and refuse broken graphs with the place of the problem", () => {
    expect(parseJourney(wineToRecipes).ok).toBe(true);
    const dangling = parseJourney({
      ...wineToRecipes,
      steps: { ...wineToRecipes.steps, mail: { ...wineToRecipes.steps.mail, next: "nowhere" } },
    });
    expect(!dangling.ok && dangling.error.message).toBe('steps.mail: no step "nowhere"');
    const loop = parseJourney({
      ...abandonedCart,
      start: "a",
      steps: {
        a: { type: "update_trait", trait: "x", value: 1, next: "b" },
        b: { type: "update_trait", trait: "y", value: 2, next: "a" },
      },
    });
    expect(!loop.ok && loop.error.message).toContain("loop without a wait");
    const orphan = parseJourney({
      ...abandonedCart,
      steps: { ...abandonedCart.steps, lonely: { type: "exit" } },
    });
    expect(!orphan.ok && orphan.error.path).toBe("steps.lonely");
    const badTime = parseJourney({
      ...wineToRecipes,
      steps: {
        ...wineToRecipes.steps,
        morning: { type: "wait_until_time", time: "25:00", next: "mail" },
      },
    });
    expect(badTime.ok).toBe(false);
  });
});

describe("entry", () => {
  const def = parsed(wineToRecipes);
  it("a till purchase with a wine enters; one without does not; the same order never twice at once", () => {
    expect(decideEntry(def, prosecco, context(), [], prosecco.timestamp)).toEqual({
      enter: true,
      instanceKey: "R-1",
    });
    const noWine = {
      ...prosecco,
      properties: { order_id: "R-2", products: [{ name: "Brot", category: "bakery" }] },
    };
    expect(decideEntry(def, noWine, context(), [], prosecco.timestamp)).toEqual({
      enter: false,
      reason: "filter",
    });
    const running = [
      { instanceKey: "R-1", status: "waiting" as const, enteredAt: prosecco.timestamp },
    ];
    expect(decideEntry(def, prosecco, context(), running, prosecco.timestamp)).toEqual({
      enter: false,
      reason: "instance_running",
    });
  });

  it("re-entry once per period", () => {
    const cart = parsed(abandonedCart);
    const e = { name: "Checkout Started", properties: {}, timestamp: 0 };
    const day = 86_400_000;
    const before = [{ instanceKey: null, status: "exited" as const, enteredAt: 10 * day }];
    expect(decideEntry(cart, e, context(), before, 12 * day)).toEqual({
      enter: false,
      reason: "in_period",
    });
    expect(decideEntry(cart, e, context(), before, 18 * day)).toEqual({
      enter: true,
      instanceKey: null,
    });
  });
});

describe("advancing a run", () => {
  it("Prosecco: with both consents, waits until 9:00 Zurich time next morning, sends once, hands over to dinner", () => {
    const def = parsed(wineToRecipes);
    const at = prosecco.timestamp; // 18:24 in Zurich (summer time)
    const started = advanceRun(
      newRun(def, at, prosecco),
      def,
      { type: "start" },
      at,
      context(["vinello/email_marketing", "marktkorb/cross_brand_personalisation"]),
    );
    expect(started.run.status).toBe("waiting");
    expect(started.run.waiting).toEqual({
      type: "time",
      until: Date.parse("2026-05-05T07:00:00Z"),
    });
    expect(started.commands.filter((c) => c.type === "send")).toEqual([]);
    const early = advanceRun(
      started.run,
      def,
      { type: "due" },
      Date.parse("2026-05-05T06:59:00Z"),
      context(),
    );
    expect(early.commands).toEqual([]);
    const due = advanceRun(
      started.run,
      def,
      { type: "due" },
      Date.parse("2026-05-05T07:00:05Z"),
      context(),
    );
    expect(due.commands.filter((c) => c.type !== "record")).toEqual([
      {
        type: "send",
        ledgerKey: "run-1:mail:v1",
        stepId: "mail",
        channel: "email",
        brandId: "vinello",
        templateId: "recipes-for-your-wine",
        purpose: "email_marketing",
        senderId: null,
        transactional: false,
        priority: 10,
      },
      { type: "hand_over", stepId: "dinner", journeyId: "dinner" },
    ]);
    expect(due.run).toMatchObject({ status: "completed", exitReason: "handed over to dinner" });
    // a second "due" for a finished run does nothing: no message twice
    expect(
      advanceRun(due.run, def, { type: "due" }, Date.parse("2026-05-05T08:00:00Z"), context())
        .commands,
    ).toEqual([]);
  });

  it("Prosecco: without cross-brand consent nothing is sent", () => {
    const def = parsed(wineToRecipes);
    const r = advanceRun(
      newRun(def, prosecco.timestamp, prosecco),
      def,
      { type: "start" },
      prosecco.timestamp,
      context(["vinello/email_marketing"]),
    );
    expect(r.run.status).toBe("completed");
    expect(r.commands.some((c) => c.type === "send")).toBe(false);
  });

  it("a customer who buys during the wait leaves before the reminder", () => {
    const def = parsed(abandonedCart);
    const t0 = Date.parse("2026-05-04T10:00:00Z");
    const waiting = advanceRun(newRun(def, t0), def, { type: "start" }, t0, context()).run;
    expect(waiting.waiting).toMatchObject({
      type: "event",
      event: "Order Completed",
      until: t0 + 2 * 3_600_000,
    });
    const bought = advanceRun(
      waiting,
      def,
      { type: "event", event: { name: "Order Completed", properties: {}, timestamp: t0 + 60_000 } },
      t0 + 60_000,
      context(),
    );
    expect(bought.run).toMatchObject({ status: "converted", exitReason: "goal: Order Completed" });
    const later = advanceRun(bought.run, def, { type: "due" }, t0 + 3 * 3_600_000, context());
    expect(later.commands).toEqual([]);
  });

  it("without a purchase the reminder goes out when the wait times out", () => {
    const def = parsed(abandonedCart);
    const t0 = Date.parse("2026-05-04T10:00:00Z");
    const waiting = advanceRun(newRun(def, t0), def, { type: "start" }, t0, context()).run;
    const other = advanceRun(
      waiting,
      def,
      { type: "event", event: { name: "Product Viewed", properties: {}, timestamp: t0 + 1 } },
      t0 + 1,
      context(),
    );
    expect(other.run.status).toBe("waiting");
    const timeout = advanceRun(other.run, def, { type: "due" }, t0 + 2 * 3_600_000, context());
    expect(timeout.commands.find((c) => c.type === "send")).toMatchObject({
      templateId: "cart-reminder",
      ledgerKey: "run-1:remind:v3",
    });
    expect(timeout.run.status).toBe("completed");
  });

  it("a run follows the version it started on", () => {
    const def = parsed(abandonedCart);
    const run = newRun(def, 0);
    expect(() => advanceRun(run, { ...def, version: 4 }, { type: "start" }, 0, context())).toThrow(
      /v3/,
    );
  });

  it("splits are deterministic per run and follow their weights", () => {
    const variants = [
      { name: "a", weight: 9 },
      { name: "control", weight: 1 },
    ];
    expect(chooseVariant("run-1:split", variants)).toBe(chooseVariant("run-1:split", variants));
    const counts = { a: 0, control: 0 };
    for (let i = 0; i < 10_000; i++)
      counts[chooseVariant(`run-${i}:split`, variants).name as "a" | "control"]++;
    expect(counts.control).toBeGreaterThan(800);
    expect(counts.control).toBeLessThan(1200);
  });
});

describe("local time", () => {
  it("next 9:00 in the customer's zone, across daylight saving and zones", () => {
    // evening in Zurich → next morning 9:00 CEST = 07:00Z
    expect(nextLocalTime(Date.parse("2026-05-04T16:24:00Z"), "09:00", "Europe/Zurich")).toBe(
      Date.parse("2026-05-05T07:00:00Z"),
    );
    // early morning before 9 → the same day
    expect(nextLocalTime(Date.parse("2026-05-04T05:00:00Z"), "09:00", "Europe/Zurich")).toBe(
      Date.parse("2026-05-04T07:00:00Z"),
    );
    // the night clocks go forward (29 March 2026): 9:00 is CEST
    expect(nextLocalTime(Date.parse("2026-03-28T20:00:00Z"), "09:00", "Europe/Zurich")).toBe(
      Date.parse("2026-03-29T07:00:00Z"),
    );
    // winter: CET
    expect(nextLocalTime(Date.parse("2026-12-01T20:00:00Z"), "09:00", "Europe/Zurich")).toBe(
      Date.parse("2026-12-02T08:00:00Z"),
    );
    expect(nextLocalTime(Date.parse("2026-05-04T16:24:00Z"), "09:00", "America/New_York")).toBe(
      Date.parse("2026-05-05T13:00:00Z"),
    );
  });
});
