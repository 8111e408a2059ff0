import { describe, expect, it } from "vitest";
import { browserAvailable } from "./support/chromium.js";
import { ADMIN, PASSWORD, useE2E } from "./support/e2e-env.js";

describe.skipIf(!browserAvailable())("web app: login, language, logout", () => {
  const e2e = useE2E();

  it("a wrong password shows the error and stays on the login page", async () => {
    const page = await e2e.page();
    await page.goto("/");
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel("E-Mail").fill(ADMIN.email);
    await page.getByLabel("Passwort").fill("not-the-password");
    await page.getByRole("button", { name: "Anmelden" }).click();
    await page.getByRole("alert").filter({ hasText: "E-Mail oder Passwort ist falsch." }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(await page.getByLabel("Passwort").inputValue()).toBe("not-the-password");
  });

  it("the right password lands on the customer search, showing the user's name and role", async () => {
    const page = await e2e.page();
    await page.goto("/login");
    await page.getByLabel("E-Mail").fill(ADMIN.email);
    await page.getByLabel("Passwort").fill(PASSWORD);
    await page.getByRole("button", { name: "Anmelden" }).click();
    await page.waitForURL((url) => url.pathname === "/customers");
    await page.getByRole("heading", { name: "Kunden", level: 1 }).waitFor();
    const user = page.getByTestId("current-user");
    expect(await user.textContent()).toContain(ADMIN.name);
    expect(await user.textContent()).toContain("Administrator:in");
  });

  it("a logged-out visitor of a customer's page logs in and lands on that page", async () => {
    const profileId = await e2e.app.store.profiles.findByIdentifier({
      type: "email",
      value: "anna.muster@example.ch",
    });
    const page = await e2e.page();
    await page.goto(`/customers/${profileId}`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel("E-Mail").fill(ADMIN.email);
    await page.getByLabel("Passwort").fill(PASSWORD);
    await page.getByRole("button", { name: "Anmelden" }).click();
    await page.waitForURL((url) => url.pathname === `/customers/${profileId}`);
    await page.getByRole("heading", { name: "Anna Muster", level: 1 }).waitFor();
  });

  it("switching to English changes the labels, survives a reload, and logout returns to the login", async () => {
    const page = await e2e.page();
    await e2e.loginAs(page);
    await page.goto("/customers");
    await page.getByRole("heading", { name: "Kunden", level: 1 }).waitFor();
    await page.getByRole("link", { name: "Live-Ereignisse" }).waitFor();

    await page.getByRole("button", { name: "EN", exact: true }).click();
    await page.getByRole("heading", { name: "Customers", level: 1 }).waitFor();
    const nav = page.getByRole("navigation", { name: "Main navigation" });
    expect(await nav.getByRole("link").allTextContents()).toEqual([
      "Customers",
      "Live events",
      "Segments",
      "Journeys",
      "Outbox",
      "Templates",
      "Sources",
    ]);
    expect(await page.getByRole("searchbox").getAttribute("placeholder")).toBe(
      "Name, email, phone, loyalty card or user id",
    );
    await page.getByRole("columnheader", { name: "Last update" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");

    await page.reload();
    await page.getByRole("heading", { name: "Customers", level: 1 }).waitFor();
    expect(await page.getByTestId("current-user").textContent()).toContain("Administrator");

    await page.getByRole("button", { name: "Log out" }).click();
    await page.waitForURL(/\/login/);
    await page.getByRole("heading", { name: "Log in" }).waitFor();
    const me = await page.context().request.get(`${e2e.url}/api/auth/me`);
    expect(me.status()).toBe(401);
  });
});
