import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ADMIN } from "../../src/demo/demo-credentials.js";
import { MARCO_FRITSCHE } from "../../src/demo/demo-customers.js";
import { loadDemoWorld } from "../../src/demo/load-demo-world.js";
import { buildApp } from "../../src/http/build-app.js";
import type { FastifyInstance } from "fastify";
import { freshStore } from "../support/databases.js";
import { browserAvailable, launchChromium } from "./support/chromium.js";
import { ensureWebBuild } from "./support/web-build.js";

/** The quick start's promise: log in with the printed demo login, find a demo customer, see his 360° view. */
describe.skipIf(!browserAvailable())("web app on the demo world", () => {
  let browser: Browser;
  let app: FastifyInstance;
  let url: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const webDir = await ensureWebBuild();
    const fresh = await freshStore("sqlite");
    cleanup = fresh.cleanup;
    await loadDemoWorld(fresh.store, { customers: 80, days: 30 });
    app = await buildApp({
      store: fresh.store,
      phoneRegion: "CH",
      sessionTtlHours: 1,
      maxPendingIngests: 64,
      logLevel: "silent",
      version: "test",
      webDir,
    });
    url = await app.listen({ port: 0, host: "127.0.0.1" });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await cleanup?.();
  });

  it("logs in as the demo admin, finds Marco Fritsche and sees his till purchase with the Prosecco", async () => {
    const context = await browser.newContext({ baseURL: url });
    const page = await context.newPage();
    await page.goto("/");
    await page.getByLabel("E-Mail").fill(DEMO_ADMIN.email);
    await page.getByLabel("Passwort").fill(DEMO_ADMIN.password);
    await page.getByRole("button", { name: "Anmelden" }).click();
    await page.waitForURL((u) => u.pathname === "/customers");
    await page.getByRole("searchbox", { name: "Kunden suchen" }).fill("fritsche");
    const row = page
      .getByTestId("customer-results")
      .locator("tbody tr")
      .filter({ hasText: "Marco Fritsche" });
    await row.waitFor();
    expect(await row.textContent()).toContain(MARCO_FRITSCHE.email);
    await row.getByText("Marco Fritsche").click();
    await page.getByRole("heading", { name: "Marco Fritsche", level: 1 }).waitFor();
    const timeline = page.locator('[data-panel="timeline"]');
    const purchase = timeline
      .locator("li.touchpoint")
      .filter({ hasText: /Prosecco/ })
      .first();
    await purchase.waitFor();
    expect(await purchase.textContent()).toMatch(/Marktkorb/);
    await context.close();
  });
});
