import type { Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { JourneyWorker } from "../../src/journeys/journey-worker.js";
import { browserAvailable } from "./support/chromium.js";
import { useE2E } from "./support/e2e-env.js";

describe.skipIf(!browserAvailable())("web app: journeys", () => {
  const e2e = useE2E();
  let worker: JourneyWorker | undefined;

  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
  });

  /** Starts a new journey in the editor: name, id and the entry event, in German. */
  const newJourney = async (page: Page, id: string, name: string, event: string) => {
    await page.goto("/journeys");
    await page.getByRole("link", { name: "Neue Journey" }).click();
    await page.waitForURL((url) => url.pathname === "/journeys/new");
    const entry = page.getByTestId("entry-form");
    await entry.getByLabel("Name", { exact: true }).fill(name);
    await entry.getByLabel("ID", { exact: true }).fill(id);
    await entry.getByLabel("Ereignis", { exact: true }).fill(event);
  };

  /** Adds a step from the palette; a selected step's open output leads to it. */
  const addStep = (page: Page, label: string) =>
    page
      .getByRole("navigation", { name: "Schritte" })
      .getByRole("button", { name: label, exact: true })
      .click();

  it("an admin builds, saves and publishes a journey; a tracked sign-up is counted in it", async () => {
    const page = await e2e.page();
    await e2e.loginAs(page);
    await newJourney(page, "welcome", "Willkommen", "Signed Up");

    await addStep(page, "Nachricht senden");
    await page.getByTestId("step-send-1").waitFor();
    const form = page.getByTestId("step-form");
    await form.getByRole("combobox", { name: /^Marke/ }).selectOption("marktkorb");
    await form.getByLabel("Vorlage", { exact: true }).fill("welcome-mail");
    // With the send step selected, the exit step hangs on its "next" output.
    await addStep(page, "Ende");
    await page.getByTestId("step-exit-1").waitFor();
    await page.getByTestId("step-send-1").click();
    expect(await form.locator('select[data-output="next"]').inputValue()).toBe("exit-1");
    expect(await page.locator(".react-flow__edge").count()).toBe(2);
    expect(await page.getByTestId("step-send-1").textContent()).toContain("marktkorb/welcome-mail");

    await page.getByRole("button", { name: "Als neue Version speichern" }).click();
    await page.waitForURL((url) => url.pathname === "/journeys/welcome");
    await page.getByRole("status").filter({ hasText: "Als Version 1 gespeichert." }).waitFor();
    await page.getByRole("button", { name: "Veröffentlichen" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Veröffentlichen" }).click();
    await page.getByRole("status").filter({ hasText: "Version 1 ist veröffentlicht." }).waitFor();
    await page.locator(".journey-title [data-status='published']").waitFor();

    const saved = await e2e.app.store.journeys.version("welcome", 1);
    expect(saved?.entry).toMatchObject({ type: "event", event: "Signed Up" });
    expect(saved?.steps["send-1"]).toMatchObject({
      type: "send",
      channel: "email",
      brandId: "marktkorb",
      templateId: "welcome-mail",
      next: "exit-1",
    });

    // The journey worker of `cxloop serve`, on the same store as the server.
    worker = new JourneyWorker(e2e.app.store);
    worker.start(200);
    const sent = await e2e.track(e2e.app.keys.shop, "/v1/track", {
      userId: "u-anna",
      event: "Signed Up",
      properties: { plan: "free" },
    });
    expect(sent.status).toBe(200);

    const anna = await e2e.app.store.profiles.findByIdentifier({
      type: "user_id",
      value: "u-anna",
    });
    expect(anna).toBeTruthy();
    await expect
      .poll(
        async () => (await e2e.app.store.journeys.runsOfProfile(anna as string, "welcome")).length,
        {
          timeout: 10_000,
        },
      )
      .toBe(1);

    const entered = page.getByTestId("step-entry").locator('[data-count="entered"] dd');
    await entered.filter({ hasText: /^1$/ }).waitFor();
    // Anna reached the send step; whether the message counts as sent depends on the channel.
    await page
      .getByTestId("step-send-1")
      .locator('[data-count="entered"] dd')
      .filter({ hasText: /^1$/ })
      .waitFor();

    await page.getByRole("link", { name: "Journeys" }).first().click();
    const row = page.locator('tr[data-journey-id="welcome"]');
    await row.locator("[data-status='published']").waitFor();
    await row.locator('[data-count="entered"]').filter({ hasText: /^1$/ }).waitFor();
  });

  it("a send step without a next step shows the validation error at that node", async () => {
    const page = await e2e.page();
    await e2e.loginAs(page);
    await newJourney(page, "broken", "Unvollständig", "Order Completed");
    await addStep(page, "Nachricht senden");
    const form = page.getByTestId("step-form");
    await form.getByLabel("Vorlage", { exact: true }).fill("thanks");

    await page.getByRole("button", { name: "Prüfen" }).click();
    const error = page.getByTestId("step-send-1").getByTestId("node-error");
    await error.waitFor();
    expect(await error.textContent()).toBe("Ausgang «weiter» ist mit keinem Schritt verbunden.");
    expect(await page.getByTestId("node-error").count()).toBe(1);
    expect(await page.getByRole("alert").first().textContent()).toContain("steps.send-1.next");

    // Connected, the same journey is valid.
    await addStep(page, "Ende");
    await page.getByTestId("step-send-1").click();
    await form.locator('select[data-output="next"]').selectOption("exit-1");
    await page.getByRole("button", { name: "Prüfen" }).click();
    await page.getByRole("status").filter({ hasText: "Die Journey ist gültig." }).waitFor();
    expect(await page.getByTestId("node-error").count()).toBe(0);
  });
});
