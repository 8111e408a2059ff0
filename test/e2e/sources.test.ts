import { describe, expect, it } from "vitest";
import { browserAvailable } from "./support/chromium.js";
import { ANALYST, useE2E } from "./support/e2e-env.js";

describe.skipIf(!browserAvailable())("web app: sources and write keys", () => {
  const e2e = useE2E();

  it("an admin creates a write key, sees it once with the warning, and the key works", async () => {
    const page = await e2e.page();
    await e2e.loginAs(page);
    await page.goto("/sources");
    const row = page.locator('tr[data-source-id="vinello-shop"]');
    await row.getByRole("button", { name: "Write Keys" }).click();
    const panel = page.getByTestId("keys-vinello-shop");
    await panel.locator("tbody tr").first().waitFor();
    const before = await panel.locator("tbody tr").count();

    await panel.getByRole("button", { name: "Write Key erzeugen" }).click();
    const shown = panel.getByTestId("new-key");
    await shown.waitFor();
    const key = (await shown.locator("code").textContent()) ?? "";
    expect(key).toMatch(/^cxk_[\w-]{20,}$/);
    expect(await shown.textContent()).toContain("Er wird nur dieses eine Mal angezeigt");
    await panel.locator("tbody tr").nth(before).waitFor();
    expect(await panel.locator("tbody tr").first().locator("td").first().textContent()).toBe(
      `${key.slice(0, 10)}…`,
    );

    const tracked = await e2e.track(key, "/v1/track", {
      anonymousId: "key-check",
      event: "Key Checked",
    });
    expect(tracked.status).toBe(200);

    await shown.getByRole("button", { name: "Schliessen" }).click();
    await shown.waitFor({ state: "detached" });
    await page.reload();
    await row.getByRole("button", { name: "Write Keys" }).click();
    await panel.locator("tbody tr").nth(before).waitFor();
    expect(await page.content()).not.toContain(key);
  });

  it("an admin revokes a key after confirming", async () => {
    const { key, info } = await e2e.app.store.sources.createWriteKey("marktkorb-till");
    const page = await e2e.page();
    await e2e.loginAs(page);
    await page.goto("/sources");
    await page
      .locator('tr[data-source-id="marktkorb-till"]')
      .getByRole("button", { name: "Write Keys" })
      .click();
    const keyRow = page.locator(`tr[data-key-id="${info.id}"]`);
    await keyRow.getByRole("button", { name: "Widerrufen" }).click();
    const dialog = page.getByRole("dialog", { name: "Write Key widerrufen?" });
    await dialog.getByRole("button", { name: "Widerrufen" }).click();
    await keyRow.getByText(/Widerrufen am/).waitFor();
    await dialog.waitFor({ state: "detached" });
    expect(await e2e.app.store.sources.findSourceByWriteKey(key)).toBeUndefined();
  });

  it("revoking a freshly created key takes away the box that offers to copy it", async () => {
    const page = await e2e.page();
    await e2e.loginAs(page);
    await page.goto("/sources");
    await page
      .locator('tr[data-source-id="marktkorb-web"]')
      .getByRole("button", { name: "Write Keys" })
      .click();
    const panel = page.getByTestId("keys-marktkorb-web");
    await panel.getByRole("button", { name: "Write Key erzeugen" }).click();
    const shown = panel.getByTestId("new-key");
    const key = (await shown.locator("code").textContent()) ?? "";
    const keyRow = panel.locator("tbody tr").filter({ hasText: `${key.slice(0, 10)}…` });
    await keyRow.getByRole("button", { name: "Widerrufen" }).click();
    const dialog = page.getByRole("dialog", { name: "Write Key widerrufen?" });
    await dialog.getByRole("button", { name: "Widerrufen" }).click();
    await keyRow.getByText(/Widerrufen am/).waitFor();
    await shown.waitFor({ state: "detached" });
    expect(await page.content()).not.toContain(key);
  });

  it("an admin creates a source with the form; its id is suggested from the name", async () => {
    const page = await e2e.page();
    await e2e.loginAs(page);
    await page.goto("/sources");
    const form = page.locator('[data-panel="create-source"]');
    await form.getByLabel("Name").fill("Marktkorb Kundenkarte App");
    expect(await form.getByLabel("ID").inputValue()).toBe("marktkorb-kundenkarte-app");
    await form.getByLabel("Marke").selectOption("marktkorb");
    await form.getByLabel("Kanal").selectOption("app");
    await form.getByRole("button", { name: "Quelle anlegen" }).click();
    await form.getByText("«Marktkorb Kundenkarte App» wurde angelegt.").waitFor();
    const row = page.locator('tr[data-source-id="marktkorb-kundenkarte-app"]');
    await row.waitFor();
    expect(await row.locator(".badge-channel").textContent()).toBe("App");
    expect(await row.locator(".badge-brand").textContent()).toBe("Marktkorb");
    expect(await e2e.app.store.sources.getSource("marktkorb-kundenkarte-app")).toMatchObject({
      channel: "app",
      trusted: false,
    });

    await form.getByLabel("Name").fill("Marktkorb Kundenkarte App");
    await form.getByRole("button", { name: "Quelle anlegen" }).click();
    await form
      .getByRole("alert")
      .filter({ hasText: 'source "marktkorb-kundenkarte-app" already exists' })
      .waitFor();
  });

  it("an analyst sees sources and brands but no write keys or forms", async () => {
    const page = await e2e.page();
    await e2e.loginAs(page, ANALYST);
    await page.goto("/sources");
    await page.locator('tr[data-source-id="vinello-shop"]').waitFor();
    await page.getByText("Write Keys sehen und verwalten nur Administrator:innen.").waitFor();
    expect(await page.getByRole("button", { name: "Write Keys" }).count()).toBe(0);
    expect(await page.locator('[data-panel="create-source"]').count()).toBe(0);
  });
});
