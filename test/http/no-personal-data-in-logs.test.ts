import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gzipSync } from "node:zlib";
import { basic, loginAs, testApp, type TestApp } from "../support/app.js";

/** Privacy: at the most verbose level, no email, phone, card, password, key or token is logged. */
describe("logs", () => {
  const lines: string[] = [];
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await testApp("sqlite", {
      logLevel: "trace",
      logStream: { write: (line) => void lines.push(line) },
    });
    token = await loginAs(t, "admin");
  });
  afterAll(() => t.cleanup());

  it("hold no personal data or secrets, whatever requests and errors pass through", async () => {
    const secrets = [
      "erika.secret@example.ch",
      "+41791112233",
      "250199990001",
      "correct-horse",
      t.keys.shop,
      token,
      "Geheimstrasse",
    ];
    await t.app.inject({
      method: "POST",
      url: "/v1/identify",
      headers: { authorization: basic(t.keys.shop) },
      payload: {
        userId: "u-log",
        traits: {
          email: "erika.secret@example.ch",
          phone: "+41791112233",
          loyaltyCard: "250199990001",
          address: { street: "Geheimstrasse 1" },
        },
      },
    });
    await t.app.inject({
      method: "POST",
      url: "/v1/batch",
      headers: { authorization: basic(t.keys.shop), "content-encoding": "gzip" },
      payload: gzipSync("{broken erika.secret@example.ch"),
    });
    await t.app.inject({
      method: "POST",
      url: "/v1/track",
      headers: { authorization: basic(t.keys.shop) },
      payload: { event: "no id", properties: { email: "erika.secret@example.ch" } },
    });
    await t.app.inject({
      method: "GET",
      url: "/api/customers?q=erika.secret@example.ch",
      headers: { authorization: `Bearer ${token}` },
    });
    await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: "erika.secret@example.ch", password: "correct-horse" },
    });
    const id = await t.store.profiles.findByIdentifier({ type: "user_id", value: "u-log" });
    await t.app.inject({
      method: "GET",
      url: `/api/customers/${id}/export`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(lines.length).toBeGreaterThan(5);
    const log = lines.join("\n");
    for (const secret of secrets) expect(log, secret).not.toContain(secret);
  });
});
