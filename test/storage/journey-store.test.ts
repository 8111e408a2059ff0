import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { advanceRun, type AdvanceContext } from "../../src/core/journeys/advance-run.js";
import {
  parseJourney,
  type JourneyDefinition,
} from "../../src/core/journeys/journey-definition.js";
import type { JourneyRun } from "../../src/core/journeys/journey-run.js";
import type { Store } from "../../src/storage/store.js";
import { engines, freshStore } from "../support/databases.js";

const reminder = {
  id: "cart-reminder",
  version: 1,
  name: "Warenkorb-Erinnerung",
  entry: { type: "event", event: "Checkout Started" },
  goal: { event: "Order Completed" },
  start: "wait",
  steps: {
    wait: { type: "wait", duration: { hours: 1 }, next: "mail" },
    mail: { type: "send", channel: "email", brandId: "marktkorb", templateId: "cart", next: "end" },
    end: { type: "exit" },
  },
};

function definition(): JourneyDefinition {
  const r = parseJourney(reminder);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const ctx: AdvanceContext = {
  traits: {},
  hasConsent: () => true,
  segments: new Set(),
  reachable: () => true,
  timeZone: "Europe/Zurich",
};

function run(id: string, def: JourneyDefinition, at: number): JourneyRun {
  return {
    id,
    journeyId: def.id,
    version: def.version,
    profileId: `prf_${id}`,
    instanceKey: null,
    status: "active",
    stepId: def.start,
    waiting: null,
    trigger: null,
    variants: {},
    enteredAt: at,
    updatedAt: at,
    endedAt: null,
    exitReason: null,
    mode: "live",
  };
}

describe.each(await engines())("journey store on %s", (engine) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ store, cleanup } = await freshStore(engine));
  });
  afterEach(() => cleanup());

  it("keeps every version; publishing needs an existing version", async () => {
    const def = definition();
    expect(await store.journeys.saveVersion(def, "admin@example.ch")).toBe(1);
    expect(
      await store.journeys.saveVersion(
        { ...def, name: "Warenkorb-Erinnerung v2" },
        "admin@example.ch",
      ),
    ).toBe(2);
    expect((await store.journeys.version(def.id, 2))?.name).toBe("Warenkorb-Erinnerung v2");
    await expect(store.journeys.setStatus(def.id, "published", 7)).rejects.toThrow(/no version 7/);
    await store.journeys.setStatus(def.id, "published", 1);
    const [summary] = await store.journeys.list();
    expect(summary).toMatchObject({ id: def.id, status: "published", publishedVersion: 1 });
    expect(summary?.versions.map((v) => v.version)).toEqual([1, 2]);
  });

  it("waiting runs are claimed once when due, again only after the lease, and a send is reserved once", async () => {
    const def = definition();
    const t0 = Date.parse("2026-05-04T10:00:00Z");
    for (const id of ["a", "b", "c"]) {
      const started = advanceRun(run(id, def, t0), def, { type: "start" }, t0, ctx);
      await store.journeys.saveRun(started.run);
    }
    expect(await store.journeys.claimDueRuns(t0 + 30 * 60_000, 10, 60_000)).toEqual([]);
    const due = t0 + 3_600_000;
    const claimed = await store.journeys.claimDueRuns(due, 2, 60_000);
    expect(claimed).toHaveLength(2);
    const rest = await store.journeys.claimDueRuns(due, 10, 60_000);
    expect(rest.map((r) => r.id)).toEqual(
      ["a", "b", "c"].filter((id) => !claimed.some((c) => c.id === id)),
    );
    expect(await store.journeys.claimDueRuns(due + 1000, 10, 60_000)).toEqual([]);
    // a worker that died: after the lease the run is claimed again, and the ledger stops a second send
    const again = await store.journeys.claimDueRuns(due + 61_000, 10, 60_000);
    expect(again).toHaveLength(3);
    for (const r of again) {
      const { run: next, commands } = advanceRun(r, def, { type: "due" }, due + 61_000, ctx);
      for (const c of commands) {
        if (c.type !== "send") continue;
        const entry = {
          ledgerKey: c.ledgerKey,
          runId: r.id,
          journeyId: def.id,
          version: def.version,
          stepId: c.stepId,
          profileId: r.profileId,
          channel: c.channel,
          brandId: c.brandId,
          templateId: c.templateId,
          purpose: c.purpose,
          transactional: c.transactional,
          priority: c.priority,
          test: false,
          senderId: c.senderId,
        };
        expect(await store.journeys.reserveSend(entry)).toBe(true);
        expect(await store.journeys.reserveSend(entry)).toBe(false);
        await store.journeys.markSend(c.ledgerKey, "sent");
      }
      await store.journeys.saveRun(next);
    }
    expect(await store.journeys.ledger("a")).toEqual([
      { ledgerKey: "a:mail:v1", status: "sent", attempts: 1, lastError: null },
    ]);
    expect(await store.journeys.claimDueRuns(due + 10 * 3_600_000, 10, 60_000)).toEqual([]);
    expect((await store.journeys.run("a"))?.status).toBe("completed");
  });

  it("two workers claiming at once get disjoint runs", async () => {
    const def = definition();
    const t0 = 1_000_000;
    for (let i = 0; i < 40; i++) {
      await store.journeys.saveRun(
        advanceRun(run(`r${i}`, def, t0), def, { type: "start" }, t0, ctx).run,
      );
    }
    const due = t0 + 3_600_000;
    const [x, y] = await Promise.all([
      store.journeys.claimDueRuns(due, 25, 60_000),
      store.journeys.claimDueRuns(due, 25, 60_000),
    ]);
    const ids = [...(x ?? []), ...(y ?? [])].map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(40);
  });

  it("a batch and the feed position it reached are saved together or not at all", async () => {
    const def = definition();
    const t0 = 1_000_000;
    const first = advanceRun(run("r-ok", def, t0), def, { type: "start" }, t0, ctx).run;
    await store.journeys.saveBatch({ runs: [first], sends: [], counts: [], feedCursor: 41 });
    expect(await store.journeys.feedCursor()).toBe(41);
    expect(await store.journeys.run("r-ok")).toBeDefined();

    // a run the database refuses (no journey id): nothing of the batch is kept, the cursor stays
    const broken = { ...run("r-broken", def, t0), journeyId: null as unknown as string };
    await expect(
      store.journeys.saveBatch({
        runs: [advanceRun(run("r-lost", def, t0), def, { type: "start" }, t0, ctx).run, broken],
        sends: [],
        counts: [],
        feedCursor: 99,
      }),
    ).rejects.toThrow();
    expect(await store.journeys.feedCursor()).toBe(41);
    expect(await store.journeys.run("r-lost")).toBeUndefined();

    // a batch of events that caused nothing still moves the cursor
    await store.journeys.saveBatch({ runs: [], sends: [], counts: [], feedCursor: 120 });
    expect(await store.journeys.feedCursor()).toBe(120);
  });

  it("a batch keeps every value of its runs as given, hostile text and nulls included", async () => {
    const def = definition();
    const t0 = 2_000_000;
    const hostile = 'Quote " backslash \\ brace { } comma , NULL null ü 🍷 \u0001 end';
    const started = advanceRun(run("r-odd", def, t0), def, { type: "start" }, t0, ctx).run;
    const odd: JourneyRun = {
      ...started,
      instanceKey: hostile,
      trigger: {
        name: "Order Completed",
        properties: { text: hostile, list: ["{a,b}", null, 1.5], nested: { 'k"ey': [] } },
        timestamp: t0,
      },
      variants: { "split-1": hostile },
      exitReason: null,
    };
    const plain = { ...run("r-plain", def, t0), trigger: null, instanceKey: null };
    await store.journeys.saveBatch({ runs: [odd, plain], sends: [], counts: [] });
    expect(await store.journeys.run("r-odd")).toEqual(odd);
    expect(await store.journeys.run("r-plain")).toEqual(plain);
    // The same ids again replace the rows: the latest state wins.
    const moved = { ...odd, status: "completed" as const, endedAt: t0 + 5, waiting: null };
    await store.journeys.saveBatch({ runs: [moved], sends: [], counts: [] });
    expect(await store.journeys.run("r-odd")).toEqual(moved);
  });
});
