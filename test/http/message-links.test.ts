import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.js";
import { engines } from "../support/databases.js";

/** The public message links under hostile input: never a 5xx, never a redirect elsewhere. */
describe.each(await engines())("message links under hostile input on %s", (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(engine);
  });
  afterAll(() => t.cleanup());

  const tokens = [
    "x",
    "not.a.token",
    "a".repeat(5000),
    "%00%00",
    "..%2F..%2Fetc%2Fpasswd",
    Buffer.from("run_x:mail:v1").toString("base64url") + ".AAAAAAAAAAAAAAAAAAAAAA",
    "💥.💥",
  ];

  it("unknown, forged, oversized and strange tokens change nothing and answer 4xx (or the pixel)", async () => {
    for (const token of tokens) {
      const url = (prefix: string) => `/${prefix}/${encodeURIComponent(token)}`;
      for (const method of ["GET", "POST"] as const) {
        const res = await t.app.inject({ method, url: url("u") });
        expect(res.statusCode, `${method} /u/${token.slice(0, 20)}`).toBeGreaterThanOrEqual(400);
        expect(res.statusCode).toBeLessThan(500);
      }
      const pixel = await t.app.inject({ method: "GET", url: url("o") });
      expect([200, 400]).toContain(pixel.statusCode);
      const click = await t.app.inject({
        method: "GET",
        url: `${url("c")}?u=${encodeURIComponent("javascript:alert(1)")}&s=x`,
      });
      expect(click.statusCode).toBeGreaterThanOrEqual(400);
      expect(click.statusCode).toBeLessThan(500);
      expect(click.headers.location).toBeUndefined();
    }
    const arrayQuery = await t.app.inject({ method: "GET", url: "/c/x?u=a&u=b&s[]=1" });
    expect(arrayQuery.statusCode).toBe(404);
  });
});
