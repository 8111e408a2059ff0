import { beforeAll, describe, expect, it } from "vitest";
import { demoCatalogItems } from "../../src/demo/demo-catalogue-items.js";
import { installDemoMessaging } from "../../src/demo/install-demo-messaging.js";
import { browserAvailable } from "./support/chromium.js";
import { ANALYST, useE2E } from "./support/e2e-env.js";

const SECRET = "vinello-webhook-signing-secret-42";

describe.skipIf(!browserAvailable())("web app: brand settings and layouts", () => {
  const e2e = useE2E();

  // Seed 000's messaging for the brands present: Vinello's sender, look and standard layout,
  // and a plain email template of Vinello to preview layouts with.
  beforeAll(async () => {
    const store = e2e.app.store;
    const now = Date.now();
    await store.catalog.upsertItems(demoCatalogItems(), now - 10 * 86_400_000);
    await installDemoMessaging(store, now - 86_400_000);
    await store.messages.saveTemplate(
      {
        id: "vinello-hello",
        brandId: "vinello",
        channel: "email",
        name: "Hallo aus dem Weinclub",
        layoutId: null,
        content: {
          de: {
            subject: "Hallo",
            body: "<mj-section><mj-column><mj-text>Hallo aus dem Weinclub</mj-text></mj-column></mj-section>",
          },
        },
      },
      "test",
      now,
    );
  });

  it("an admin changes Vinello's sender name and primary colour and sets a webhook; the secret never shows; an invalid sender address is marked at its field; an analyst reads", async () => {
    const page = await e2e.page();
    await e2e.loginAs(page);
    await page.goto("/templates");
    await page.getByRole("tab", { name: "Marken" }).click();
    await page.getByTestId("brand-settings-brand").selectOption("vinello");
    const form = page.locator('[data-testid="brand-settings-form"][data-brand-id="vinello"]');
    const sender = form.locator('[data-sender="0"]');
    expect(await sender.getByLabel(/^Adresse/).inputValue()).toBe("weinpost@vinello.example");

    await sender.getByLabel("Name", { exact: true }).fill("Vinello Weinpost");
    await form.getByLabel("Hauptfarbe (Hex)").fill("#8b1e3f");
    await form.getByLabel("Webhook: URL").fill("https://hooks.example.com/vinello");
    await form.getByLabel("Webhook: Geheimnis").fill(SECRET);
    await form.getByRole("button", { name: "Speichern" }).click();
    await form
      .getByRole("status")
      .filter({ hasText: "Einstellungen der Marke gespeichert." })
      .waitFor();

    const stored = await e2e.app.store.messages.brandMessaging("vinello");
    expect(stored?.senders[0]).toMatchObject({
      name: "Vinello Weinpost",
      address: "weinpost@vinello.example",
    });
    expect(stored?.colours.primary).toBe("#8b1e3f");
    expect(stored?.webhooks.webhook).toEqual({
      url: "https://hooks.example.com/vinello",
      secret: SECRET,
    });

    // After the save the secret field is empty and says a secret is stored; the page holds it nowhere.
    await form.getByTestId("secret-stored-webhook").waitFor();
    expect(await form.getByLabel("Webhook: Geheimnis").inputValue()).toBe("");
    expect(await page.content()).not.toContain(SECRET);
    expect(await form.getByLabel("Hauptfarbe", { exact: true }).inputValue()).toBe("#8b1e3f");

    // An invalid sender address is refused and marked at its field; fixed, it saves, and with
    // the secret field left empty the stored secret stays.
    await sender.getByLabel(/^Adresse/).fill("not-an-address");
    await form.getByRole("button", { name: "Speichern" }).click();
    const error = sender.getByTestId("field-error-senders.0.address");
    await error.waitFor();
    expect(await error.textContent()).toContain("senders.0.address");
    expect(await sender.getByLabel(/^Adresse/).getAttribute("aria-invalid")).toBe("true");
    expect((await e2e.app.store.messages.brandMessaging("vinello"))?.senders[0]?.address).toBe(
      "weinpost@vinello.example",
    );
    await sender.getByLabel(/^Adresse/).fill("weinclub@vinello.example");
    await form.getByRole("button", { name: "Speichern" }).click();
    await form
      .getByRole("status")
      .filter({ hasText: "Einstellungen der Marke gespeichert." })
      .waitFor();
    expect(await sender.getByTestId("field-error-senders.0.address").count()).toBe(0);
    const again = await e2e.app.store.messages.brandMessaging("vinello");
    expect(again?.senders[0]?.address).toBe("weinclub@vinello.example");
    expect(again?.webhooks.webhook?.secret).toBe(SECRET);

    // A fresh load shows the settings, "stored" for the secret, and not the secret.
    await page.reload();
    await page.getByRole("tab", { name: "Marken" }).click();
    await page.getByTestId("brand-settings-brand").selectOption("vinello");
    await form.getByTestId("secret-stored-webhook").waitFor();
    expect(await form.getByTestId("secret-stored-webhook").textContent()).toBe("gespeichert");
    expect(await page.content()).not.toContain(SECRET);

    const analyst = await e2e.page();
    await e2e.loginAs(analyst, ANALYST);
    await analyst.goto("/templates");
    await analyst.getByRole("tab", { name: "Marken" }).click();
    await analyst.getByTestId("brand-settings-brand").selectOption("vinello");
    await analyst
      .getByText("Nur Administratoren können die Einstellungen der Marke ändern.")
      .waitFor();
    const readOnly = analyst.locator(
      '[data-testid="brand-settings-form"][data-brand-id="vinello"]',
    );
    const name = readOnly.locator('[data-sender="0"]').getByLabel("Name", { exact: true });
    expect(await name.inputValue()).toBe("Vinello Weinpost");
    expect(await name.isDisabled()).toBe(true);
    expect(await readOnly.getByRole("button", { name: "Speichern" }).count()).toBe(0);
  });

  it("an admin edits Vinello's layout: the preview renders a template of the brand for a customer with the layout as saved; a layout without {{ content }} is marked at the MJML; a new layout needs an id; an analyst reads", async () => {
    const page = await e2e.page();
    await e2e.loginAs(page);
    await page.goto("/templates");
    await page.getByRole("tab", { name: "Layouts" }).click();
    await page
      .locator('[data-layout-id="vinello-standard"]')
      .getByRole("button", { name: "Standard" })
      .click();
    const form = page.getByTestId("layout-form");

    await page.getByLabel(/^Vorlage/).selectOption({ label: "Hallo aus dem Weinclub" });
    await page.getByLabel("Kunde für die Vorschau", { exact: true }).fill("Petra");
    await page.getByRole("option", { name: /Petra/ }).click();
    const email = page.frameLocator('[data-testid="layout-preview"] iframe');
    await email.getByText("Hallo aus dem Weinclub").waitFor();
    expect(await email.getByText("Weinpost-Kopf").count()).toBe(0);

    const header = form.getByLabel("Baustein «header» (MJML)");
    const before = await header.inputValue();
    await header.fill(before.replace("{{ brand.name }}", "{{ brand.name }} Weinpost-Kopf"));
    await page
      .getByText("Ungespeicherte Änderungen sind in der Vorschau noch nicht zu sehen.")
      .waitFor();
    await form.getByRole("button", { name: "Speichern" }).click();
    await form.getByRole("status").filter({ hasText: "Layout gespeichert." }).waitFor();
    expect((await e2e.app.store.messages.layout("vinello-standard"))?.partials.header).toContain(
      "Weinpost-Kopf",
    );
    await email.getByText(/Weinpost-Kopf/).waitFor();
    expect(await email.getByText("Hallo aus dem Weinclub").count()).toBe(1);

    await form
      .getByLabel("Layout (MJML mit {{ content }})")
      .fill("<mjml><mj-body></mj-body></mjml>");
    await form.getByRole("button", { name: "Speichern" }).click();
    const error = form.getByTestId("field-error-mjml");
    await error.waitFor();
    expect(await error.textContent()).toContain("{{ content }}");
    expect((await e2e.app.store.messages.layout("vinello-standard"))?.mjml).toContain("content");

    // A new layout needs an id; saved, it previews like any other.
    await form.getByRole("button", { name: "Schliessen" }).click();
    await page.getByRole("button", { name: "Neues Layout" }).click();
    await page
      .getByText("Speichern Sie das neue Layout, um es in der Vorschau zu sehen.")
      .waitFor();
    await form.getByLabel("Name", { exact: true }).fill("Schlicht");
    await form.getByRole("button", { name: "Speichern" }).click();
    await form.getByTestId("field-error-id").waitFor();
    await form.getByLabel(/^ID/).fill("vinello-plain");
    await form.getByLabel(/^Marke/).selectOption("vinello");
    await form.getByRole("button", { name: "Speichern" }).click();
    await form.getByRole("status").filter({ hasText: "Layout gespeichert." }).waitFor();
    expect(await e2e.app.store.messages.layout("vinello-plain")).toMatchObject({
      brandId: "vinello",
      name: "Schlicht",
      partials: {},
    });
    await page.getByLabel("Kunde für die Vorschau", { exact: true }).fill("Petra");
    await page.getByRole("option", { name: /Petra/ }).click();
    await page.getByLabel(/^Vorlage/).selectOption({ label: "Hallo aus dem Weinclub" });
    await email.getByText("Hallo aus dem Weinclub").waitFor();
    expect(await email.getByText(/Weinpost-Kopf/).count()).toBe(0);

    const analyst = await e2e.page();
    await e2e.loginAs(analyst, ANALYST);
    await analyst.goto("/templates");
    await analyst.getByRole("tab", { name: "Layouts" }).click();
    expect(await analyst.getByRole("button", { name: "Neues Layout" }).count()).toBe(0);
    await analyst
      .locator('[data-layout-id="vinello-plain"]')
      .getByRole("button", { name: "Schlicht" })
      .click();
    await analyst.getByText("Nur Administratoren können Layouts speichern.").waitFor();
    expect(await analyst.getByTestId("layout-form").getByLabel(/^ID/).inputValue()).toBe(
      "vinello-plain",
    );
  });
});
