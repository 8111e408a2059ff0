import type { Page } from "playwright-core";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { demoCatalogItems } from "../../src/demo/demo-catalogue-items.js";
import { installDemoMessaging } from "../../src/demo/install-demo-messaging.js";
import { JourneyWorker } from "../../src/journeys/journey-worker.js";
import { openMessaging, type Messaging } from "../../src/messaging/messaging.js";
import { event } from "../support/world.js";
import { browserAvailable } from "./support/chromium.js";
import { ANALYST, useE2E } from "./support/e2e-env.js";

/** The recipes of the demo catalogue, by their German titles: two of them go with a Prosecco. */
const recipeTitles = demoCatalogItems()
  .filter((item) => item.kind === "recipe")
  .map((item) => item.locales.de?.title ?? "")
  .filter(Boolean);

describe.skipIf(!browserAvailable())("web app: messages", () => {
  const e2e = useE2E();
  let giulia = "";
  let worker: JourneyWorker | undefined;
  let messaging: Messaging | undefined;

  // A small world of seed 000 on the e2e store: the wine and recipe catalogue, the brands'
  // messaging and the two journeys, and a customer of the wine club who allows its emails.
  beforeAll(async () => {
    const store = e2e.app.store;
    const now = Date.now();
    await store.sources.createBrand({ id: "kochlust", name: "Kochlust" });
    await store.catalog.upsertItems(demoCatalogItems(), now - 10 * 86_400_000);
    await installDemoMessaging(store, now - 86_400_000);
    const source = async (id: string) => {
      const found = await store.sources.getSource(id);
      if (!found) throw new Error(`no source ${id}`);
      return found;
    };
    const traits = {
      loyaltyCard: "2501777",
      firstName: "Giulia",
      lastName: "Bianchi",
      email: "giulia.bianchi@example.ch",
      language: "de",
      timezone: "Europe/Zurich",
    };
    await store.ingest.ingest([
      event(
        await source("vinello-shop"),
        {
          type: "identify",
          userId: "u-giulia",
          traits: { ...traits, consents: { email_marketing: true } },
        },
        now - 86_400_000,
      ),
      event(
        await source("marktkorb-web"),
        {
          type: "identify",
          userId: "u-giulia",
          traits: { consents: { cross_brand_personalisation: true } },
        },
        now - 86_400_000,
      ),
    ]);
    const id = await store.profiles.findByIdentifier({ type: "loyalty_card", value: "2501777" });
    if (!id) throw new Error("Giulia's profile is missing");
    giulia = id;
  });

  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
    messaging?.close();
    messaging = undefined;
  });

  /** Chooses a customer in a picker by typing part of the name. */
  const pick = async (page: Page, label: string, name: string) => {
    await page.getByLabel(label, { exact: true }).fill(name);
    await page.getByRole("option", { name: new RegExp(name) }).click();
  };

  it("the wine club's template previews for a customer and a Prosecco with her name and two recipes; a Liquid error shows at the body", async () => {
    const page = await e2e.page();
    await e2e.loginAs(page);
    await page.goto("/templates");
    await page.getByRole("link", { name: "Rezepte zu Ihrem Wein" }).click();
    await page.waitForURL((url) => url.pathname === "/templates/recipes-for-your-wine");

    await pick(page, "Kunde für die Vorschau", "Giulia");
    const preview = page.getByTestId("template-preview");
    const email = page.frameLocator('[data-testid="template-preview"] iframe');
    await email.getByText("Grüezi Giulia").waitFor();
    expect(await preview.getByTestId("preview-subject").textContent()).toBe(
      "Giulia, zwei Rezepte passend zu Ihrem Bio Prosecco DOC Casa dal Sole",
    );
    const text = (await email.locator("body").textContent()) ?? "";
    expect(text).toContain("Bio Prosecco DOC Casa dal Sole");
    expect(recipeTitles.filter((title) => text.includes(title))).toHaveLength(2);

    const body = page.getByRole("textbox", { name: /^Inhalt \(Liquid \+ MJML-Abschnitte\)/ });
    await body.fill("{% if %}<mj-section><mj-column><mj-text>x</mj-text></mj-column></mj-section>");
    const error = page.getByTestId("template-form").getByTestId("field-error-body");
    await error.waitFor();
    expect(await error.textContent()).toContain("template:");
    // The preview is not saved: the stored template still renders.
    expect(
      (await e2e.app.store.messages.template("recipes-for-your-wine"))?.content.de?.body,
    ).toContain("recommend");
  });

  it("a test run of the journey sends the email: it shows in the outbox, opens in the viewer and is in the customer's message log", async () => {
    messaging = await openMessaging(e2e.app.store, { publicUrl: e2e.url });
    worker = new JourneyWorker(e2e.app.store, { deliverer: messaging.deliverer });
    worker.start(200);

    const page = await e2e.page();
    await e2e.loginAs(page);
    await page.goto("/journeys");
    const row = page.locator('tr[data-journey-id="wine-recipes"]');
    await row.getByRole("button", { name: "Testen" }).click();
    const dialog = page.getByTestId("test-journey-dialog");
    await pick(page, "Kunde", "Giulia");
    await dialog.getByRole("button", { name: "Test starten" }).click();
    await dialog.getByRole("status").filter({ hasText: "gestartet" }).waitFor();
    await dialog.getByRole("link", { name: "Nachrichten dieser Journey im Postausgang" }).click();
    await page.waitForURL((url) => url.pathname === "/outbox");
    expect(new URL(page.url()).searchParams.get("journeyId")).toBe("wine-recipes");

    // The test run waits five seconds, then the worker sends; the outbox refreshes itself.
    const message = page
      .getByTestId("outbox-table")
      .locator("tbody tr")
      .filter({ hasText: "giulia.bianchi@example.ch" });
    await message.locator('[data-status="sent"]').waitFor({ timeout: 25_000 });
    expect(await message.textContent()).toContain("Giulia, zwei Rezepte passend zu Ihrem");
    await message.locator('[data-mark="test"]').waitFor();
    await page.getByTestId("outbox-transport-info").waitFor();

    // The filters are in the address: nothing of this journey was held back.
    const filters = page.getByTestId("outbox-filters");
    await filters.getByLabel("Status").selectOption("suppressed");
    await page.getByText("Keine Nachrichten.").waitFor();
    expect(new URL(page.url()).searchParams.get("status")).toBe("suppressed");
    await filters.getByLabel("Status").selectOption("sent");
    await message.locator('[data-status="sent"]').waitFor();

    await message.getByRole("link").click();
    await page.waitForURL((url) => url.pathname.startsWith("/outbox/"));
    const viewerUrl = new URL(page.url()).pathname;
    const mail = page.frameLocator('[data-testid="email-frame"]');
    await mail.getByText("Grüezi Giulia").waitFor();
    expect(await page.getByTestId("message-headers").textContent()).toContain(
      "giulia.bianchi@example.ch",
    );
    expect(await page.getByTestId("message-text").textContent()).toContain("Grüezi Giulia");
    expect(await page.getByTestId("email-frame").getAttribute("sandbox")).toBe("");

    await page.goto(`/customers/${encodeURIComponent(giulia)}`);
    const log = page.getByTestId("message-log");
    const entry = log.locator("li").filter({ hasText: "Giulia, zwei Rezepte passend zu Ihrem" });
    await entry.locator('[data-status="sent"]').waitFor();
    await entry.getByRole("link").click();
    await page.waitForURL((url) => url.pathname === viewerUrl);
    await page.frameLocator('[data-testid="email-frame"]').getByText("Grüezi Giulia").waitFor();
  });

  it("an admin sets a frequency cap and quiet hours; an analyst reads templates and rules but saves neither", async () => {
    const page = await e2e.page();
    await e2e.loginAs(page);
    await page.goto("/templates");
    await page.getByRole("tab", { name: "Versandregeln" }).click();
    const form = page.getByTestId("rules-form");
    const before = (await e2e.app.store.messages.rules()).caps.length;
    await form.getByRole("button", { name: "Obergrenze hinzufügen" }).click();
    const cap = form.locator(`[data-cap="${before}"]`);
    await cap.getByLabel("Höchstens (Nachrichten)").fill("1");
    await cap.getByLabel("In (Tagen)").fill("2");
    await cap.getByLabel("Kanal").selectOption("sms");
    const quiet = form.getByLabel("Ruhezeiten einhalten");
    if (!(await quiet.isChecked())) await quiet.check();
    await form.getByLabel("Von").fill("22:00");
    await form.getByLabel("Bis").fill("07:30");
    await form.getByRole("button", { name: "Speichern" }).click();
    await form.getByRole("status").filter({ hasText: "Versandregeln gespeichert." }).waitFor();
    const rules = await e2e.app.store.messages.rules();
    expect(rules.caps).toHaveLength(before + 1);
    expect(rules.caps[before]).toEqual({ channel: "sms", max: 1, periodDays: 2 });
    expect(rules.quietHours).toEqual({ from: "22:00", to: "07:30" });

    const analyst = await e2e.page();
    await e2e.loginAs(analyst, ANALYST);
    await analyst.goto("/templates/recipes-for-your-wine");
    await analyst.getByText("Nur Administratoren können Vorlagen speichern.").waitFor();
    expect(await analyst.getByRole("button", { name: "Speichern" }).count()).toBe(0);
    await analyst.goto("/templates");
    expect(await analyst.getByRole("link", { name: "Neue Vorlage" }).count()).toBe(0);
    await analyst.getByRole("tab", { name: "Versandregeln" }).click();
    await analyst.getByText("Nur Administratoren können die Regeln ändern.").waitFor();
    expect(await analyst.getByTestId("rules-form").getByLabel("Von").inputValue()).toBe("22:00");
  });

  it("the outbox pages with «load more» through sixty messages; a failed one shows its error, in the list and opened", async () => {
    const store = e2e.app.store;
    const now = Date.now();
    for (let i = 0; i < 60; i++) {
      const ledgerKey = `bulk-${String(i).padStart(2, "0")}:hook:v1`;
      await store.journeys.reserveSend(
        {
          ledgerKey,
          runId: `bulk-${i}`,
          journeyId: "bulk",
          version: 1,
          stepId: "hook",
          profileId: giulia,
          channel: "webhook",
          brandId: "marktkorb",
          templateId: "order-hook",
          purpose: "email_marketing",
          transactional: true,
          priority: 0,
          test: false,
          senderId: null,
        },
        now - (60 - i) * 1000,
      );
      if (i === 0) await store.journeys.markSend(ledgerKey, "failed", "HTTP 500 from the gateway");
    }

    const page = await e2e.page();
    await e2e.loginAs(page);
    await page.goto("/outbox?journeyId=bulk");
    const rows = page.getByTestId("outbox-table").locator("tbody tr");
    await rows.nth(49).waitFor();
    expect(await rows.count()).toBe(50);
    // Newest first: the oldest, failed one is on the second page.
    expect(await rows.first().getAttribute("data-message-key")).toBe("bulk-59:hook:v1");
    await page.getByRole("button", { name: "Weitere laden" }).click();
    await rows.nth(59).waitFor();
    expect(await rows.count()).toBe(60);
    expect(await page.getByRole("button", { name: "Weitere laden" }).count()).toBe(0);
    const failed = rows.last();
    expect(await failed.getAttribute("data-message-key")).toBe("bulk-00:hook:v1");
    expect(await failed.locator("[data-status]").first().getAttribute("data-status")).toBe(
      "failed",
    );
    expect(await failed.textContent()).toContain("HTTP 500 from the gateway");

    await failed.getByRole("link").click();
    await page.getByTestId("message-last-error").filter({ hasText: "HTTP 500" }).waitFor();
    await page.getByText("Noch nicht gerendert").waitFor();
  });

  it("a message held as unknown after a crash: an analyst sees it, an admin decides to send it again", async () => {
    const store = e2e.app.store;
    const now = Date.now();
    const entry = {
      ledgerKey: "crash-1:mail:v1",
      runId: "crash-1",
      journeyId: "wine-recipes",
      version: 1,
      stepId: "mail",
      profileId: giulia,
      channel: "email" as const,
      brandId: "vinello",
      templateId: "recipes-for-your-wine",
      purpose: "email_marketing",
      transactional: false,
      priority: 0,
      test: false,
      senderId: null,
    };
    await store.journeys.reserveSend(entry, now - 120_000);
    await store.messages.beginAttempt(entry, now, null, () => ({ type: "deliver" }), now - 90_000);
    await store.messages.finishAttempt(
      entry.ledgerKey,
      { type: "unknown", error: "the worker stopped while sending; not resent (policy: hold)" },
      now - 30_000,
    );
    const address = `/outbox/${encodeURIComponent(entry.ledgerKey)}`;

    const analyst = await e2e.page();
    await e2e.loginAs(analyst, ANALYST);
    await analyst.goto(address);
    await analyst
      .getByTestId("message-headers")
      .getByText("Ergebnis unklar", { exact: true })
      .waitFor();
    expect(await analyst.getByTestId("unknown-decision").count()).toBe(0);
    await analyst.goto("/outbox?status=unknown");
    await analyst.getByTestId("outbox-table").waitFor();
    expect(await analyst.getByTestId("bulk-unknown").count()).toBe(0);

    const page = await e2e.page();
    await e2e.loginAs(page);
    await page.goto(address);
    await page.getByText("Angekommen? Ihre Entscheidung").waitFor();
    await page.getByRole("button", { name: "Erneut senden" }).click();
    await page.getByTestId("message-headers").getByText("Wartend", { exact: true }).waitFor();
    expect(await page.getByTestId("unknown-decision").count()).toBe(0);
    expect(await store.messages.message(entry.ledgerKey)).toMatchObject({
      status: "pending",
      reason: expect.stringContaining("decided by"),
    });

    // Two more held after another crash: the outbox filtered to "unknown" decides both at once.
    for (const key of ["crash-2:mail:v1", "crash-3:mail:v1"]) {
      const held = { ...entry, ledgerKey: key, runId: key.split(":")[0] as string };
      await store.journeys.reserveSend(held, now - 120_000);
      await store.messages.beginAttempt(held, now, null, () => ({ type: "deliver" }), now - 90_000);
      await store.messages.finishAttempt(
        key,
        { type: "unknown", error: "the worker stopped while sending; not resent (policy: hold)" },
        now - 30_000,
      );
    }
    await page.goto("/outbox?status=unknown");
    const bulk = page.getByTestId("bulk-unknown");
    await bulk.getByText("2 Nachrichten mit unklarem Ergebnis").waitFor();
    await bulk.getByRole("button", { name: "Alle: Ist angekommen" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Ist angekommen" }).click();
    await expect
      .poll(async () => (await store.messages.message("crash-3:mail:v1"))?.status)
      .toBe("sent");
    expect((await store.messages.message("crash-2:mail:v1"))?.status).toBe("sent");
  });

  it("an admin writes a new SMS template: the preview shows the text for the customer, saving stores it", async () => {
    const page = await e2e.page();
    await e2e.loginAs(page);
    await page.goto("/templates");
    await page.getByRole("link", { name: "Neue Vorlage" }).click();
    await page.waitForURL((url) => url.pathname === "/templates/new");
    const form = page.getByTestId("template-form");
    await form.getByLabel("Name", { exact: true }).fill("Danke per SMS");
    await form.getByLabel("ID", { exact: true }).fill("sms-thanks");
    await form.getByLabel("Marke").selectOption("marktkorb");
    await form.getByLabel("Kanal").selectOption("sms");
    expect(await form.getByLabel("Betreff").count()).toBe(0);
    await form
      .getByRole("textbox", { name: /^Inhalt \(Liquid\)/ })
      .fill("Danke, {{ customer.first_name }}! Ihr {{ event.properties.products[0].name }}.");

    await pick(page, "Kunde für die Vorschau", "Giulia");
    await page
      .getByTestId("template-preview")
      .getByText("Danke, Giulia! Ihr Bio Prosecco DOC Casa dal Sole.")
      .waitFor();

    await form.getByRole("button", { name: "Speichern" }).click();
    await page.waitForURL((url) => url.pathname === "/templates/sms-thanks");
    await page.getByRole("status").filter({ hasText: "Vorlage gespeichert." }).waitFor();
    const saved = await e2e.app.store.messages.template("sms-thanks");
    expect(saved).toMatchObject({ brandId: "marktkorb", channel: "sms", name: "Danke per SMS" });
    expect(saved?.content.de?.body).toContain("{{ customer.first_name }}");
    expect(saved?.content.en).toBeUndefined();
  });
});
