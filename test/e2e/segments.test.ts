import { afterEach, describe, expect, it } from "vitest";
import { JourneyWorker } from "../../src/journeys/journey-worker.js";
import { browserAvailable } from "./support/chromium.js";
import { useE2E } from "./support/e2e-env.js";

describe.skipIf(!browserAvailable())("web app: segments", () => {
  const e2e = useE2E();
  let worker: JourneyWorker | undefined;

  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
  });

  it("an admin builds a segment with a live count; new members arrive and show in the trend and the 360° view", async () => {
    const page = await e2e.page();
    await e2e.loginAs(page);
    await page.goto("/segments");
    await page.getByText("Noch keine Segmente").waitFor();
    await page.getByRole("link", { name: "Neues Segment" }).click();
    await page.waitForURL((url) => url.pathname === "/segments/new");

    await page.getByLabel("Kennung").fill("annas");
    await page.getByLabel("Name", { exact: true }).fill("Alle Annas");
    const rule = page.getByTestId("rule-editor");
    const condition = rule.getByTestId("segment-condition").first();
    await condition.getByRole("combobox", { name: "Art der Bedingung" }).selectOption("trait");
    await condition.getByLabel("Pfad").fill("firstName");
    await condition.getByLabel("Wert").fill("Anna");
    const total = (await e2e.app.store.segments.customerCount()).toString();
    await page
      .getByTestId("segment-preview")
      .filter({ hasText: `Vorschau: 1 von ${total} Kunden` })
      .waitFor();

    await page.getByRole("button", { name: "Speichern und berechnen" }).click();
    await page.waitForURL((url) => url.pathname === "/segments/annas");
    await page
      .getByRole("status")
      .filter({ hasText: "Segment gespeichert: 1 Mitglieder." })
      .waitFor();
    expect(await page.getByTestId("segment-count").textContent()).toBe("1 Mitglieder");
    const members = page.getByTestId("segment-members-table");
    await members.getByRole("link", { name: "Anna Muster" }).waitFor();
    await page.getByText("Noch keine Eintritte oder Austritte").waitFor();

    // A second Anna signs up while the worker runs: the keeper puts her in at once.
    worker = new JourneyWorker(e2e.app.store);
    worker.start(100);
    const sent = await e2e.track(e2e.app.keys.shop, "/v1/identify", {
      userId: "u-anna-2",
      traits: { firstName: "Anna", lastName: "Zweite", email: "anna.zweite@example.ch" },
    });
    expect(sent.status).toBe(200);
    await expect
      .poll(async () => (await e2e.app.store.segments.get("annas"))?.members, { timeout: 10_000 })
      .toBe(2);
    await page.reload();
    expect(await page.getByTestId("segment-count").textContent()).toBe("2 Mitglieder");
    await page.getByTestId("segment-trend").locator("canvas").waitFor();

    // The 360° view names the segment and links back to it.
    await members.getByRole("link", { name: "Anna Zweite" }).click();
    await page.waitForURL((url) => url.pathname.startsWith("/customers/"));
    await page.getByTestId("customer-segments").getByRole("link", { name: "Alle Annas" }).click();
    await page.waitForURL((url) => url.pathname === "/segments/annas");

    // The list shows it with its count; the journey editor offers it as an entry.
    await page.goto("/segments");
    const row = page.getByTestId("segments-table").getByRole("row", { name: /Alle Annas/ });
    expect(await row.getByTestId("segment-members").textContent()).toBe("2");
    await page.goto("/journeys/new");
    const entry = page.getByTestId("entry-form");
    await entry.getByLabel("Wie Kunden eintreten").selectOption("segment");
    await entry.getByTestId("segment-picker").selectOption("annas");
    expect(await entry.getByTestId("segment-picker").inputValue()).toBe("annas");
  });

  it("an analyst sees segments but cannot change them; a broken rule is refused with its place", async () => {
    await e2e.app.store.segments.save(
      {
        id: "vips",
        name: "VIPs",
        description: "",
        rule: {
          match: "all",
          conditions: [{ type: "trait", path: "tier", op: "eq", value: "gold" }],
        },
      },
      "test",
      Date.now(),
    );
    const analystPage = await e2e.page();
    await e2e.loginAs(analystPage, { email: "analyst@marktkorb.test" });
    await analystPage.goto("/segments/vips");
    await analystPage.getByTestId("rule-editor").waitFor();
    expect(await analystPage.getByRole("button", { name: "Speichern und berechnen" }).count()).toBe(
      0,
    );
    expect(await analystPage.getByTestId("rule-editor").getByLabel("Pfad").isDisabled()).toBe(true);

    const page = await e2e.page();
    await e2e.loginAs(page);
    await page.goto("/segments/vips");
    const condition = page.getByTestId("segment-condition").first();
    await condition.getByRole("combobox", { name: "Art der Bedingung" }).selectOption("performed");
    await condition.getByLabel("Ereignis", { exact: true }).fill("");
    await page.getByRole("button", { name: "Speichern und berechnen" }).click();
    await page.getByText("rule.conditions.0.event").waitFor();
  });
});
