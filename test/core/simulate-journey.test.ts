import { exampleJourney } from "../support/journeys.js";
import { describe, expect, it } from "vitest";
import { simulateJourney } from "../../src/core/journeys/simulate-journey.js";

const wineToRecipes = exampleJourney("wine-recipes.json");

const at = (iso: string) => Date.parse(iso);
const order = (id: string, category: string) => ({
  order_id: id,
  products: [
    { name: "Bio Prosecco DOC", category },
    { name: "Oliven", category: "antipasti" },
  ],
});

describe("the journey simulator", () => {
  it("seed 000: Marco gets the wine club email at 9:00 the next morning and moves on to dinner; Anna without cross-brand consent gets nothing", () => {
    const log = simulateJourney(
      wineToRecipes,
      [
        {
          id: "marco",
          consents: ["vinello/email_marketing", "marktkorb/cross_brand_personalisation"],
        },
        { id: "anna", consents: ["vinello/email_marketing"] },
        {
          id: "hans",
          consents: ["vinello/email_marketing", "marktkorb/cross_brand_personalisation"],
        },
      ],
      [
        {
          at: at("2026-05-04T16:24:00Z"),
          customerId: "marco",
          name: "Order Completed",
          properties: order("R-1", "wine"),
        },
        {
          at: at("2026-05-04T16:30:00Z"),
          customerId: "anna",
          name: "Order Completed",
          properties: order("R-2", "wine"),
        },
        {
          at: at("2026-05-04T16:40:00Z"),
          customerId: "hans",
          name: "Order Completed",
          properties: order("R-3", "bakery"),
        },
      ],
      at("2026-05-06T00:00:00Z"),
    );
    expect(
      log
        .filter((e) => e.customerId === "marco")
        .map((e) => [new Date(e.at).toISOString(), e.what, e.detail]),
    ).toEqual([
      ["2026-05-04T16:24:00.000Z", "entered", "Order Completed"],
      ["2026-05-05T07:00:00.000Z", "send", "email vinello/recipes-for-your-wine"],
      ["2026-05-05T07:00:00.000Z", "hand_over", "dinner"],
      ["2026-05-05T07:00:00.000Z", "completed", "handed over to dinner"],
    ]);
    expect(log.filter((e) => e.customerId === "anna").map((e) => e.what)).toEqual([
      "entered",
      "completed",
    ]);
    expect(log.filter((e) => e.customerId === "hans")).toEqual([]);
  });

  it("the same order never starts a second run while the first waits", () => {
    const log = simulateJourney(
      wineToRecipes,
      [
        {
          id: "marco",
          consents: ["vinello/email_marketing", "marktkorb/cross_brand_personalisation"],
        },
      ],
      [
        {
          at: at("2026-05-04T16:24:00Z"),
          customerId: "marco",
          name: "Order Completed",
          properties: order("R-1", "wine"),
        },
        {
          at: at("2026-05-04T16:25:00Z"),
          customerId: "marco",
          name: "Order Completed",
          properties: order("R-1", "wine"),
        },
      ],
      at("2026-05-06T00:00:00Z"),
    );
    expect(log.map((e) => e.what)).toEqual([
      "entered",
      "skipped",
      "send",
      "hand_over",
      "completed",
    ]);
    expect(log[1]?.detail).toBe("instance_running");
  });
});
