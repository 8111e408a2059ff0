import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runImportCommand, type ImportCommandOptions } from "../../src/cli/import-command.js";
import type { Store } from "../../src/storage/store.js";
import { freshStore } from "../support/databases.js";
import { seedSources } from "../support/world.js";
import { fixture, readIssues, tempFile } from "./import-helpers.js";

const root = resolve(import.meta.dirname, "../..");
const run = promisify(execFile);

/**
 * The built CLI (`npm test` builds before the suites run); undefined when it starts, else why
 * not. It is not rebuilt here: tsc rewriting dist/ while other suites run the CLI made them
 * load half-written modules.
 */
function builtCli(): string | undefined {
  if (!existsSync(join(root, "dist/src/cli/main.js")))
    return "dist/src/cli/main.js is missing: run `npm run build` first (npm test does)";
  try {
    execFileSync("node", ["bin/cxloop.js", "--version"], { cwd: root, stdio: "pipe" });
  } catch (error) {
    return `the built CLI does not start: ${String(error).slice(0, 500)}`;
  }
  return undefined;
}

describe("cxloop import, run as a child process", () => {
  let db: string;
  beforeAll(() => {
    const broken = builtCli();
    if (broken) throw new Error(broken);
  });

  beforeEach(async () => {
    db = join(mkdtempSync(join(tmpdir(), "cxloop-cli-")), "cxloop.db");
  });

  const cxloop = async (...args: string[]) => {
    try {
      const r = await run("node", ["bin/cxloop.js", "--db", db, ...args], { cwd: root });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  it("imports a till export, then recognises every receipt the second time (exit 0 both times)", async () => {
    expect(
      (await cxloop("brands", "create", "--id", "marktkorb", "--name", "Marktkorb")).code,
    ).toBe(0);
    expect(
      (
        await cxloop(
          "sources",
          "create",
          "--id",
          "marktkorb-till",
          "--name",
          "Kasse",
          "--brand",
          "marktkorb",
          "--channel",
          "store",
          "--trusted",
        )
      ).code,
    ).toBe(0);
    const first = await cxloop(
      "import",
      fixture("till-receipts.csv"),
      "--source",
      "marktkorb-till",
      "--preset",
      "till-receipts",
    );
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/rows read\s+5/);
    expect(first.stderr).toMatch(/stored\s+2/);
    expect(first.stderr).toMatch(/skipped\s+1 \(no identifier\)/);
    const second = await cxloop(
      "import",
      fixture("till-receipts.csv"),
      "--source",
      "marktkorb-till",
      "--preset",
      "till-receipts",
    );
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/stored\s+0/);
    expect(second.stderr).toMatch(/duplicates\s+2 \(already imported\)/);
  });

  it("exits 2 when lines were rejected, writing them to --errors, and 1 on fatal errors", async () => {
    await cxloop("brands", "create", "--id", "marktkorb", "--name", "Marktkorb");
    await cxloop(
      "sources",
      "create",
      "--id",
      "marktkorb-web",
      "--name",
      "Web",
      "--brand",
      "marktkorb",
      "--channel",
      "web",
    );
    const errors = join(mkdtempSync(join(tmpdir(), "cxloop-cli-")), "errors.ndjson");
    const partly = await cxloop(
      "import",
      fixture("events.ndjson"),
      "--source",
      "marktkorb-web",
      "--errors",
      errors,
    );
    expect(partly.code).toBe(2);
    expect(partly.stderr).toMatch(/rejected\s+1 lines/);
    expect(partly.stderr).toContain(`every rejected line is in ${errors}`);
    expect(partly.stderr).toMatch(/time\s+[\d.]+ s, \d+ lines\/s, \d+ events\/s/);
    expect(readIssues(errors)).toMatchObject([{ line: 3, code: "unparseable" }]);

    const missing = await cxloop("import", "no-such-file.ndjson", "--source", "marktkorb-web");
    expect(missing).toMatchObject({ code: 1 });
    expect(missing.stderr).toContain("file not found: no-such-file.ndjson");
    const unknown = await cxloop("import", fixture("events.ndjson"), "--source", "no-such-source");
    expect(unknown).toMatchObject({ code: 1 });
    expect(unknown.stderr).toContain('no source "no-such-source"');
    const badMapping = tempFile(
      "mapping.json",
      JSON.stringify({
        event: { type: "track", name: "X" },
        properties: { total: { column: "t", type: "money" } },
      }),
    );
    const invalid = await cxloop(
      "import",
      fixture("till-receipts.csv"),
      "--source",
      "marktkorb-web",
      "--mapping",
      badMapping,
    );
    expect(invalid).toMatchObject({ code: 1 });
    expect(invalid.stderr).toContain("properties.total.type");
  });
});

describe("the import command in-process", () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let stderr: string[];
  beforeEach(async () => {
    ({ store, cleanup } = await freshStore("sqlite"));
    await seedSources(store);
    stderr = [];
  });
  afterEach(() => cleanup());

  const command = (file: string, opts: Partial<ImportCommandOptions>) =>
    runImportCommand(
      file,
      { source: "marktkorb-till", progress: false, ...opts },
      { store, phoneRegion: "CH", stderr: (t) => stderr.push(t) },
    );

  it("returns 0, 2 and 1 as documented", async () => {
    expect(await command(fixture("till-receipts.csv"), { preset: "till-receipts" })).toBe(0);
    expect(await command(fixture("events.ndjson"), {})).toBe(2);
    expect(
      await command(fixture("till-receipts.csv"), { preset: "till-receipts", source: "nope" }),
    ).toBe(1);
    expect(await command(fixture("till-receipts.csv"), {})).toBe(1);
    expect(stderr.at(-1)).toBe(
      "cxloop import: a CSV import needs --mapping FILE or --preset till-receipts",
    );
    expect(await command(fixture("till-receipts.csv"), { preset: "kassenzettel" })).toBe(1);
    expect(stderr.at(-1)).toBe('cxloop import: no preset "kassenzettel" (presets: till-receipts)');
  });

  it("refuses to write the errors report over the file being imported", async () => {
    const input = tempFile("till.csv", readFileSync(fixture("till-receipts.csv"), "utf8"));
    const before = readFileSync(input, "utf8");
    expect(await command(input, { preset: "till-receipts", errors: input })).toBe(1);
    expect(stderr.at(-1)).toContain("must not be the file being imported");
    expect(readFileSync(input, "utf8")).toBe(before);
  });

  it("lets the flags override the mapping's CSV options", async () => {
    expect(await command(fixture("till-receipts-excel.csv"), { preset: "till-receipts" })).toBe(2);
    expect(stderr.join("\n")).toMatch(
      /"3,20" is not a number \(a decimal comma\? set "csv": \{"decimalComma": true\} or --decimal-comma\)/,
    );
    expect(
      await command(fixture("till-receipts-excel.csv"), {
        preset: "till-receipts",
        decimalComma: true,
        delimiter: ";",
      }),
    ).toBe(0);
  });

  it("says where a mapping file is wrong", async () => {
    const file = tempFile(
      "mapping.json",
      JSON.stringify({
        event: { type: "track", name: "X" },
        identity: { loyaltyCard: "card" },
        groupBy: "receipt",
      }),
    );
    expect(await command(fixture("till-receipts.csv"), { mapping: file })).toBe(1);
    expect(stderr.at(-1)).toContain("items: groupBy needs items");
    writeFileSync(file, "{ not json");
    expect(await command(fixture("till-receipts.csv"), { mapping: file })).toBe(1);
    expect(stderr.at(-1)).toMatch(/mapping.json is not valid JSON/);
    expect(readFileSync(fixture("till-receipts.csv"), "utf8")).toContain("receipt_id");
    expect(await command(fixture("events.ndjson"), { errors: "/no/such/dir/errors.ndjson" })).toBe(
      1,
    );
    expect(stderr.at(-1)).toMatch(/cannot write the errors file: ENOENT/);
  });
});
