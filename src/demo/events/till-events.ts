import { createHash } from "node:crypto";
import { MARKTKORB_STORES, recipesForWine, type DemoStore } from "../demo-catalogue.js";
import type { DemoCustomer } from "../demo-customer.js";
import type { Random } from "../random.js";
import { groceryBasket, shopperOf } from "./baskets.js";
import type { DemoLog } from "./demo-log.js";
import { lineItems, minutes, type Basket } from "./event-helpers.js";

export interface TillVisit {
  day: number;
  at: number;
  store: DemoStore;
  basket: Basket;
}

/** Shopping is heavier on Fridays and Saturdays; Swiss shops are closed on Sundays. */
const WEEKDAY_FACTOR = [0.9, 0.9, 1, 1, 1.2, 1.5, 0];

/** Customers shop at other chains too: a share of their weekly shopping lands at Marktkorb. */
const TILL_SCALE = 0.7;

/** What the till system sends as anonymousId for a card: a stable pseudonym, not the number. */
export function cardPseudonym(card: string): string {
  return `pos-${createHash("sha256").update(`korbkarte:${card}`).digest("hex").slice(0, 20)}`;
}

function storeOf(id: string): DemoStore {
  return MARKTKORB_STORES.find((s) => s.id === id) ?? (MARKTKORB_STORES[0] as DemoStore);
}

function shoppingHour(rng: Random, c: DemoCustomer, weekday: number): number {
  switch (c.persona) {
    case "senior":
      return rng.around(10, 1.2, 8, 16);
    case "family":
      return weekday === 5 ? rng.around(10.5, 1.2, 8, 17) : rng.around(17.5, 0.8, 15.5, 19.5);
    default:
      return rng.chance(0.3) ? rng.around(12.3, 0.3, 11.5, 13.5) : rng.around(18, 0.8, 16, 20);
  }
}

/**
 * The till sends every receipt; the Korbkarte scanned at the till is the only identifier, and
 * a receipt without a card stays anonymous.
 */
export function tillPurchase(
  log: DemoLog,
  c: { loyaltyCard: string | null },
  visit: TillVisit,
  paymentMethod: string,
): void {
  const n = log.next(`receipt-${visit.store.id}`, 100001);
  log.add("marktkorb-till", visit.at, {
    type: "track",
    event: "Order Completed",
    // With a card, the till's anonymous id is a pseudonym of the card (one per customer, not one
    // per receipt); without one, each receipt is its own anonymous shopper.
    anonymousId: c.loyaltyCard ? cardPseudonym(c.loyaltyCard) : `receipt-${visit.store.id}-${n}`,
    context: {
      ...(c.loyaltyCard ? { traits: { loyaltyCard: c.loyaltyCard } } : {}),
      location: { city: visit.store.city, country: "CH" },
    },
    properties: {
      order_id: `${visit.store.id}-${n}`,
      affiliation: visit.store.name,
      store: visit.store.name,
      store_id: visit.store.id,
      total: visit.basket.total,
      revenue: visit.basket.total,
      currency: "CHF",
      payment_method: paymentMethod,
      loyalty_points: Math.floor(visit.basket.total),
      products: lineItems(visit.basket),
    },
  });
}

/** The wine advice tablet by the wine shelf: scan the Korbkarte, see a wine and its recipes. */
export function wineAdvice(log: DemoLog, c: DemoCustomer, visit: TillVisit, at: number): void {
  const wine = visit.basket.items.find((i) => i.product.category === "wine")?.product;
  if (!wine) return;
  const device = `tablet-${visit.store.id}-1`;
  const context = {
    traits: { loyaltyCard: c.loyaltyCard },
    device: { id: device, type: "tablet", model: "Weinberater" },
    location: { city: visit.store.city, country: "CH" },
  };
  log.add("marktkorb-instore", at, {
    type: "screen",
    name: "Weinberater",
    anonymousId: device,
    context,
  });
  log.add("marktkorb-instore", at + 40_000, {
    type: "track",
    event: "Wine Advice Viewed",
    anonymousId: device,
    context,
    properties: {
      product_id: wine.id,
      name: wine.name,
      store_id: visit.store.id,
      recipes: recipesForWine(wine)
        .slice(0, 3)
        .map((r) => r.id),
    },
  });
}

/**
 * Till receipts of a customer with a Korbkarte over the history, with the in-store touchpoints
 * around them (the wine advice tablet). Returns the visits for the other channels.
 */
export function generateTillEvents(rng: Random, log: DemoLog, c: DemoCustomer): TillVisit[] {
  if (!c.loyaltyCard || c.habits.tillPerWeek <= 0) return [];
  const visits: TillVisit[] = [];
  const cal = log.cal;
  const payment = rng.weighted([
    ["card", 55],
    ["twint", c.persona === "digital" ? 40 : 15],
    ["cash", c.persona === "senior" ? 40 : 12],
  ] as const);
  for (let day = c.joinDay; day <= cal.days; day++) {
    const weekday = cal.weekday(day);
    if (!rng.chance((c.habits.tillPerWeek * TILL_SCALE * (WEEKDAY_FACTOR[weekday] ?? 1)) / 6.5))
      continue;
    const store = storeOf(rng.chance(0.9) ? c.homeStore : rng.pick(MARKTKORB_STORES).id);
    const at = cal.at(day, shoppingHour(rng, c, weekday));
    const month = new Date(at).getUTCMonth();
    const visit = { day, at, store, basket: groceryBasket(rng, shopperOf(c), month) };
    visits.push(visit);
    if (c.habits.wineAffinity > 0.5 && rng.chance(0.08))
      wineAdvice(log, c, visit, at - minutes(rng, 6, 15));
    tillPurchase(log, c, visit, payment);
  }
  return visits;
}
