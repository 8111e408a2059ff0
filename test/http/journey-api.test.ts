import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loginAs, testApp, type TestApp } from "../support/app.js";
import { engines } from "../support/databases.js";

const example = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../examples/journeys/${name}`, import.meta.url), "utf8"));

describe.each(await engines())("journey API on %s", (engine) => {
  let t: TestApp;
  let admin: string;
  beforeEach(async () => {
    t = await testApp(engine);
    admin = await loginAs(t, "admin");
  });
  afterEach(() => t.cleanup());

  const api = (method: "GET" | "POST", url: string, payload?: unknown, token = admin) =>
    t.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  it("saves versions, shows them, and publishes one", async () => {
    const definition = example("wine-recipes.json");
    expect((await api("POST", "/api/journeys", definition)).json()).toEqual({
      id: "wine-recipes",
      version: 1,
    });
    expect(
      (await api("POST", "/api/journeys", { ...definition, name: "Weinkauf v2" })).json(),
    ).toEqual({ id: "wine-recipes", version: 2 });
    expect((await api("GET", "/api/journeys/wine-recipes/versions/2")).json().name).toBe(
      "Weinkauf v2",
    );
    expect((await api("GET", "/api/journeys/wine-recipes/versions/9")).statusCode).toBe(404);
    const published = await api("POST", "/api/journeys/wine-recipes/status", {
      status: "published",
      version: 1,
    });
    expect(published.json()).toMatchObject({ status: "published", publishedVersion: 1 });
    expect((await api("POST", "/api/journeys/nope/status", { status: "paused" })).statusCode).toBe(
      404,
    );
  });

  it("refuses a broken definition with the place of the problem, and analysts cannot save", async () => {
    const definition = example("wine-recipes.json");
    const broken = await api("POST", "/api/journeys", { ...definition, start: "nowhere" });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.message).toContain('start: no step "nowhere"');
    const analyst = await loginAs(t, "analyst");
    expect((await api("POST", "/api/journeys", definition, analyst)).statusCode).toBe(403);
  });

  it("simulates the seed 000 journey: one email at 9:00 next morning for the customer with consent", async () => {
    const script = example("wine-recipes.script.json");
    const res = await api("POST", "/api/journeys/simulate", {
      definition: example("wine-recipes.json"),
      ...script,
    });
    expect(res.statusCode).toBe(200);
    const sends = res.json().filter((e: { what: string }) => e.what === "send");
    expect(sends).toEqual([
      {
        at: "2026-05-05T07:00:00.000Z",
        customerId: "marco",
        runId: "marco#1",
        what: "send",
        detail: "email vinello/recipes-for-your-wine",
      },
    ]);
    const bad = await api("POST", "/api/journeys/simulate", {
      definition: example("wine-recipes.json"),
      ...script,
      events: [{ at: "soon", customerId: "x", name: "A" }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.path).toBe("body.events.0.at");
  });
});
