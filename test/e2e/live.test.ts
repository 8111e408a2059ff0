import { describe, expect, it } from "vitest";
import { browserAvailable } from "./support/chromium.js";
import { useE2E } from "./support/e2e-env.js";

describe.skipIf(!browserAvailable())("web app: live events", () => {
  const e2e = useE2E();

  const newSourceKey = async (id: string, name: string) => {
    await e2e.app.store.sources.createSource({
      id,
      name,
      brandId: "vinello",
      channel: "app",
      trusted: false,
    });
    return (await e2e.app.store.sources.createWriteKey(id)).key;
  };

  it("an event sent to /v1/track appears on top with source, brand, channel and a link to the profile", async () => {
    const key = await newSourceKey("vinello-app", "Vinello App");
    const page = await e2e.page();
    await e2e.loginAs(page);
    await page.goto("/live");
    const rows = page.getByTestId("live-events").locator("tbody tr");
    await rows.first().waitFor();
    const perMinute = page.getByTestId("events-per-minute");
    const countBefore = Number(/(\d+) \/ Min\./.exec((await perMinute.textContent()) ?? "")?.[1]);
    expect(countBefore).toBeGreaterThanOrEqual(0);

    const sent = await e2e.track(key, "/v1/track", {
      userId: "u-anna",
      event: "Wishlist Added",
      properties: { product_id: "barolo-2019" },
    });
    expect(sent.status).toBe(200);

    const row = rows.filter({ hasText: "Wishlist Added" });
    await row.waitFor();
    expect(await rows.first().textContent()).toContain("Wishlist Added");
    const cells = await row.locator("td").allTextContents();
    expect(cells.slice(1, 4)).toEqual(["Vinello App", "Vinello", "App"]);
    await perMinute.filter({ hasText: `${countBefore + 1} / Min.` }).waitFor();

    const annaId = await e2e.app.store.profiles.findByIdentifier({
      type: "user_id",
      value: "u-anna",
    });
    await row.getByRole("link", { name: "Profil öffnen" }).click();
    await page.waitForURL((url) => url.pathname === `/customers/${annaId}`);
    await page
      .locator('[data-panel="timeline"] li.touchpoint')
      .filter({ hasText: "Wishlist Added" })
      .waitFor();
  });

  it("a Segment event name shows in German with the original as a tooltip, next to the time received", async () => {
    const key = await newSourceKey("vinello-pos", "Vinello Kasse");
    const page = await e2e.page();
    await e2e.loginAs(page);
    await page.goto("/live");
    const table = page.getByTestId("live-events");
    await table.waitFor();
    expect(await table.locator("thead th").first().textContent()).toBe("Empfangen");

    const sent = await e2e.track(key, "/v1/track", {
      anonymousId: "pos-1",
      event: "Order Completed",
      properties: { total: 42 },
    });
    expect(sent.status).toBe(200);
    const row = table.locator("tbody tr").filter({ hasText: "Einkauf abgeschlossen" });
    await row.waitFor();
    const cell = row.locator("td").nth(4);
    expect(await cell.textContent()).toBe("Einkauf abgeschlossen");
    expect(await cell.getAttribute("title")).toBe("Order Completed");
    expect(await row.locator("td").first().textContent()).not.toContain("Ereigniszeit");
  });

  it("pausing stops the feed; on resume the events sent meanwhile arrive", async () => {
    const key = await newSourceKey("vinello-kiosk", "Vinello Kiosk");
    const page = await e2e.page();
    await e2e.loginAs(page);
    await page.goto("/live");
    await page.getByTestId("live-events").waitFor();
    await page.getByRole("button", { name: "Pausieren" }).click();
    await page.getByRole("status").filter({ hasText: "Pausiert" }).waitFor();

    const sent = await e2e.track(key, "/v1/track", {
      anonymousId: "kiosk-1",
      event: "Tasting Booked",
    });
    expect(sent.status).toBe(200);

    await page.getByRole("button", { name: "Fortsetzen" }).click();
    await page.getByRole("status").filter({ hasText: "Live" }).waitFor();
    await page
      .getByTestId("live-events")
      .locator("tbody tr")
      .filter({ hasText: "Tasting Booked" })
      .waitFor();
  });
});
