import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { hashPassword } from "../../../src/core/access/password.js";
import type { Role } from "../../../src/core/access/user.js";
import { basic, testApp, type TestApp } from "../../support/app.js";
import { launchChromium } from "./chromium.js";
import { seedCustomers } from "./seed-customers.js";
import { ensureWebBuild } from "./web-build.js";

export const PASSWORD = "correct-horse-battery";
export const ADMIN = { email: "admin@marktkorb.test", name: "Alex Admin", role: "admin" } as const;
export const ANALYST = {
  email: "analyst@marktkorb.test",
  name: "Nora Analyst",
  role: "analyst",
} as const;

export interface E2E {
  /** The server's origin, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly app: TestApp;
  /** A fresh page in a fresh browser context (no cookies, no stored language). */
  page(): Promise<Page>;
  /** Logs the page's context in through the API, as the login form would. */
  loginAs(page: Page, user?: { email: string }): Promise<void>;
  /** Sends a tracking call with a source's write key, like an integration does. */
  track(key: string, path: string, call: Record<string, unknown>): Promise<Response>;
}

/**
 * One real server (fresh SQLite store, seeded sources, customers, an admin and an analyst)
 * and one Chromium per suite; a new browser context per test. Uncaught errors in the page
 * fail the test.
 */
export function useE2E(): E2E {
  let browser: Browser | undefined;
  let app: TestApp | undefined;
  let url = "";
  let context: BrowserContext | undefined;
  let pageErrors: string[] = [];

  beforeAll(async () => {
    const webDir = await ensureWebBuild();
    app = await testApp("sqlite", { webDir });
    const passwordHash = await hashPassword(PASSWORD);
    for (const user of [ADMIN, ANALYST]) {
      await app.store.users.create({ ...user, role: user.role as Role, passwordHash });
    }
    const src = {
      till: await sourceOf(app, "marktkorb-till"),
      shop: await sourceOf(app, "marktkorb-web"),
      wine: await sourceOf(app, "vinello-shop"),
    };
    await seedCustomers(app.store, src);
    url = await app.app.listen({ port: 0, host: "127.0.0.1" });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.cleanup();
  });

  beforeEach(() => {
    pageErrors = [];
  });

  afterEach(async () => {
    await context?.close();
    context = undefined;
    if (pageErrors.length > 0) throw new Error(`errors in the page:\n${pageErrors.join("\n")}`);
  });

  return {
    get url() {
      return url;
    },
    get app() {
      if (!app) throw new Error("the e2e server is not running");
      return app;
    },
    async page() {
      if (!browser) throw new Error("the browser is not running");
      await context?.close();
      context = await browser.newContext({
        baseURL: url,
        locale: "de-CH",
        timezoneId: "Europe/Zurich",
        viewport: { width: 1400, height: 900 },
      });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      page.on("pageerror", (error) => pageErrors.push(error.stack ?? error.message));
      return page;
    },
    async loginAs(page, user = ADMIN) {
      const response = await page.context().request.post(`${url}/api/auth/login`, {
        data: { email: user.email, password: PASSWORD },
      });
      if (!response.ok())
        throw new Error(`login failed: ${response.status()} ${await response.text()}`);
    },
    track(key, path, call) {
      return fetch(`${url}${path}`, {
        method: "POST",
        headers: { authorization: basic(key), "content-type": "application/json" },
        body: JSON.stringify(call),
      });
    },
  };
}

async function sourceOf(app: TestApp, id: string) {
  const source = await app.store.sources.getSource(id);
  if (!source) throw new Error(`seed source ${id} is missing`);
  return source;
}
