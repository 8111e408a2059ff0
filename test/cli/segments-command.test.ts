import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/storage/store.js";
import { cliPath, requireBuild } from "../support/processes.js";
import { event, seedSources } from "../support/world.js";

const run = promisify(execFile);
const example = (name: string) =>
  fileURLToPath(new URL(`../../examples/segments/${name}`, import.meta.url));

async function cli(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [cliPath, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("cxloop segments", () => {
  beforeAll(() => requireBuild());

  it("validates, previews, pushes and builds the example segments, lists members, guards deletes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cxloop-segments-"));
    const db = join(dir, "cx.db");
    const store = await openStore(db);
    const src = await seedSources(store);
    const now = Date.now();
    const order = (user: string, id: string, category: string, revenue: number, daysAgo: number) =>
      event(
        src.shop,
        {
          type: "track",
          userId: user,
          event: "Order Completed",
          timestamp: new Date(now - daysAgo * 86_400_000).toISOString(),
          properties: { order_id: id, revenue, products: [{ category }] },
        },
        now,
      );
    await store.ingest.ingest([
      order("anna", "A1", "wine", 40, 3),
      order("anna", "A2", "wine", 30, 10),
      order("ben", "B1", "wine", 600, 100),
      order("carl", "C1", "cheese", 20, 1),
    ]);
    await store.close();

    expect((await cli("segments", "validate", example("wine-lovers.json"))).stdout).toContain(
      "wine-lovers: valid (1 conditions)",
    );
    const preview = await cli("--db", db, "segments", "preview", example("lapsed-customers.json"));
    expect(preview.stdout).toContain("lapsed-customers: 1 of 3 customers");
    const pushed = await cli("--db", db, "segments", "push", example("wine-lovers.json"));
    expect(pushed.code).toBe(0);
    expect(pushed.stdout).toContain("wine-lovers: created");
    expect(pushed.stdout).toContain("wine-lovers: built, 1 members");
    const again = await cli("--db", db, "segments", "push", example("wine-lovers.json"));
    expect(again.stdout).toContain("saved, rule unchanged");
    await cli("--db", db, "segments", "push", example("lapsed-customers.json"));
    const listed = await cli("--db", db, "segments", "list");
    expect(listed.stdout).toMatch(/lapsed-customers\s+1\s+Abgewandert/);
    expect(listed.stdout).toMatch(/wine-lovers\s+1\s+Weinliebhaber/);
    const members = await cli("--db", db, "segments", "members", "lapsed-customers");
    expect(members.stdout).toContain("1 members");

    const journey = join(dir, "welcome.json");
    writeFileSync(
      journey,
      JSON.stringify({
        id: "welcome",
        version: 1,
        name: "Welcome",
        entry: { type: "segment", segmentId: "wine-lovers", on: "enter" },
        start: "end",
        steps: { end: { type: "exit" } },
      }),
    );
    expect((await cli("--db", db, "journeys", "push", journey)).code).toBe(0);
    const blocked = await cli("--db", db, "segments", "delete", "wine-lovers");
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain('segment "wine-lovers" is used by journey welcome');
    expect((await cli("--db", db, "segments", "delete", "lapsed-customers")).stdout).toContain(
      "deleted",
    );

    const bad = join(dir, "bad.json");
    writeFileSync(
      bad,
      JSON.stringify({ id: "x", name: "X", rule: { conditions: [{ type: "magic" }] } }),
    );
    const refused = await cli("segments", "validate", bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("rule.conditions.0.type");
    const missing = await cli("--db", db, "segments", "members", "nope");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no segment "nope"');
    // A dozen CLI processes, each opening the database: more than the default test time on a
    // busy machine.
  }, 120_000);
});
