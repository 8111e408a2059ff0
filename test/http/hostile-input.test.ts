import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginAs, testApp, type TestApp } from "../support/app.js";

/**
 * Every documented route, fed malformed, oversized, wrongly typed and hostile input: the
 * answer is always a 4xx with a JSON error, never a 500, and nothing is written.
 */
describe("every API route under hostile input", () => {
  let t: TestApp;
  let token: string;
  let routes: { method: string; path: string; body: boolean }[];

  beforeAll(async () => {
    t = await testApp("sqlite");
    token = await loginAs(t, "admin");
    const doc = (await t.app.inject({ url: "/api/openapi.json" })).json() as {
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    };
    routes = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        body: op.requestBody !== undefined,
      })),
    );
  });
  afterAll(() => t.cleanup());

  const concrete = (path: string, id = "x") => path.replace(/\{[^}]+\}/g, encodeURIComponent(id));
  const send = (method: string, url: string, payload?: string, contentType = "application/json") =>
    t.app.inject({
      method: method as "POST",
      url,
      headers: {
        authorization: url.startsWith("/v1/")
          ? `Basic ${Buffer.from(`${t.keys.shop}:`).toString("base64")}`
          : `Bearer ${token}`,
        "content-type": contentType,
      },
      ...(payload === undefined ? {} : { payload }),
    });

  function expectClientError(res: { statusCode: number; json: () => unknown }, what: string) {
    expect(res.statusCode, what).toBeGreaterThanOrEqual(400);
    expect(res.statusCode, what).toBeLessThan(500);
    expect(
      (res.json() as { error?: { code?: string; message?: string } }).error?.message,
      what,
    ).toBeTypeOf("string");
  }

  it("routes with a body reject malformed JSON, wrong types, arrays, oversized and poisoned bodies", async () => {
    const withBody = routes.filter((r) => r.body);
    expect(withBody.length).toBeGreaterThan(8);
    for (const r of withBody) {
      const url = concrete(r.path);
      const label = `${r.method} ${r.path}`;
      expectClientError(await send(r.method, url, '{"a": '), `${label} malformed`);
      expectClientError(await send(r.method, url, "[1,2,3]"), `${label} array`);
      expectClientError(await send(r.method, url, '"just a string"'), `${label} string`);
      expectClientError(
        await send(
          r.method,
          url,
          JSON.stringify({
            id: 42,
            name: ["x"],
            userId: { $gt: "" },
            event: 7,
            email: true,
            batch: "no",
          }),
        ),
        `${label} wrong types`,
      );
      expectClientError(
        await send(r.method, url, JSON.stringify({ pad: "z".repeat(2 * 1024 * 1024) })),
        `${label} oversized`,
      );
      expectClientError(
        await send(
          r.method,
          url,
          '{"__proto__": {"isAdmin": true}, "constructor": {"prototype": {"x": 1}}}',
        ),
        `${label} poisoned`,
      );
    }
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect((await t.store.profiles.count()).events).toBe(0);
  });

  it("routes with ids reject absurd ids and answer 404 for unknown ones", async () => {
    for (const r of routes.filter((x) => x.path.includes("{"))) {
      const label = `${r.method} ${r.path}`;
      const body = r.body
        ? JSON.stringify({ brandId: "marktkorb", purpose: "analytics", status: "granted" })
        : undefined;
      expectClientError(
        await send(r.method, concrete(r.path, "i".repeat(5000)), body),
        `${label} long id`,
      );
      expectClientError(
        await send(r.method, concrete(r.path, "../../etc/passwd"), body),
        `${label} traversal`,
      );
      expectClientError(
        await send(r.method, concrete(r.path, "' or 1=1 --"), body),
        `${label} sql`,
      );
    }
  });

  it("query parameters of the wrong type are a 400 naming the parameter", async () => {
    const res = await send("GET", "/api/customers?limit=lots");
    expect(res.statusCode).toBe(400);
    expect(res.json().error.path).toBe("query.limit");
    const events = await send("GET", "/api/events/recent?afterId=-5");
    expect(events.statusCode).toBe(400);
    const huge = await send("GET", `/api/customers?q=${"q".repeat(500)}`);
    expect(huge.statusCode).toBe(400);
  });

  it("duplicate creates are 409 and change nothing", async () => {
    const first = await send(
      "POST",
      "/api/brands",
      JSON.stringify({ id: "kochlust", name: "Kochlust" }),
    );
    expect(first.statusCode).toBe(201);
    const again = await send(
      "POST",
      "/api/brands",
      JSON.stringify({ id: "kochlust", name: "Other name" }),
    );
    expect(again.statusCode).toBe(409);
    expect((await t.store.sources.listBrands()).find((b) => b.id === "kochlust")?.name).toBe(
      "Kochlust",
    );
  });
});
