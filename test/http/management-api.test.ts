import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hashPassword } from "../../src/core/access/password.js";
import { basic, loginAs, testApp, type TestApp } from "../support/app.js";
import { engines } from "../support/databases.js";

describe.each(await engines())("management API on %s", (engine) => {
  let t: TestApp;
  let admin: string;
  beforeEach(async () => {
    t = await testApp(engine);
    admin = await loginAs(t, "admin");
  });
  afterEach(() => t.cleanup());

  const api = (
    method: "GET" | "POST" | "PUT" | "DELETE",
    url: string,
    token = admin,
    payload?: unknown,
  ) =>
    t.app.inject({
      method,
      url,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const track = (key: string, call: Record<string, unknown>) =>
    t.app.inject({
      method: "POST",
      url: "/v1/identify",
      headers: { authorization: basic(key) },
      payload: call,
    });

  it("health and OpenAPI are served; the OpenAPI document lists every route with schemas", async () => {
    expect((await t.app.inject({ url: "/health" })).json()).toMatchObject({ status: "ok", engine });
    const doc = (await t.app.inject({ url: "/api/openapi.json" })).json();
    expect(doc.openapi).toBe("3.0.3");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/v1/batch", "/v1/track", "/api/customers/{id}", "/api/sources"]),
    );
    expect(
      doc.paths["/api/sources"].post.requestBody.content["application/json"].schema.properties
        .channel.enum,
    ).toContain("review_portal");
  });

  it("login: wrong password is 401, missing fields 400, a session cookie works", async () => {
    await t.store.users.create({
      email: "ana@example.test",
      name: "Ana",
      role: "analyst",
      passwordHash: await hashPassword("secret-pass"),
    });
    const wrong = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: "ana@example.test", password: "nope" },
    });
    expect(wrong.statusCode).toBe(401);
    const missing = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: "ana@example.test" },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.path).toBe("body.password");
    const ok = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: "ANA@example.test", password: "secret-pass" },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().token).toBeUndefined();
    const cookie = String(ok.headers["set-cookie"]).split(";")[0] as string;
    expect(cookie).toMatch(/^cxloop_session=/);
    const me = await t.app.inject({ url: "/api/auth/me", headers: { cookie } });
    expect(me.json()).toMatchObject({ email: "ana@example.test", role: "analyst" });
    await t.app.inject({ method: "POST", url: "/api/auth/logout", headers: { cookie } });
    expect((await t.app.inject({ url: "/api/auth/me", headers: { cookie } })).statusCode).toBe(401);
  });

  it("roles: an analyst reads customers but cannot create sources or erase; no session is 401", async () => {
    const analyst = await loginAs(t, "analyst");
    expect((await api("GET", "/api/customers", analyst)).statusCode).toBe(200);
    const create = await api("POST", "/api/sources", analyst, {
      id: "x",
      name: "X",
      brandId: "marktkorb",
      channel: "web",
    });
    expect(create.statusCode).toBe(403);
    expect(create.json().error.code).toBe("forbidden");
    expect((await api("GET", "/api/customers", "")).statusCode).toBe(401);
    expect((await api("GET", "/api/customers", "forged-token")).statusCode).toBe(401);
    const mangled = await t.app.inject({
      url: "/api/auth/me",
      headers: { cookie: "cxloop_session=%" },
    });
    expect(mangled.statusCode).toBe(401);
  });

  it("sources and write keys: create, use, revoke; bad input is a 400 naming the field", async () => {
    const bad = await api("POST", "/api/sources", admin, {
      id: "Bad Id!",
      name: "",
      brandId: "marktkorb",
      channel: "fax",
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(["body.id", "body.name", "body.channel"]),
    );
    const unknownBrand = await api("POST", "/api/sources", admin, {
      id: "fb",
      name: "Facebook",
      brandId: "nope",
      channel: "social",
    });
    expect(unknownBrand.statusCode).toBe(400);
    const extra = await api("POST", "/api/sources", admin, {
      id: "fb",
      name: "Facebook",
      brandId: "marktkorb",
      channel: "social",
      admin: true,
    });
    expect(extra.statusCode).toBe(400);
    const created = await api("POST", "/api/sources", admin, {
      id: "fb",
      name: "Facebook",
      brandId: "marktkorb",
      channel: "social",
    });
    expect(created.statusCode).toBe(201);
    const duplicate = await api("POST", "/api/sources", admin, {
      id: "fb",
      name: "Facebook",
      brandId: "marktkorb",
      channel: "social",
    });
    expect(duplicate.statusCode).toBe(409);
    const key = await api("POST", "/api/sources/fb/keys");
    expect(key.statusCode).toBe(201);
    const { key: secret, info } = key.json();
    expect((await track(secret, { userId: "fb-user" })).statusCode).toBe(200);
    const listed = await api("GET", "/api/sources/fb/keys");
    expect(JSON.stringify(listed.json())).not.toContain(secret);
    expect((await api("POST", `/api/keys/${info.id}/revoke`)).json().revokedAt).toBeTypeOf(
      "number",
    );
    expect((await api("POST", "/api/sources/nope/keys")).statusCode).toBe(404);
  });

  it("customer search, 360 view, timeline; unknown ids are 404", async () => {
    await track(t.keys.shop, {
      userId: "c-1",
      traits: { firstName: "Jürg", lastName: "Zürcher", email: "juerg@example.ch" },
    });
    const found = (await api("GET", "/api/customers?q=zürcher")).json();
    expect(found).toHaveLength(1);
    expect((await api("GET", "/api/customers?q=z%C3%BCrcher%20j%C3%BCrg")).json()[0].id).toBe(
      found[0].id,
    );
    expect(found[0].lastSeenAt).toBeTypeOf("number");
    await track(t.keys.shop, { anonymousId: "anon-only-7", traits: { facebook: "j.z.fan" } });
    const anon = (await api("GET", "/api/customers?q=anon-only-7")).json();
    expect(anon).toHaveLength(1);
    expect((await api("GET", "/api/customers?q=facebook%3Aj.z.fan")).json()[0].id).toBe(anon[0].id);
    const byEmail = (await api("GET", "/api/customers?q=JUERG@example")).json();
    expect(byEmail[0].id).toBe(found[0].id);
    expect((await api("GET", "/api/customers?q=%25")).json()).toHaveLength(0);
    await track(t.keys.till, {
      userId: "c-1",
      traits: { loyaltyCard: "2501 0815 4711", phone: "+41795550123" },
    });
    for (const q of ["2501 0815 4711", "2501-0815-4711", "079 555 01 23", "+41 79 555 01 23"]) {
      const hits = (await api("GET", `/api/customers?q=${encodeURIComponent(q)}`)).json();
      expect(
        hits.map((h: { id: string }) => h.id),
        q,
      ).toEqual([found[0].id]);
    }
    const view = (await api("GET", `/api/customers/${found[0].id}`)).json();
    expect(view.displayName).toBe("Jürg Zürcher");
    const timeline = (await api("GET", `/api/customers/${found[0].id}/events`)).json();
    expect(timeline.map((e: { channel: string }) => e.channel)).toEqual(["store", "web"]);
    expect((await api("GET", "/api/customers/prf_nope")).statusCode).toBe(404);
    expect((await api("GET", "/api/customers?limit=abc")).statusCode).toBe(400);
    const lookup = await api("GET", "/api/customers/lookup?type=email&value=JUERG@example.ch");
    expect(lookup.json().profileId).toBe(found[0].id);
  });

  it("consent set by API keeps history; a wrong purpose is a 400", async () => {
    await track(t.keys.wine, { userId: "c-2", traits: { consents: { email_marketing: true } } });
    const id = await t.store.profiles.findByIdentifier({ type: "user_id", value: "c-2" });
    const revoked = await api("PUT", `/api/customers/${id}/consents`, admin, {
      brandId: "vinello",
      purpose: "email_marketing",
      status: "revoked",
    });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toEqual([
      expect.objectContaining({
        brandId: "vinello",
        purpose: "email_marketing",
        status: "revoked",
      }),
    ]);
    const view = (await api("GET", `/api/customers/${id}`)).json();
    expect(view.consentHistory.map((h: { status: string }) => h.status)).toEqual([
      "revoked",
      "granted",
    ]);
    const bad = await api("PUT", `/api/customers/${id}/consents`, admin, {
      brandId: "vinello",
      purpose: "spam",
      status: "granted",
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.path).toBe("body.purpose");
  });

  it("export holds everything; erasure removes the person and keeps old data from bringing them back", async () => {
    await track(t.keys.shop, {
      userId: "gone",
      anonymousId: "anon-gone",
      traits: { email: "gone@example.ch", loyaltyCard: "44445555" },
    });
    await track(t.keys.till, { anonymousId: "till-x", traits: { loyaltyCard: "44445555" } });
    const id = await t.store.profiles.findByIdentifier({ type: "email", value: "gone@example.ch" });
    const exported = (await api("GET", `/api/customers/${id}/export`)).json();
    expect(exported.events).toHaveLength(2);
    expect(exported.profile.identifiers.length).toBeGreaterThanOrEqual(4);
    const erased = await api("DELETE", `/api/customers/${id}`);
    expect(erased.json()).toMatchObject({ events: 2 });
    expect((await api("GET", `/api/customers/${id}`)).statusCode).toBe(404);
    // an old till export naming the same card is suppressed, not resurrecting the person
    const replay = await t.app.inject({
      method: "POST",
      url: "/v1/batch",
      headers: { authorization: basic(t.keys.till) },
      payload: {
        batch: [
          {
            type: "track",
            event: "Order Completed",
            anonymousId: "r-1",
            context: { traits: { loyaltyCard: "4444 5555" } },
          },
        ],
      },
    });
    expect(replay.statusCode).toBe(200);
    expect(
      await t.store.profiles.findByIdentifier({ type: "loyalty_card", value: "44445555" }),
    ).toBeUndefined();
    expect((await t.store.profiles.count()).events).toBe(0);
  });

  it("a merge shown in the 360 view can be undone through the API", async () => {
    await track(t.keys.shop, { anonymousId: "m1", traits: { email: "m@example.ch" } });
    await track(t.keys.till, { anonymousId: "m2", traits: { loyaltyCard: "12121212" } });
    await track(t.keys.shop, {
      anonymousId: "m3",
      traits: { email: "m@example.ch", loyaltyCard: "12121212" },
    });
    const id = await t.store.profiles.findByIdentifier({ type: "email", value: "m@example.ch" });
    const view = (await api("GET", `/api/customers/${id}`)).json();
    expect(view.merges).toHaveLength(1);
    const undone = await api("POST", `/api/merges/${view.merges[0].id}/undo`);
    expect(undone.json().undoneAt).toBeTypeOf("number");
    expect((await api("POST", `/api/merges/${view.merges[0].id}/undo`)).statusCode).toBe(409);
  });

  it("the management API takes only application/json (no cross-site form posts)", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/brands",
      headers: { authorization: `Bearer ${admin}`, "content-type": "text/plain" },
      payload: JSON.stringify({ id: "x", name: "X" }),
    });
    expect(res.statusCode).toBe(415);
  });

  it("unknown API routes answer JSON 404", async () => {
    const res = await api("GET", "/api/nothing-here");
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe("not_found");
  });
});
