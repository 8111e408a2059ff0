import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { gzipSync } from "node:zlib";
import { basic, testApp, type TestApp } from "../support/app.js";
import { engines } from "../support/databases.js";

describe.each(await engines())("tracking API on %s", (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await testApp(engine);
  });
  afterEach(() => t.cleanup());

  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: "POST",
      url,
      headers: {
        authorization: basic(t.keys.shop),
        "content-type": "application/json",
        ...headers,
      },
      payload:
        typeof payload === "string" || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload),
    });
  const eventCount = async () => (await t.store.profiles.count()).events;

  it("stores an identify and puts its traits and identifiers on a profile", async () => {
    const res = await post("/v1/identify", {
      userId: "u-1",
      traits: { email: "Eva.Keller@Example.ch", phone: "079 123 45 67", firstName: "Eva" },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ success: true, stored: 1 });
    const id = await t.store.profiles.findByIdentifier({ type: "phone", value: "+41791234567" });
    const profile = await t.store.profiles.get(id as string);
    expect(profile?.identifiers).toEqual(
      expect.arrayContaining([
        { type: "user_id", value: "u-1" },
        { type: "email", value: "eva.keller@example.ch" },
      ]),
    );
    expect(profile?.traits.marktkorb).toMatchObject({ firstName: "Eva" });
  });

  it("accepts the browser's short paths with text/plain and the write key in the body", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/v1/t",
      headers: { "content-type": "text/plain" },
      payload: JSON.stringify({
        writeKey: t.keys.shop,
        anonymousId: "a-1",
        event: "Product Viewed",
      }),
    });
    expect(res.statusCode).toBe(200);
    const [e] = await t.store.events.recent();
    expect(e).toMatchObject({
      type: "track",
      name: "Product Viewed",
      channel: "web",
      brandId: "marktkorb",
      sourceId: "marktkorb-web",
    });
  });

  it("lets browsers on other origins call it (CORS preflight and response headers)", async () => {
    const preflight = await t.app.inject({
      method: "OPTIONS",
      url: "/v1/t",
      headers: {
        origin: "https://www.marktkorb.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers["access-control-allow-origin"]).toBe("https://www.marktkorb.example");
    expect(String(preflight.headers["access-control-allow-headers"])).toContain("content-type");
    const res = await t.app.inject({
      method: "POST",
      url: "/v1/p",
      headers: { origin: "https://www.marktkorb.example", "content-type": "text/plain" },
      payload: JSON.stringify({
        writeKey: t.keys.shop,
        anonymousId: "browser-1",
        name: "Startseite",
        context: { page: { url: "https://www.marktkorb.example/" } },
      }),
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["access-control-allow-origin"]).toBe("https://www.marktkorb.example");
  });

  it("limits the batch-level context, which is copied into every event", async () => {
    const big = await post("/v1/batch", {
      context: { pad: "c".repeat(9000) },
      batch: [{ type: "track", userId: "u", event: "A" }],
    });
    expect(big.statusCode).toBe(400);
    expect(big.json().error).toMatchObject({ path: "context" });
    expect(big.json().error.message).toContain("8 KB");
    const deepContext = `${'{"x":'.repeat(20_000)}{}${"}".repeat(20_000)}`;
    const nested = await post(
      "/v1/batch",
      `{"context":${deepContext},"batch":[{"type":"track","userId":"u","event":"A"}]}`,
    );
    expect(nested.statusCode).toBe(400);
    expect(await eventCount()).toBe(0);
  });

  it("refuses text that cannot be stored (NUL, lone surrogates) with a 400", async () => {
    const nul = await post(
      "/v1/track",
      JSON.stringify({ userId: "u", event: "A", properties: { note: "a\u0000b" } }),
    );
    expect(nul.statusCode).toBe(400);
    expect(nul.json().error.message).toContain("NUL");
    const surrogate = await post("/v1/track", '{"userId":"u","event":"\\ud800x"}');
    expect(surrogate.statusCode).toBe(400);
    expect(await eventCount()).toBe(0);
  });

  it("a consent dated in the future cannot outrank a later revocation", async () => {
    await post(
      "/v1/track",
      {
        userId: "future",
        event: "Consent Updated",
        properties: { purpose: "email_marketing", status: "granted" },
        timestamp: "2099-01-01T00:00:00Z",
      },
      { authorization: basic(t.keys.wine) },
    );
    await post(
      "/v1/track",
      {
        userId: "future",
        event: "Consent Updated",
        properties: { purpose: "email_marketing", status: "revoked" },
      },
      { authorization: basic(t.keys.wine) },
    );
    const id = await t.store.profiles.findByIdentifier({ type: "user_id", value: "future" });
    const consents = await t.store.profiles.consentsOf(id as string);
    expect(consents?.find((c) => c.purpose === "email_marketing")?.status).toBe("revoked");
  });

  it("accepts gzip bodies", async () => {
    const body = gzipSync(
      JSON.stringify({
        batch: [
          { type: "track", userId: "u", event: "A" },
          { type: "page", userId: "u", name: "Home" },
        ],
      }),
    );
    const res = await post("/v1/batch", body, { "content-encoding": "gzip" });
    expect(res.statusCode).toBe(200);
    expect(await eventCount()).toBe(2);
  });

  it("stops a gzip bomb at the batch limit with a 400 naming the limit", async () => {
    const inner = JSON.stringify({
      batch: [
        { type: "track", userId: "u", event: "A", properties: { pad: "0".repeat(2_000_000) } },
      ],
    });
    const res = await post("/v1/batch", gzipSync(inner), { "content-encoding": "gzip" });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: "batch_too_large" });
    expect(res.json().error.message).toContain("500 KB");
    expect(await eventCount()).toBe(0);
  });

  it("rejects a corrupt gzip body with a 400", async () => {
    const res = await post("/v1/track", Buffer.from("not gzip at all"), {
      "content-encoding": "gzip",
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBeDefined();
  });

  it("answers 401 without a write key and with a revoked one", async () => {
    const none = await t.app.inject({
      method: "POST",
      url: "/v1/track",
      payload: { userId: "u", event: "A" },
    });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe("unauthorized");
    const [key] = await t.store.sources.listWriteKeys("marktkorb-web");
    await t.store.sources.revokeWriteKey(key?.id as string);
    const other = await testApp(engine);
    try {
      // a fresh process (no cache) sees the revocation at once
      const res = await other.app.inject({
        method: "POST",
        url: "/v1/track",
        headers: { authorization: basic("cxk_unknown") },
        payload: { userId: "u", event: "A" },
      });
      expect(res.statusCode).toBe(401);
    } finally {
      await other.cleanup();
    }
  });

  it("rejects malformed JSON with a 400 that says so", async () => {
    const res = await post("/v1/track", '{"userId": "u", "event": ');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("invalid_input");
    expect(res.json().error.message).toMatch(/JSON/);
  });

  it("requires userId or anonymousId and names the field", async () => {
    const res = await post("/v1/track", { event: "Order Completed" });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: "missing_identity", path: "userId" });
  });

  it("rejects wrongly typed fields with the path", async () => {
    const res = await post("/v1/batch", {
      batch: [
        { type: "track", userId: "u", event: "A" },
        { type: "track", userId: "u", event: "B", properties: "cheap" },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.path).toBe("batch[1].properties");
    expect(await eventCount()).toBe(0);
  });

  it("stores nothing of a batch with one invalid event", async () => {
    const res = await post("/v1/batch", {
      batch: [
        { type: "track", userId: "u", event: "A" },
        { type: "track", event: "no identity" },
        { type: "bogus", userId: "u" },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain("and 1 more");
    expect(res.json().error.details).toHaveLength(2);
    expect(await eventCount()).toBe(0);
  });

  it("rejects an event over 32 KB naming the limit", async () => {
    const big = { userId: "u", event: "A", properties: { text: "x".repeat(33 * 1024) } };
    const single = await post("/v1/track", big);
    expect(single.statusCode).toBe(400);
    expect(single.json().error.code).toBe("event_too_large");
    const inBatch = await post("/v1/batch", { batch: [{ ...big, type: "track" }] });
    expect(inBatch.statusCode).toBe(400);
    expect(inBatch.json().error).toMatchObject({ code: "event_too_large", path: "batch[0]" });
    expect(inBatch.json().error.message).toContain("32 KB");
  });

  it("rejects batches over 500 KB and over 2,500 events", async () => {
    const events = Array.from({ length: 20 }, (_, i) => ({
      type: "track",
      userId: "u",
      event: "A",
      properties: { pad: "y".repeat(30_000), i },
    }));
    const tooBig = await post("/v1/batch", { batch: events });
    expect(tooBig.statusCode).toBe(400);
    expect(tooBig.json().error.code).toBe("batch_too_large");
    const many = Array.from({ length: 2501 }, () => ({ type: "track", userId: "u", event: "A" }));
    const tooMany = await post("/v1/batch", { batch: many });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error).toMatchObject({ code: "batch_too_many_events" });
    expect(tooMany.json().error.message).toContain("2500");
    expect(await eventCount()).toBe(0);
  });

  it("stores a retried event once (messageId dedup)", async () => {
    const e = { userId: "u", event: "Order Completed", messageId: "msg-1" };
    expect((await post("/v1/track", e)).json()).toMatchObject({ stored: 1 });
    expect((await post("/v1/track", e)).json()).toMatchObject({ stored: 0, duplicates: 1 });
    expect(await eventCount()).toBe(1);
  });

  it("corrects client clock skew, except for a trusted source", async () => {
    // the client clock is 1 hour ahead: sentAt and timestamp are both shifted
    const now = Date.now();
    const skewed = {
      userId: "u",
      event: "A",
      timestamp: new Date(now + 3_600_000 - 60_000).toISOString(),
      sentAt: new Date(now + 3_600_000).toISOString(),
    };
    await post("/v1/track", skewed);
    const [e] = await t.store.events.recent();
    expect(Math.abs((e?.timestamp ?? 0) - (now - 60_000))).toBeLessThan(5_000);

    const till = {
      userId: "u",
      event: "Order Completed",
      timestamp: "2026-05-01T18:30:00.000Z",
      sentAt: "2026-05-02T02:00:00.000Z",
    };
    await post("/v1/track", till, { authorization: basic(t.keys.till) });
    const [tillEvent] = await t.store.events.recent();
    expect(tillEvent?.timestamp).toBe(Date.parse("2026-05-01T18:30:00.000Z"));
  });

  it("refuses prototype-poisoning bodies", async () => {
    const res = await post("/v1/track", '{"userId":"u","event":"A","__proto__":{"admin":true}}');
    expect(res.statusCode).toBe(400);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it("reads any content type as JSON on /v1 (clients are loose) but answers 415 elsewhere and for unknown encodings", async () => {
    const xml = await t.app.inject({
      method: "POST",
      url: "/api/brands",
      headers: { "content-type": "application/xml" },
      payload: "<brand/>",
    });
    expect(xml.statusCode).toBe(415);
    const formOnTracking = await post("/v1/track", JSON.stringify({ userId: "u", event: "A" }), {
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(formOnTracking.statusCode).toBe(200);
    const br = await post("/v1/track", "x", { "content-encoding": "br" });
    expect(br.statusCode).toBe(415);
    expect(br.json().error.code).toBe("unsupported_media_type");
  });

  it("rejects a type sent to the wrong endpoint and a track without event name", async () => {
    const wrong = await post("/v1/identify", { type: "track", userId: "u", event: "A" });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.path).toBe("type");
    const noName = await post("/v1/track", { userId: "u" });
    expect(noName.json().error.path).toBe("event");
  });

  it("takes consent from identify traits for the source's brand, and rejects a bad consent value", async () => {
    await post(
      "/v1/identify",
      { userId: "u-c", traits: { consents: { email_marketing: true, analytics: "revoked" } } },
      { authorization: basic(t.keys.wine) },
    );
    const id = await t.store.profiles.findByIdentifier({ type: "user_id", value: "u-c" });
    const consents = await t.store.profiles.consentsOf(id as string);
    expect(consents).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          brandId: "vinello",
          purpose: "email_marketing",
          status: "granted",
          source: "vinello-shop",
        }),
        expect.objectContaining({ brandId: "vinello", purpose: "analytics", status: "revoked" }),
      ]),
    );
    const bad = await post("/v1/identify", {
      userId: "u-c",
      traits: { consents: { email_marketing: "maybe" } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain("consents.email_marketing");
  });

  it("answers 429 with Retry-After when too many ingests are in flight", async () => {
    const busy = await testApp(engine, { maxPendingIngests: 0 });
    try {
      const res = await busy.app.inject({
        method: "POST",
        url: "/v1/track",
        headers: { authorization: basic(busy.keys.shop) },
        payload: { userId: "u", event: "A" },
      });
      expect(res.statusCode).toBe(429);
      expect(res.headers["retry-after"]).toBe("1");
    } finally {
      await busy.cleanup();
    }
  });
});
