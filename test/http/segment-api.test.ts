import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loginAs, testApp, type TestApp } from "../support/app.js";
import { engines } from "../support/databases.js";
import { event } from "../support/world.js";

const wineLovers = {
  name: "Weinliebhaber",
  description: "Zwei Weinkäufe in 90 Tagen",
  rule: {
    conditions: [
      {
        type: "performed",
        event: "Order Completed",
        where: [{ type: "event", path: "properties.products[].category", op: "eq", value: "wine" }],
        within: { days: 90 },
        count: { op: "gte", value: 2 },
      },
    ],
  },
};

describe.each(await engines())("segment API on %s", (engine) => {
  let t: TestApp;
  let admin: string;
  beforeEach(async () => {
    t = await testApp(engine);
    admin = await loginAs(t, "admin");
    const src = (await t.store.sources.listSources()).find((s) => s.id === "marktkorb-web");
    if (!src) throw new Error("no shop source");
    const now = Date.now();
    const order = (user: string, id: string, category: string, at: number) =>
      event(
        src,
        {
          type: "track",
          userId: user,
          event: "Order Completed",
          timestamp: new Date(at).toISOString(),
          properties: { order_id: id, products: [{ category }] },
        },
        at,
      );
    await t.store.ingest.ingest([
      order("anna", "A1", "wine", now - 5000),
      order("anna", "A2", "wine", now - 4000),
      order("ben", "B1", "wine", now - 3000),
    ]);
  });
  afterEach(() => t.cleanup());

  const api = (
    method: "GET" | "POST" | "PUT" | "DELETE",
    url: string,
    payload?: unknown,
    token = admin,
  ) =>
    t.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  it("creates, previews, builds and lists a segment with its members", async () => {
    const preview = await api("POST", "/api/segments/preview", { rule: wineLovers.rule });
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({ matched: 1, scanned: 2, total: 2 });
    const created = await api("PUT", "/api/segments/wine-lovers?build=true", wineLovers);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ members: 1, created: true, ruleChanged: true });
    expect(created.json().builtAt).toEqual(expect.any(Number));
    const again = await api("PUT", "/api/segments/wine-lovers", { ...wineLovers, name: "Wein" });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ created: false, ruleChanged: false, members: 1 });
    const list = await api("GET", "/api/segments");
    expect(list.json().map((s: { definition: { id: string } }) => s.definition.id)).toEqual([
      "wine-lovers",
    ]);
    const members = (await api("GET", "/api/segments/wine-lovers/members")).json();
    expect(members.total).toBe(1);
    const anna = await t.store.profiles.findByIdentifier({ type: "user_id", value: "anna" });
    expect(members.members[0].profileId).toBe(anna);
    expect((await api("GET", `/api/customers/${anna}/segments`)).json()).toEqual([
      { id: "wine-lovers", name: "Wein", since: expect.any(Number) },
    ]);
    expect((await api("GET", "/api/customers/nobody/segments")).statusCode).toBe(404);
    const one = (await api("GET", "/api/segments/wine-lovers")).json();
    expect(one).toMatchObject({ members: 1, journeys: [], trend: [] });
  });

  it("refuses wrong rules with the place of the problem, hostile ids, and analysts' writes", async () => {
    const badOp = await api("PUT", "/api/segments/s1", {
      name: "x",
      rule: { conditions: [{ type: "trait", path: "a", op: "like", value: 1 }] },
    });
    expect(badOp.statusCode).toBe(400);
    expect(badOp.json().error.path).toBe("body.rule.conditions.0.op");
    const wrongType = await api("PUT", "/api/segments/s1", { name: 42, rule: wineLovers.rule });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error.path).toBe("body.name");
    const mismatch = await api("PUT", "/api/segments/s1", { ...wineLovers, id: "s2" });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json().error.path).toBe("body.id");
    expect((await api("PUT", "/api/segments/..%2Fetc", wineLovers)).statusCode).toBe(400);
    const tooMany = await api("PUT", "/api/segments/s1", {
      name: "x",
      rule: {
        conditions: Array.from({ length: 51 }, () => ({ type: "trait", path: "a", op: "exists" })),
      },
    });
    expect(tooMany.statusCode).toBe(400);
    const badPreview = await api("POST", "/api/segments/preview", { rule: { conditions: "x" } });
    expect(badPreview.statusCode).toBe(400);
    expect(badPreview.json().error.path).toBe("body.rule.conditions");
    const huge = await api("PUT", "/api/segments/s1", {
      ...wineLovers,
      description: "x".repeat(3000),
    });
    expect(huge.statusCode).toBe(400);
    const analyst = await loginAs(t, "analyst");
    expect((await api("PUT", "/api/segments/s1", wineLovers, analyst)).statusCode).toBe(403);
    expect((await api("GET", "/api/segments", undefined, analyst)).statusCode).toBe(200);
    expect((await api("GET", "/api/segments/nope")).statusCode).toBe(404);
    expect((await api("POST", "/api/segments/nope/build")).statusCode).toBe(404);
    expect((await api("GET", "/api/segments")).json()).toEqual([]);
  });

  it("a journey may name only existing segments, and a used segment cannot be deleted", async () => {
    const journey = {
      id: "welcome",
      version: 1,
      name: "Welcome",
      entry: { type: "segment", segmentId: "wine-lovers", on: "enter" },
      start: "end",
      steps: { end: { type: "exit" } },
    };
    const refused = await api("POST", "/api/journeys", journey);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({
      path: "body.entry",
      message: 'body.entry: no segment "wine-lovers"',
    });
    await api("PUT", "/api/segments/wine-lovers", wineLovers);
    expect((await api("POST", "/api/journeys", journey)).statusCode).toBe(201);
    const blocked = await api("DELETE", "/api/segments/wine-lovers");
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().error.message).toContain('"welcome"');
    await api("POST", "/api/journeys/welcome/status", { status: "archived" });
    expect((await api("DELETE", "/api/segments/wine-lovers")).json()).toEqual({
      deleted: "wine-lovers",
    });
    expect((await api("GET", "/api/segments/wine-lovers")).statusCode).toBe(404);
  });
});
