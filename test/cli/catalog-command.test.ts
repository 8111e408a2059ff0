import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { demoCatalogItems } from "../../src/demo/demo-catalogue-items.js";
import { PROSECCO_ID } from "../../src/demo/demo-catalogue.js";
import { openStore } from "../../src/storage/store.js";
import { engines, freshDatabase, type TestDatabase } from "../support/databases.js";
import { cliPath, requireBuild } from "../support/processes.js";
import { event, seedSources } from "../support/world.js";

const run = promisify(execFile);

const item = (id: string, title = `Rezept ${id}`) =>
  JSON.stringify({
    id,
    kind: "recipe",
    brandId: "kochlust",
    pairsWith: ["prosecco"],
    locales: { de: { title } },
  });

describe.each(await engines())("cxloop catalog on %s", (engine) => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(() => requireBuild());
  beforeEach(async () => {
    db = await freshDatabase(engine);
    dir = mkdtempSync(join(tmpdir(), "cxloop-catalog-"));
  });
  afterEach(() => db.drop());

  async function cli(...args: string[]) {
    try {
      const { stdout, stderr } = await run(process.execPath, [cliPath, "--db", db.url, ...args]);
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }
  async function storedIds(): Promise<string[]> {
    const store = await openStore(db.url);
    try {
      return (await store.catalog.items({ limit: 500 })).items.map((i) => i.id);
    } finally {
      await store.close();
    }
  }

  it("imports an NDJSON file past its bad lines, reports each with its line and field, exit 2", async () => {
    const file = join(dir, "items.ndjson");
    const errors = join(dir, "errors.ndjson");
    writeFileSync(
      file,
      [
        item("r-1"),
        '{"id": "r-2", ',
        item("r-3"),
        item("r-4", ""),
        "",
        item("r-1", "Zweimal"),
        '{"id":"r-5","kind":"recipe","brandId":"kochlust","locales":{"de":{"title":"t"}},"__proto__":{"x":1}}',
        item("r-6", "Ape\u0000ro"),
        item("r-7", "x".repeat(1_000_000)),
        item("r-8"),
      ].join("\r\n"),
    );
    const r = await cli("catalog", "import", file, "--errors", errors, "--no-progress");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("line 2: not valid JSON");
    expect(r.stderr).toContain("line 4: locales.de.title: title must not be empty");
    expect(r.stderr).toContain('line 6: id: duplicate id "r-1" (first at line 1)');
    expect(r.stderr).toContain('line 7: __proto__: the key "__proto__" is not allowed');
    expect(r.stderr).toContain(
      "line 8: locales.de.title: title must not contain control characters",
    );
    expect(r.stderr).toContain("line 9: locales.de.title: title is at most 200 characters");
    expect(r.stderr).toContain("9 lines read, 3 stored (3 new, 0 replaced), 6 rejected");
    expect(await storedIds()).toEqual(["r-1", "r-3", "r-8"]);
    const written = readFileSync(errors, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(written.map((e: { at: number }) => e.at)).toEqual([2, 4, 6, 7, 8, 9]);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it("imports the demo catalogue as a JSON array (exit 0), again as replacements, then learns pairs", async () => {
    const file = join(dir, "catalogue.json");
    const items = demoCatalogItems();
    writeFileSync(file, `\uFEFF${JSON.stringify(items, null, 2)}`);
    const first = await cli("catalog", "import", file, "--batch-size", "25", "--no-progress");
    expect(first.code).toBe(0);
    expect(first.stderr).toContain(
      `${items.length} items read, ${items.length} stored (${items.length} new, 0 replaced), 0 rejected`,
    );
    const second = await cli("catalog", "import", file);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain(`(0 new, ${items.length} replaced)`);

    const store = await openStore(db.url);
    const sources = await seedSources(store);
    await store.ingest.ingest([
      event(sources.wine, {
        type: "track",
        event: "Order Completed",
        userId: "marco",
        properties: { products: [{ product_id: PROSECCO_ID }] },
      }),
      event(sources.shop, {
        type: "track",
        event: "Recipe Viewed",
        userId: "marco",
        properties: { recipe_id: "kl-124" },
      }),
    ]);
    await store.close();
    const learn = await cli("catalog", "learn");
    expect(learn.code).toBe(0);
    expect(learn.stdout.trim()).toBe("learnt 1 pairs for 1 products");
  });

  it("fails with exit 1 on a missing file, a broken JSON array or a bad option; stores nothing", async () => {
    const missing = await cli("catalog", "import", join(dir, "missing.json"));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("file not found");
    const broken = join(dir, "broken.json");
    writeFileSync(broken, `[${item("r-1")}, {`);
    const r = await cli("catalog", "import", broken, "--no-progress");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("is not valid JSON");
    const bad = await cli("catalog", "import", broken, "--batch-size", "5000");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--batch-size");
    expect(await storedIds()).toEqual([]);
  });
});
