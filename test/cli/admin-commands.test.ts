import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/storage/store.js";
import { basic } from "../support/app.js";
import { freshDatabase, type TestDatabase } from "../support/databases.js";
import { cliPath, requireBuild, startServeProcess } from "../support/processes.js";

const run = promisify(execFile);

/** The CLI as an operator uses it: a real process against a real SQLite file. */
describe("cxloop brands, sources, keys and users", () => {
  let db: TestDatabase;
  const cli = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [cliPath, "--db", db.url, ...args], {
        env: { ...process.env, CXLOOP_PASSWORD: "" },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  beforeAll(async () => {
    requireBuild();
    db = await freshDatabase("sqlite");
  });
  afterAll(() => db.drop());

  it("every command has --help", async () => {
    for (const command of [
      [],
      ["serve"],
      ["import"],
      ["keys"],
      ["keys", "create"],
      ["users", "create"],
      ["demo"],
      ["sources", "create"],
    ]) {
      const r = await cli(...command, "--help");
      expect(r.code, command.join(" ")).toBe(0);
      expect(r.stdout).toMatch(/Usage: cxloop/);
    }
  }, 120_000);

  it("creates a brand, a source and a write key that the tracking API accepts; a revoked key is refused", async () => {
    expect((await cli("brands", "create", "--id", "vinello", "--name", "Vinello")).code).toBe(0);
    const bad = await cli(
      "sources",
      "create",
      "--id",
      "x",
      "--name",
      "X",
      "--brand",
      "vinello",
      "--channel",
      "fax",
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--channel must be one of");
    const unknownBrand = await cli(
      "sources",
      "create",
      "--id",
      "x",
      "--name",
      "X",
      "--brand",
      "nope",
      "--channel",
      "web",
    );
    expect(unknownBrand.code).toBe(1);
    expect(unknownBrand.stderr).toContain('no brand "nope"');
    expect(
      (
        await cli(
          "sources",
          "create",
          "--id",
          "vinello-shop",
          "--name",
          "Shop",
          "--brand",
          "vinello",
          "--channel",
          "web",
        )
      ).code,
    ).toBe(0);
    const created = await cli("keys", "create", "--source", "vinello-shop");
    expect(created.code).toBe(0);
    const key = created.stdout.trim().split("\n").at(-1) as string;
    expect(key).toMatch(/^cxk_/);
    const listed = await cli("keys", "list");
    expect(listed.stdout).toContain("vinello-shop");
    expect(listed.stdout).not.toContain(key);

    const server = await startServeProcess(db.url);
    try {
      const send = () =>
        fetch(`${server.url}/v1/track`, {
          method: "POST",
          headers: { authorization: basic(key), "content-type": "application/json" },
          body: JSON.stringify({ userId: "cli-u", event: "A" }),
        });
      expect((await send()).status).toBe(200);
      const keyId = listed.stdout.split("\t")[0] as string;
      expect((await cli("keys", "revoke", keyId)).code).toBe(0);
      const store = await openStore(db.url);
      expect((await store.sources.listWriteKeys("vinello-shop"))[0]?.revokedAt).toBeTypeOf(
        "number",
      );
      await store.close();
    } finally {
      await server.stop();
    }
    expect((await cli("keys", "revoke", "wk_nope")).code).toBe(1);
  }, 120_000);

  it("creates users with a hashed password and refuses bad input", async () => {
    const ok = await cli(
      "users",
      "create",
      "--email",
      "ana@example.ch",
      "--role",
      "admin",
      "--password",
      "long-enough-1",
    );
    expect(ok.code).toBe(0);
    expect(
      (
        await cli(
          "users",
          "create",
          "--email",
          "ana@example.ch",
          "--role",
          "admin",
          "--password",
          "long-enough-1",
        )
      ).stderr,
    ).toContain("exists");
    expect(
      (
        await cli(
          "users",
          "create",
          "--email",
          "b@example.ch",
          "--role",
          "root",
          "--password",
          "long-enough-1",
        )
      ).stderr,
    ).toContain("--role");
    expect(
      (await cli("users", "create", "--email", "b@example.ch", "--password", "short")).stderr,
    ).toContain("at least 8");
    expect(
      (await cli("users", "create", "--email", "not-an-email", "--password", "long-enough-1"))
        .stderr,
    ).toContain("--email");
    const store = await openStore(db.url);
    const found = await store.users.findForLogin("ana@example.ch");
    await store.close();
    expect(found?.passwordHash).toMatch(/^scrypt\$/);
    expect(found?.passwordHash).not.toContain("long-enough-1");
  }, 120_000);
});
