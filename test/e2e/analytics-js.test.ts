import { createReadStream, existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { fileURLToPath } from "node:url";
import { join, normalize } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.js";
import { browserAvailable, launchChromium } from "./support/chromium.js";

const umd = fileURLToPath(
  new URL("../../node_modules/@segment/analytics-next/dist/umd/", import.meta.url),
);

/**
 * The browser's analytics.js (Segment's @segment/analytics-next, unchanged) on a shop page of
 * another origin, pointed at cxloop: its calls arrive on the right profile.
 */
describe.skipIf(!browserAvailable())("analytics.js in a browser against cxloop", () => {
  let t: TestApp;
  let api: string;
  let shop: Server;
  let shopUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    t = await testApp("sqlite");
    api = await t.app.listen({ port: 0, host: "127.0.0.1" });
    shop = createServer((req, res) => {
      const path = (req.url ?? "/").split("?")[0] as string;
      if (path === "/") {
        res.setHeader("content-type", "text/html");
        res.end(
          '<!doctype html><html><head><script src="/ajs/index.js"></script></head><body>Weinshop</body></html>',
        );
        return;
      }
      const file = normalize(join(umd, path.replace(/^\/ajs\//, "")));
      if (!file.startsWith(umd) || !existsSync(file)) {
        res.statusCode = 404;
        res.end();
        return;
      }
      res.setHeader("content-type", "application/javascript");
      createReadStream(file).pipe(res);
    });
    await new Promise<void>((resolve) => shop.listen(0, "127.0.0.1", resolve));
    const address = shop.address();
    shopUrl = `http://localhost:${typeof address === "object" && address ? address.port : 0}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => shop?.close(resolve));
    await t?.cleanup();
  });

  it("identify, track and page from the shop arrive on one profile with channel web", async () => {
    const page = await browser.newPage();
    await page.goto(shopUrl);
    const host = api.replace(/^http:\/\//, "");
    await page.evaluate(
      async ({ writeKey, host, shopUrl }) => {
        const { AnalyticsBrowser } = (
          window as unknown as {
            AnalyticsNext: { AnalyticsBrowser: { load: (...a: unknown[]) => Promise<unknown[]> } };
          }
        ).AnalyticsNext;
        const settings = {
          integrations: {
            "Segment.io": { apiKey: writeKey, apiHost: `${host}/v1`, protocol: "http" },
          },
        };
        const [analytics] = (await AnalyticsBrowser.load(
          { writeKey, cdnURL: `${shopUrl}/ajs`, cdnSettings: settings },
          { integrations: { "Segment.io": { apiHost: `${host}/v1`, protocol: "http" } } },
        )) as [
          {
            identify: (...a: unknown[]) => Promise<unknown>;
            track: (...a: unknown[]) => Promise<unknown>;
            page: (...a: unknown[]) => Promise<unknown>;
          },
        ];
        await analytics.page("Weinwelt");
        await analytics.track("Product Viewed", { sku: "mk-wine-1001", name: "Bio Prosecco DOC" });
        await analytics.identify("web-user-77", {
          email: "Sandra.Keller@Example.ch",
          firstName: "Sandra",
        });
      },
      { writeKey: t.keys.shop, host, shopUrl },
    );
    let profileId: string | undefined;
    for (let i = 0; i < 100 && !profileId; i++) {
      profileId = await t.store.profiles.findByIdentifier({
        type: "email",
        value: "sandra.keller@example.ch",
      });
      if (!profileId) await new Promise((r) => setTimeout(r, 100));
    }
    expect(profileId).toBeDefined();
    let events = (await t.store.profiles.events(profileId as string)) ?? [];
    for (let i = 0; i < 100 && events.length < 3; i++) {
      await new Promise((r) => setTimeout(r, 100));
      events = (await t.store.profiles.events(profileId as string)) ?? [];
    }
    expect(events.map((e) => e.name).sort()).toEqual(["Product Viewed", "Weinwelt", "identify"]);
    expect(events.every((e) => e.channel === "web" && e.brandId === "marktkorb")).toBe(true);
    await page.close();
  });
});
