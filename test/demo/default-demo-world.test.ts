import { afterAll, describe, expect, it } from "vitest";
import { DEMO_SOURCES } from "../../src/demo/demo-sources.js";
import { loadDemoWorld } from "../../src/demo/load-demo-world.js";
import { freshStore } from "../support/databases.js";

describe("the default demo world (what `cxloop serve --demo` loads)", () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterAll(() => cleanup?.());

  it("loads 3,000 customers with five months of history on SQLite, every customer one profile", async () => {
    const fresh = await freshStore("sqlite");
    cleanup = fresh.cleanup;
    const started = Date.now();
    const summary = await loadDemoWorld(fresh.store, { now: Date.parse("2026-05-06T09:00:00Z") });
    const seconds = (Date.now() - started) / 1000;
    console.info(`default demo world: ${summary.events} events in ${seconds.toFixed(1)} s`);
    expect(summary.customers).toBe(3000);
    expect(summary.to - summary.from).toBeGreaterThan(145 * 86_400_000);
    expect(summary.events).toBeGreaterThan(100_000);
    expect(Object.keys(summary.eventsByChannel).length).toBeGreaterThanOrEqual(10);
    expect(summary.sources).toHaveLength(DEMO_SOURCES.length);
    expect((await fresh.store.profiles.count()).profiles).toBe(3000 + summary.anonymousProfiles);
  }, 180_000);
});
