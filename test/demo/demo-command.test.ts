import { Command } from "commander";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  DemoAlreadyLoaded,
  formatDemoSummary,
  registerDemoCommand,
  runDemoCommand,
} from "../../src/cli/demo-command.js";
import { DEMO_ADMIN, DEMO_ANALYST } from "../../src/demo/demo-credentials.js";
import { MARCO_FRITSCHE } from "../../src/demo/demo-customers.js";
import { DEMO_SOURCES } from "../../src/demo/demo-sources.js";
import type { Store } from "../../src/storage/store.js";
import { freshStore } from "../support/databases.js";

describe("cxloop demo", () => {
  let store: Store;
  let url: string;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ store, url, cleanup } = await freshStore("sqlite"));
  });
  afterEach(() => cleanup());

  it("loads a small world, prints the world, the login and a write key per source, and refuses a second run", async () => {
    const steps: number[] = [];
    const { summary, seconds } = await runDemoCommand(
      store,
      { customers: "40", days: "30", seed: "3" },
      (done, _total, step) => step === "events" && steps.push(done),
    );
    expect(summary.customers).toBe(40);
    expect(steps.at(-1)).toBe(summary.events);
    const text = formatDemoSummary(summary, seconds).join("\n");
    expect(text).toContain("Marco Fritsche");
    expect(text).toContain(MARCO_FRITSCHE.email);
    expect(text).toContain("2501 0815 4711");
    expect(text).toContain(`${DEMO_ADMIN.email}`);
    expect(text).toContain(DEMO_ADMIN.password);
    expect(text).toContain(DEMO_ANALYST.email);
    for (const source of DEMO_SOURCES) expect(text).toMatch(new RegExp(`${source.id} .* cxk_`));
    await expect(runDemoCommand(store, {})).rejects.toBeInstanceOf(DemoAlreadyLoaded);
  });

  it("rejects flags that are not whole numbers or out of range, before touching the database", async () => {
    await expect(runDemoCommand(store, { customers: "lots" })).rejects.toThrow(
      /--customers must be a whole number/,
    );
    await expect(runDemoCommand(store, { days: "7" })).rejects.toThrow(
      /days must be a whole number from 30/,
    );
    await expect(runDemoCommand(store, { customers: "2" })).rejects.toThrow(/customers must be/);
    expect(await store.sources.listBrands()).toEqual([]);
  });

  it("runs through the command line: the second run fails with a clear message", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      const program = () => {
        const p = new Command().option("--db <url>").exitOverride();
        registerDemoCommand(p);
        return p;
      };
      await program().parseAsync([
        "node",
        "cxloop",
        "--db",
        url,
        "demo",
        "--customers",
        "20",
        "--days",
        "30",
      ]);
      const printed = log.mock.calls.map((c) => String(c[0])).join("\n");
      expect(printed).toMatch(/Demo world "Genossenschaft Alpenkorb" loaded/);
      expect(printed).toContain("marktkorb-till");
      await expect(program().parseAsync(["node", "cxloop", "--db", url, "demo"])).rejects.toThrow(
        /already loaded/,
      );
    } finally {
      log.mockRestore();
    }
  });
});
