import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserAvailable } from "./support/chromium.js";
import { useE2E } from "./support/e2e-env.js";
import { event } from "../support/world.js";
import { HANS_PAGE_VIEWS, MARCO_COUPONS } from "./support/seed-customers.js";

describe.skipIf(!browserAvailable())("web app: customer search and the 360° view", () => {
  const e2e = useE2E();

  const resultRows = (page: Page) => page.getByTestId("customer-results").locator("tbody tr");
  const sourceOf = async (id: string) => {
    const source = await e2e.app.store.sources.getSource(id);
    if (!source) throw new Error(`no source ${id}`);
    return source;
  };
  const profileIdOf = async (email: string) => {
    const id = await e2e.app.store.profiles.findByIdentifier({ type: "email", value: email });
    if (!id) throw new Error(`no profile for ${email}`);
    return id;
  };

  it("searching by name finds that customer only, with email, loyalty card and phone", async () => {
    const page = await e2e.page();
    await e2e.loginAs(page);
    await page.goto("/customers");
    await resultRows(page).filter({ hasText: "Hans Meier" }).waitFor();
    const stats = page.getByTestId("stats");
    await stats.waitFor();
    const { profiles } = await e2e.app.store.profiles.count();
    expect(await stats.textContent()).toContain(`Kundenprofile${profiles}`);

    await page.getByRole("searchbox", { name: "Kunden suchen" }).fill("muster");
    await page.waitForURL(/\?q=muster$/);
    await page.getByText("1 Treffer").waitFor();
    expect(await resultRows(page).count()).toBe(1);
    const cells = await resultRows(page).first().locator("td").allTextContents();
    expect(cells.slice(0, 4)).toEqual([
      "Anna Muster",
      "anna.muster@example.ch",
      "250100001234",
      "+41791234567",
    ]);
  });

  it("searching by email finds the customer; a search without match says so", async () => {
    const page = await e2e.page();
    await e2e.loginAs(page);
    await page.goto("/customers?q=hans.meier%40example");
    await page.getByText("1 Treffer").waitFor();
    expect(await resultRows(page).first().locator("td").first().textContent()).toBe("Hans Meier");

    await page.getByRole("searchbox").fill("niemand@example.ch");
    await page.getByText("Keine Kunden gefunden für «niemand@example.ch».").waitFor();
  });

  it("the 360° view shows identities, consents per brand and every touchpoint with its channel and brand", async () => {
    const page = await e2e.page();
    await e2e.loginAs(page);
    await page.goto("/customers?q=anna");
    await page.getByRole("link", { name: "Anna Muster" }).click();
    const annaId = await profileIdOf("anna.muster@example.ch");
    await page.waitForURL((url) => url.pathname === `/customers/${annaId}`);
    await page.getByRole("heading", { name: "Anna Muster", level: 1 }).waitFor();

    // Identities: every identifier with its type badge.
    const identities = page.locator('[data-panel="identities"] li');
    await identities.first().waitFor();
    const identityText = await identities.allTextContents();
    expect(identityText).toEqual(
      expect.arrayContaining([
        "User-IDu-anna",
        "Kundenkarte250100001234",
        "E-Mailanna.muster@example.ch",
        "Telefon+41791234567",
        "Anonyme IDvin-anon-7",
      ]),
    );

    // Consents: granted at Marktkorb through its web shop, denied at Vinello, the rest unknown.
    const cell = (brand: string, purpose: string) =>
      page.locator(
        `[data-panel="consents"] tr[data-brand="${brand}"] td[data-purpose="${purpose}"]`,
      );
    await cell("marktkorb", "email_marketing")
      .locator("[data-status]")
      .getByText("Erteilt")
      .waitFor();
    expect(await cell("marktkorb", "email_marketing").textContent()).toContain(
      "Quelle: Marktkorb Webshop",
    );
    expect(await cell("vinello", "email_marketing").locator("[data-status]").textContent()).toBe(
      "Abgelehnt",
    );
    expect(await cell("vinello", "analytics").locator("[data-status]").textContent()).toBe(
      "Keine Angabe",
    );

    // Traits: readable labels, the key itself as a tooltip.
    const firstName = page.locator('[data-panel="traits"] [data-trait="firstName"]').first();
    expect(await firstName.locator("dt").textContent()).toBe("Vorname");
    expect(await firstName.locator("dd").textContent()).toBe("Anna");

    // Timeline: newest first, grouped by day, each touchpoint with channel and brand.
    const timeline = page.locator('[data-panel="timeline"]');
    await timeline.getByText("Das sind alle Touchpoints.").waitFor();
    expect(await timeline.locator(".day-title").allTextContents()).toEqual([
      "Montag, 4. Mai 2026",
      "Sonntag, 3. Mai 2026",
      "Samstag, 2. Mai 2026",
    ]);
    const touchpoints = timeline.locator("li.touchpoint");
    expect(await touchpoints.count()).toBe(4);
    const summary = async (index: number) => {
      const tp = touchpoints.nth(index);
      return {
        channel: await tp.locator(".badge-channel").textContent(),
        brand: await tp.locator(".badge-brand").textContent(),
        title: await tp.locator(".touchpoint-title").textContent(),
      };
    };
    expect(await summary(0)).toEqual({
      channel: "Web",
      brand: "Vinello",
      title: "Produkt bewertet",
    });
    expect(await summary(1)).toEqual({
      channel: "Web",
      brand: "Vinello",
      title: "Profildaten übermittelt",
    });
    expect(await summary(2)).toEqual({
      channel: "Filiale",
      brand: "Marktkorb",
      title: "Einkauf abgeschlossen",
    });
    expect(await summary(3)).toEqual({
      channel: "Web",
      brand: "Marktkorb",
      title: "Profildaten übermittelt",
    });
    expect(await touchpoints.nth(0).locator('[data-prop="rating"] dd').textContent()).toBe(
      "★★★★★ 5 / 5",
    );
    expect(await touchpoints.nth(2).locator(".touchpoint-title").getAttribute("title")).toBe(
      "Order Completed",
    );
    const order = touchpoints.nth(2);
    expect(await order.locator('[data-prop="products"] dd').textContent()).toBe(
      "2× Bio-Milch, Zopf",
    );
    // Intl puts a no-break space between currency and amount.
    expect((await order.locator('[data-prop="total"] dd').textContent())?.replace(/\s/g, " ")).toBe(
      "CHF 12.40",
    );
    expect(await order.locator(".touchpoint-source").textContent()).toBe("Marktkorb Kasse");
  });

  it("an admin changes a consent in the matrix and the server records who did it", async () => {
    const annaId = await profileIdOf("anna.muster@example.ch");
    const page = await e2e.page();
    await e2e.loginAs(page);
    await page.goto(`/customers/${annaId}`);
    const select = page.getByRole("combobox", { name: "Analyse für Vinello ändern" });
    await select.selectOption("granted");
    const cell = page.locator(
      '[data-panel="consents"] tr[data-brand="vinello"] td[data-purpose="analytics"]',
    );
    await cell.getByText("von admin@marktkorb.test").waitFor();
    expect(await cell.locator("[data-status]").textContent()).toBe("Erteilt");

    const stored = await e2e.app.store.profiles.get(annaId);
    expect(stored?.consents).toContainEqual(
      expect.objectContaining({
        brandId: "vinello",
        purpose: "analytics",
        status: "granted",
        source: "user:admin@marktkorb.test",
      }),
    );
    await page.locator('[data-panel="consents"] details summary').click();
    await page
      .locator(".history-list li")
      .filter({ hasText: "von admin@marktkorb.test" })
      .waitFor();
  });

  it("a long timeline loads older touchpoints on request", async () => {
    const hansId = await profileIdOf("hans.meier@example.ch");
    const page = await e2e.page();
    await e2e.loginAs(page);
    await page.goto(`/customers/${hansId}`);
    const timeline = page.locator('[data-panel="timeline"]');
    const more = timeline.getByRole("button", { name: "Ältere Touchpoints laden" });
    await more.waitFor();
    expect(await timeline.locator("li.touchpoint").count()).toBe(50);
    await more.click();
    await timeline.getByText("Das sind alle Touchpoints.").waitFor();
    const all = HANS_PAGE_VIEWS + 1;
    expect(await timeline.locator("li.touchpoint").count()).toBe(all);
    expect(
      await timeline.locator("li.touchpoint").last().locator(".touchpoint-title").textContent(),
    ).toBe("Seitenaufruf · Angebote Woche 1");
  });

  it("paging the timeline loses no touchpoint that shares its timestamp with the page boundary", async () => {
    const marcoId = await profileIdOf("marco.rossi@example.ch");
    const page = await e2e.page();
    await e2e.loginAs(page);
    await page.goto(`/customers/${marcoId}`);
    const timeline = page.locator('[data-panel="timeline"]');
    await timeline.getByRole("button", { name: "Ältere Touchpoints laden" }).click();
    await timeline.getByText("Das sind alle Touchpoints.").waitFor();
    const coupons = await timeline
      .locator('li.touchpoint [data-prop="coupon"] dd')
      .allTextContents();
    expect(coupons).toHaveLength(MARCO_COUPONS);
    expect(new Set(coupons).size).toBe(MARCO_COUPONS);
  });

  it("an admin undoes a merge after confirming; the moved identifiers go back to the other profile", async () => {
    const lenaId = await profileIdOf("lena.graf@example.ch");
    const [record] = (await e2e.app.store.profiles.get(lenaId))?.merges ?? [];
    if (!record) throw new Error("the seed should have merged Lena's profiles");
    const moved = record.moved.map((i) => i.value);
    expect(moved).toContain("lena.graf@example.ch");
    const page = await e2e.page();
    await e2e.loginAs(page);
    await page.goto(`/customers/${lenaId}`);
    const identities = page.locator('[data-panel="identities"]');
    for (const value of [...moved, "99998888"])
      await identities.getByText(value, { exact: true }).waitFor();
    const merge = page.locator('[data-panel="merges"] li.merge');
    expect(await merge.count()).toBe(1);

    await merge.getByRole("button", { name: "Rückgängig machen" }).click();
    const dialog = page.getByRole("dialog", { name: "Zusammenführung rückgängig machen?" });
    await dialog.getByRole("button", { name: "Rückgängig machen" }).click();
    await merge.getByText(/Rückgängig gemacht am/).waitFor();
    for (const value of moved)
      await identities.getByText(value, { exact: true }).waitFor({ state: "detached" });
    await identities.getByText("99998888", { exact: true }).waitFor();
    const emailOwner = await e2e.app.store.profiles.findByIdentifier({
      type: "email",
      value: "lena.graf@example.ch",
    });
    expect(emailOwner).toBe(record.loserId);

    await merge.getByRole("link", { name: "Getrenntes Profil öffnen" }).click();
    await page.waitForURL((url) => url.pathname === `/customers/${record.loserId}`);
    await identities.getByText("lena.graf@example.ch", { exact: true }).waitFor();
  });

  it("an admin exports a customer's data as a JSON download", async () => {
    const petraId = await profileIdOf("petra.keller@example.com");
    const page = await e2e.page();
    await e2e.loginAs(page);
    await page.goto(`/customers/${petraId}`);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Daten exportieren" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`cxloop-${petraId}.json`);
    const path = await download.path();
    const exported = JSON.parse(await readFile(path, "utf8")) as {
      profile: { id: string };
      events: unknown[];
    };
    expect(exported.profile.id).toBe(petraId);
    expect(exported.events).toHaveLength(1);
  });

  it("an admin erases a customer after confirming and is back on the search with a report", async () => {
    const petraId = await profileIdOf("petra.keller@example.com");
    const page = await e2e.page();
    await e2e.loginAs(page);
    await page.goto(`/customers/${petraId}`);
    await page.getByRole("button", { name: "Kunde löschen" }).click();
    const dialog = page.getByRole("dialog", { name: "Kunde endgültig löschen?" });
    expect(await dialog.textContent()).toContain("«Petra Keller»");
    await dialog.getByRole("button", { name: "Endgültig löschen" }).click();
    await page.waitForURL((url) => url.pathname === "/customers");
    await page
      .getByRole("status")
      .filter({ hasText: "Der Kunde wurde gelöscht: 1 Profil(e)" })
      .waitFor();
    expect(await e2e.app.store.profiles.get(petraId)).toBeUndefined();
    await page.getByRole("searchbox").fill("petra");
    await page.getByText("Keine Kunden gefunden für «petra».").waitFor();
  });

  it("a customer that does not exist: the error in German with the server's words, no retry", async () => {
    const page = await e2e.page();
    await e2e.loginAs(page);
    await page.goto("/customers/p-does-not-exist");
    const alert = page.getByRole("alert");
    await alert.getByText("Das Gesuchte gibt es nicht (mehr).").waitFor();
    expect(await alert.locator(".banner-detail").textContent()).toContain(
      'no customer "p-does-not-exist"',
    );
    expect(await alert.getByRole("button").count()).toBe(0);

    await page.getByRole("button", { name: "EN", exact: true }).click();
    await alert.getByText("This does not exist (any more).").waitFor();
  });

  it("the timeline shows what matters per touchpoint: review, call, advice, offer, order, page", async () => {
    const [till, shop] = [await sourceOf("marktkorb-till"), await sourceOf("marktkorb-web")];
    const tina = { userId: "u-tina" };
    const at = (minute: number) => ({ timestamp: `2026-05-06T10:${minute}:00Z` });
    await e2e.app.store.ingest.ingest([
      event(shop, {
        type: "identify",
        ...tina,
        traits: { firstName: "Tina", lastName: "Test" },
        ...at(10),
      }),
      event(shop, {
        type: "page",
        ...tina,
        name: "Kasse",
        properties: { path: "/de/kasse", url: "https://shop.test/de/kasse", title: "Kasse" },
        ...at(11),
      }),
      event(till, {
        type: "track",
        ...tina,
        event: "Order Completed",
        properties: { store: "Marktkorb Bern", total: 20.5, products: [{ name: "Zopf" }] },
        ...at(12),
      }),
      event(shop, {
        type: "track",
        ...tina,
        event: "Offer Clicked",
        properties: {
          name: "Waschmaschine W8",
          price: 899,
          lowest_price: 779,
          offers: 12,
          rank: 4,
        },
        ...at(13),
      }),
      event(till, {
        type: "track",
        ...tina,
        event: "Advice Received",
        properties: { topic: "Beratung Waschmaschine", salesperson: "Frau Sutter" },
        ...at(14),
      }),
      event(shop, {
        type: "track",
        ...tina,
        event: "Call Completed",
        properties: {
          topic: "Lieferung",
          note: "Paket kam nicht an",
          resolved: false,
          duration_seconds: 330,
        },
        ...at(15),
      }),
      event(shop, {
        type: "track",
        ...tina,
        event: "Review Submitted",
        properties: {
          rating: 4,
          best_rating: 5,
          title: "Schnell geliefert",
          review_body: "Alles kam pünktlich und gut verpackt.",
          subject: "webshop",
        },
        ...at(16),
      }),
    ]);
    const tinaId = await e2e.app.store.profiles.findByIdentifier({
      type: "user_id",
      value: "u-tina",
    });
    const page = await e2e.page();
    await e2e.loginAs(page);
    await page.goto(`/customers/${tinaId}`);
    const timeline = page.locator('[data-panel="timeline"]');
    await timeline.getByText("Das sind alle Touchpoints.").waitFor();
    const touchpoint = (title: string) =>
      timeline.locator("li.touchpoint").filter({
        has: page.locator(".touchpoint-title", { hasText: title }),
      });
    const prop = async (title: string, key: string) =>
      (await touchpoint(title).locator(`[data-prop="${key}"] dd`).textContent())?.replace(
        /\s/g,
        " ",
      );

    const review = touchpoint("Bewertung abgegeben");
    expect(await review.locator(".touchpoint-title").getAttribute("title")).toBe(
      "Review Submitted",
    );
    expect(await prop("Bewertung abgegeben", "title")).toBe("Schnell geliefert");
    expect(await prop("Bewertung abgegeben", "text")).toBe("Alles kam pünktlich und gut verpackt.");
    expect(await prop("Bewertung abgegeben", "rating")).toBe("★★★★☆ 4 / 5");
    expect(await review.locator('[data-prop="subject"]').count()).toBe(0);

    expect(await prop("Anruf abgeschlossen", "topic")).toBe("Lieferung");
    expect(await prop("Anruf abgeschlossen", "note")).toBe("Paket kam nicht an");
    expect(await prop("Anruf abgeschlossen", "duration")).toBe("6 Min.");
    expect(await prop("Anruf abgeschlossen", "resolved")).toBe("Nein");

    expect(await prop("Beratung in der Filiale", "topic")).toBe("Beratung Waschmaschine");
    expect(await prop("Beratung in der Filiale", "advisor")).toBe("Frau Sutter");

    const offer = "Angebot im Preisvergleich geklickt";
    expect(await prop(offer, "price")).toBe("CHF 899.00 (günstigstes Angebot CHF 779.00)");
    expect(await prop(offer, "rank")).toBe("4. von 12 Angeboten");

    expect(await prop("Einkauf abgeschlossen", "store")).toBe("Marktkorb Bern");
    expect(await prop("Einkauf abgeschlossen", "total")).toBe("CHF 20.50");

    const pageView = touchpoint("Seitenaufruf · Kasse");
    expect(await pageView.locator(".touchpoint-props").count()).toBe(0);
    expect(await pageView.locator(".touchpoint-head").textContent()).not.toContain("/de/kasse");
  });

  it("a search with as many results as asked says there are more, and loads them on request", async () => {
    const shop = await sourceOf("marktkorb-web");
    await e2e.app.store.ingest.ingest(
      Array.from({ length: 60 }, (_, i) =>
        event(shop, {
          type: "identify",
          userId: `u-zora-${i}`,
          traits: { firstName: "Zora", lastName: `Vielfach${i}` },
          timestamp: "2026-05-06T09:00:00Z",
        }),
      ),
    );
    const page = await e2e.page();
    await e2e.loginAs(page);
    await page.goto("/customers?q=zora");
    await page.getByText("50+ Treffer").waitFor();
    expect(await resultRows(page).count()).toBe(50);
    await page.getByRole("button", { name: "Mehr laden" }).click();
    await page.getByText("60 Treffer", { exact: true }).waitFor();
    expect(await resultRows(page).count()).toBe(60);
    expect(await page.getByRole("button", { name: "Mehr laden" }).count()).toBe(0);
  });
});
