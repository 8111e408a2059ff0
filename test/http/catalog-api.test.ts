import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCatalogItems } from "../../src/demo/demo-catalogue-items.js";
import { PROSECCO_ID } from "../../src/demo/demo-catalogue.js";
import { loginAs, testApp, type TestApp } from "../support/app.js";
import { engines } from "../support/databases.js";

const catalogue = demoCatalogItems();

const recipe = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  kind: "recipe",
  brandId: "kochlust",
  pairsWith: ["prosecco"],
  locales: { de: { title: `Rezept ${id}` } },
  ...extra,
});

describe.each(await engines())("catalogue API on %s", (engine) => {
  let t: TestApp;
  let admin: string;
  let analyst: string;
  let agent: string;

  beforeAll(async () => {
    t = await testApp(engine);
    admin = await loginAs(t, "admin");
    analyst = await loginAs(t, "analyst");
    agent = await loginAs(t, "agent");
  });
  afterAll(() => t.cleanup());

  const api = (method: "GET" | "POST", url: string, token: string | undefined, payload?: unknown) =>
    t.app.inject({
      method,
      url,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(payload === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(payload === undefined
        ? {}
        : { payload: typeof payload === "string" ? payload : JSON.stringify(payload) }),
    });
  const allIds = async () => {
    const ids: string[] = [];
    let cursor = "";
    for (;;) {
      const page = (
        await api("GET", `/api/catalog/items?limit=500${cursor ? `&cursor=${cursor}` : ""}`, admin)
      ).json() as { items: { id: string }[]; nextCursor: string | null };
      ids.push(...page.items.map((i) => i.id));
      if (!page.nextCursor) return ids;
      cursor = page.nextCursor;
    }
  };

  it("an admin uploads the demo catalogue; anyone logged in lists it page by page", async () => {
    const res = await api("POST", "/api/catalog/items", admin, catalogue);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ inserted: catalogue.length, updated: 0 });
    const again = await api("POST", "/api/catalog/items", admin, catalogue.slice(0, 3));
    expect(again.json()).toEqual({ inserted: 0, updated: 3 });

    const first = await api("GET", "/api/catalog/items?kind=recipe&limit=20", agent);
    expect(first.statusCode).toBe(200);
    const page = first.json() as { items: { id: string; kind: string }[]; nextCursor: string };
    expect(page.items).toHaveLength(20);
    expect(page.items.every((i) => i.kind === "recipe")).toBe(true);
    const next = await api(
      "GET",
      `/api/catalog/items?kind=recipe&limit=20&cursor=${page.nextCursor}`,
      agent,
    );
    const second = next.json() as { items: { id: string }[] };
    expect((second.items[0]?.id ?? "") > (page.items.at(-1)?.id ?? "")).toBe(true);
    const wines = await api("GET", "/api/catalog/items?brandId=vinello&kind=product", agent);
    expect((wines.json() as { items: { brandId: string }[] }).items.length).toBeGreaterThan(5);

    const prosecco = await api("GET", `/api/catalog/items/${PROSECCO_ID}`, agent);
    expect(prosecco.statusCode).toBe(200);
    expect(prosecco.json()).toMatchObject({
      id: PROSECCO_ID,
      kind: "product",
      attributes: { style: "sparkling", grape: "glera" },
    });
    const missing = await api("GET", "/api/catalog/items/mk-wine-9999", agent);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe("not_found");
  });

  it("previews recommendations for analysts: sparkling recipes for the Prosecco, in the customer's language", async () => {
    const de = await api(
      "GET",
      `/api/catalog/recommend?itemId=${PROSECCO_ID}&kind=recipe&n=2&language=de`,
      analyst,
    );
    expect(de.statusCode).toBe(200);
    expect(de.json()).toMatchObject({
      itemId: PROSECCO_ID,
      language: "de",
      recommendations: [
        {
          id: "kl-123",
          title: "Prosecco-Zabaione mit Erdbeeren",
          matched: ["glera", "prosecco", "sparkling"],
        },
        { id: "kl-124", title: "Fritto misto di mare" },
      ],
    });
    const en = await api(
      "GET",
      `/api/catalog/recommend?itemId=${PROSECCO_ID}&n=2&language=en&exclude=kl-124,kl-999`,
      analyst,
    );
    expect(
      (en.json() as { recommendations: { id: string; title: string }[] }).recommendations,
    ).toMatchObject([{ id: "kl-125", title: "Prosecco risotto with lemon" }, { id: "kl-101" }]);
    expect((await api("GET", "/api/catalog/recommend?itemId=nope", analyst)).statusCode).toBe(404);
    expect(
      (await api("GET", `/api/catalog/recommend?itemId=${PROSECCO_ID}`, agent)).statusCode,
    ).toBe(403);
    expect(
      (await api("GET", `/api/catalog/recommend?itemId=${PROSECCO_ID}`, undefined)).statusCode,
    ).toBe(401);
    const badLanguage = await api(
      "GET",
      `/api/catalog/recommend?itemId=${PROSECCO_ID}&language=fr`,
      analyst,
    );
    expect(badLanguage.statusCode).toBe(400);
    expect(badLanguage.json().error.path).toBe("query.language");
  });

  it("only admins upload and rebuild; the rebuild answers with what it learnt", async () => {
    expect((await api("POST", "/api/catalog/items", analyst, [recipe("r-x")])).statusCode).toBe(
      403,
    );
    expect((await api("POST", "/api/catalog/learn", analyst)).statusCode).toBe(403);
    const learn = await api("POST", "/api/catalog/learn", admin);
    expect(learn.statusCode).toBe(200);
    expect(learn.json()).toEqual({ pairs: 0, contexts: 0 });
  });

  it("refuses a bad item with a 400 naming its index and field, and stores none of the batch", async () => {
    const before = await allIds();
    const cases: [string, unknown, string, RegExp?][] = [
      ["an object instead of a list", { items: [] }, "body"],
      ["an empty list", [], "body", /at least one item/],
      [
        "an empty title in item 3",
        [
          recipe("a-0"),
          recipe("a-1"),
          recipe("a-2"),
          recipe("a-3", { locales: { de: { title: "" } } }),
        ],
        "body.3.locales.de.title",
      ],
      ["a price as a string", [recipe("a-0", { price: "12.95" })], "body.0.price"],
      ["a tag that is a number", [recipe("a-0", { tags: [7] })], "body.0.tags.0"],
      ["an unknown field", [recipe("a-0", { $where: "1" })], "body.0"],
      [
        "a NUL in a title",
        [recipe("a-0", { locales: { de: { title: "Ape\u0000ro" } } })],
        "body.0.locales.de.title",
      ],
      [
        "a huge title",
        [recipe("a-0", { locales: { en: { title: "x".repeat(100_000) } } })],
        "body.0.locales.en.title",
      ],
      [
        "a constructor attribute",
        [recipe("a-0", { attributes: { constructor: "x" } })],
        "body.0.attributes.constructor",
      ],
      [
        "one id twice",
        [recipe("a-0"), recipe("a-1"), recipe("a-0")],
        "body.2.id",
        /duplicate id "a-0" \(also at index 0\)/,
      ],
      [
        "1,001 items",
        Array.from({ length: 1001 }, (_, i) => recipe(`b-${i}`)),
        "body",
        /at most 1000/,
      ],
    ];
    for (const [what, body, path, message] of cases) {
      const res = await api("POST", "/api/catalog/items", admin, body);
      expect(res.statusCode, what).toBe(400);
      const error = (res.json() as { error: { path: string; message: string } }).error;
      expect(error.path, what).toBe(path);
      expect(error.message, what).toContain(path);
      if (message) expect(error.message, what).toMatch(message);
    }
    expect(await allIds()).toEqual(before);
  });

  it("refuses poisoned and malformed JSON without touching any prototype", async () => {
    const poisoned = await api(
      "POST",
      "/api/catalog/items",
      admin,
      `[{"id":"p-1","kind":"recipe","brandId":"kochlust","locales":{"de":{"title":"t"}},"__proto__":{"isAdmin":true}}]`,
    );
    expect(poisoned.statusCode).toBe(400);
    const ctor = await api(
      "POST",
      "/api/catalog/items",
      admin,
      `[{"id":"p-1","kind":"recipe","brandId":"kochlust","locales":{"de":{"title":"t"}},"attributes":{"constructor":{"prototype":{"x":1}}}}]`,
    );
    expect(ctor.statusCode).toBe(400);
    expect((await api("POST", "/api/catalog/items", admin, "[{")).statusCode).toBe(400);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect((await api("GET", "/api/catalog/items/p-1", admin)).statusCode).toBe(404);
    const badQuery = await api("GET", "/api/catalog/items?limit=lots", admin);
    expect(badQuery.statusCode).toBe(400);
    expect(badQuery.json().error.path).toBe("query.limit");
    expect((await api("GET", "/api/catalog/items?kind=video", admin)).statusCode).toBe(400);
    expect(
      (await api("GET", `/api/catalog/items?cursor=${"c".repeat(500)}`, admin)).statusCode,
    ).toBe(400);
    expect((await api("GET", "/api/catalog/items/a%00b", admin)).statusCode).toBe(400);
  });

  it("takes a full batch of 1,000 long items in one request (over the default 1 MB body)", async () => {
    const items = Array.from({ length: 1000 }, (_, i) =>
      recipe(`big-${String(i).padStart(4, "0")}`, {
        locales: { de: { title: `Rezept ${i}`, summary: "Ein Rezept. ".repeat(150) } },
      }),
    );
    const body = JSON.stringify(items);
    expect(body.length).toBeGreaterThan(1024 * 1024);
    const res = await api("POST", "/api/catalog/items", admin, body);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ inserted: 1000, updated: 0 });
    expect((await allIds()).filter((id) => id.startsWith("big-"))).toHaveLength(1000);
  });
});
