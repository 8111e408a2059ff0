import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { cliPath, requireBuild } from "../support/processes.js";

const run = promisify(execFile);
const example = (name: string) =>
  fileURLToPath(new URL(`../../examples/journeys/${name}`, import.meta.url));

async function cli(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [cliPath, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Runs `code` against the built store of `db` in a child process (`s` is the open store). */
async function withBuiltStore(db: string, code: string) {
  const storeUrl = new URL("../../dist/src/storage/store.js", import.meta.url).href;
  return run(process.execPath, [
    "--input-type=module",
    "-e",
    `import { openStore } from ${JSON.stringify(storeUrl)};
     const s = await openStore(${JSON.stringify(db)});
     ${code}
     await s.close();`,
  ]);
}

describe("cxloop journeys", () => {
  beforeAll(() => requireBuild());

  it("simulates the seed 000 example: Marco gets the wine club email at 9:00 next morning, Anna nothing", async () => {
    const r = await cli(
      "journeys",
      "simulate",
      example("wine-recipes.json"),
      "--script",
      example("wine-recipes.script.json"),
    );
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines.filter((l) => l.includes(" send "))).toEqual([
      expect.stringMatching(
        /^05\.05\.26, 09:00\s+marco\s+send\s+email vinello\/recipes-for-your-wine$/,
      ),
    ]);
    expect(lines.at(-1)).toBe("2 entered, 1 message");
  });

  it("says what is wrong with a definition or a script, with exit code 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cxloop-journeys-"));
    const broken = join(dir, "broken.json");
    writeFileSync(
      broken,
      JSON.stringify({
        id: "x",
        version: 1,
        name: "X",
        entry: { type: "hand_over" },
        start: "a",
        steps: { a: { type: "wait", duration: { hours: 1 }, next: "b" } },
      }),
    );
    const invalid = await cli("journeys", "validate", broken);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('steps.a: no step "b"');
    const badScript = join(dir, "script.json");
    writeFileSync(
      badScript,
      JSON.stringify({ customers: [], events: [{ at: "yesterday", customerId: "c", name: "A" }] }),
    );
    const r = await cli(
      "journeys",
      "simulate",
      example("wine-recipes.json"),
      "--script",
      badScript,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("events.0.at");
    expect((await cli("journeys", "validate", join(dir, "missing.json"))).stderr).toContain(
      "not found",
    );
  });
});

describe("cxloop journeys and messages against a database", () => {
  beforeAll(() => requireBuild());

  it("pushes templates and a journey, publishes, lists, starts a test run and shows the outbox", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cxloop-cli-"));
    const db = join(dir, "cx.db");
    const setup = await withBuiltStore(
      db,
      `await s.sources.createBrand({ id: "marktkorb", name: "Marktkorb" });
       await s.sources.createBrand({ id: "vinello", name: "Vinello" });
       await s.messages.setBrandMessaging("vinello", { senders: [{ id: "main", name: "Vinello", address: "weinpost@vinello.example" }], colours: { primary: "#7f1d1d", background: "#ffffff" }, footer: {}, legal: {}, defaultLanguage: "de", webhooks: {} });`,
    );
    expect(setup.stderr).toBe("");
    const template = join(dir, "template.json");
    writeFileSync(
      template,
      JSON.stringify({
        id: "recipes-for-your-wine",
        brandId: "vinello",
        channel: "email",
        name: "Rezepte",
        content: { de: { subject: "Zum Wein", body: "<mj-section></mj-section>" } },
      }),
    );
    const bad = join(dir, "bad.json");
    writeFileSync(
      bad,
      JSON.stringify({ id: "x", brandId: "vinello", channel: "fax", name: "x", content: {} }),
    );
    expect((await cli("--db", db, "messages", "push", template)).stdout).toContain(
      "template recipes-for-your-wine (vinello, email) saved",
    );
    const refused = await cli("--db", db, "messages", "push", bad);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("channel");
    const pushed = await cli(
      "--db",
      db,
      "journeys",
      "push",
      example("wine-recipes.json"),
      "--publish",
    );
    expect(pushed.code).toBe(0);
    expect(pushed.stdout).toContain("wine-recipes: version 1 published");
    const listed = await cli("--db", db, "journeys", "list");
    expect(listed.stdout).toMatch(/^wine-recipes\s+published\s+v1\s+entered 0/m);
    expect(
      (await cli("--db", db, "journeys", "status", "wine-recipes", "paused")).stdout,
    ).toContain("wine-recipes: paused");
    const notPublished = await cli(
      "--db",
      db,
      "journeys",
      "test",
      "wine-recipes",
      "--customer",
      "prf_x",
    );
    expect(notPublished.code).not.toBe(0);
    expect(notPublished.stderr).toContain("is not published");
    expect((await cli("--db", db, "messages", "outbox")).stdout.trim()).toBe("no messages");
    const badStatus = await cli("--db", db, "messages", "outbox", "--status", "lost");
    expect(badStatus.code).not.toBe(0);

    // a message held as unknown after a crash, decided on from the command line
    const crashed = await withBuiltStore(
      db,
      `const entry = { ledgerKey: "run_x:mail:1", runId: "run_x", journeyId: "wine-recipes", version: 1, stepId: "mail", profileId: "prf_x", channel: "email", brandId: "vinello", templateId: "recipes-for-your-wine", purpose: "email_marketing", transactional: false, priority: 0, test: false, senderId: null };
       await s.journeys.reserveSend(entry, 1000);
       await s.messages.beginAttempt(entry, 1000, null, () => ({ type: "deliver" }), 1000);
       await s.messages.finishAttempt(entry.ledgerKey, { type: "unknown", error: "worker stopped" }, 2000);`,
    );
    expect(crashed.stderr).toBe("");
    const held = await cli("--db", db, "messages", "outbox", "--status", "unknown");
    expect(held.stdout).toMatch(/unknown\s+email\s+vinello.*run_x:mail:1$/m);
    const badAction = await cli("--db", db, "messages", "resolve", "run_x:mail:1", "--action", "x");
    expect(badAction.code).not.toBe(0);
    expect(badAction.stderr).toContain("--action");
    const missing = await cli("--db", db, "messages", "resolve", "nope", "--action", "resend");
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('no message "nope"');
    const resent = await cli(
      "--db",
      db,
      "messages",
      "resolve",
      "run_x:mail:1",
      "--action",
      "resend",
    );
    expect(resent.code).toBe(0);
    expect(resent.stdout).toContain(
      "run_x:mail:1: pending (resent after an unknown outcome, decided by cli)",
    );
    const twice = await cli(
      "--db",
      db,
      "messages",
      "resolve",
      "run_x:mail:1",
      "--action",
      "resend",
    );
    expect(twice.code).not.toBe(0);
    expect(twice.stderr).toContain("is pending, not unknown");
    const neither = await cli("--db", db, "messages", "resolve", "--action", "resend");
    expect(neither.code).toBe(1);
    expect(neither.stderr).toContain("either a message key or --all-unknown");
    const both = await cli(
      "--db",
      db,
      "messages",
      "resolve",
      "run_x:mail:1",
      "--all-unknown",
      "--action",
      "resend",
    );
    expect(both.code).toBe(1);
    const journeyAlone = await cli(
      "--db",
      db,
      "messages",
      "resolve",
      "run_x:mail:1",
      "--journey",
      "wine-recipes",
      "--action",
      "resend",
    );
    expect(journeyAlone.stderr).toContain("--journey goes with --all-unknown");
    const none = await cli(
      "--db",
      db,
      "messages",
      "resolve",
      "--all-unknown",
      "--journey",
      "wine-recipes",
      "--action",
      "mark_sent",
    );
    expect(none.stdout).toContain("0 messages held as unknown: mark_sent");
  }, 180_000);
});
