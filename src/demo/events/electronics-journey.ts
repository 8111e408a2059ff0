import {
  ELECTRONICS,
  SERVICES,
  VOLTARO_STORES,
  WASHING_MACHINES,
  lineItem,
  type DemoProduct,
  type DemoStore,
} from "../demo-catalogue.js";
import type { DemoCustomer } from "../demo-customer.js";
import type { Random } from "../random.js";
import type { DemoLog } from "./demo-log.js";
import { basketOf, lineItems, round2, slug } from "./event-helpers.js";
import { reviewLater } from "./review-events.js";
import { serviceCall } from "./service-events.js";
import { WebVisitor, type WebSession } from "./web-visitor.js";

export const VOLTARO_HOST = "www.voltaro.ch";

const SALESPEOPLE = ["Herr Keller", "Frau Sutter", "Herr Ramadani", "Frau Brändli"];

export function voltaroStoreNear(c: DemoCustomer): DemoStore {
  const found = VOLTARO_STORES.find((s) => s.city === c.city.name);
  return found ?? (VOLTARO_STORES[0] as DemoStore);
}

/** How the store knows the customer: the Korbkarte (accepted across the group), else the email. */
function storeTraits(c: DemoCustomer): Record<string, unknown> {
  return c.loyaltyCard ? { loyaltyCard: c.loyaltyCard } : { email: c.email };
}

export const productProps = (p: DemoProduct) => ({
  ...lineItem(p),
  currency: "CHF",
  url: `https://${VOLTARO_HOST}/de/p/${p.id}-${slug(p.name)}`,
});

/** Step: a search engine ad brings the customer to the shop's washing machine category. */
export function searchAndShortlist(s: WebSession, query: string, shortlist: DemoProduct[]): void {
  s.trackOn("voltaro-search", "Search Ad Clicked", {
    query,
    ad_group: "Waschmaschinen",
    engine: "search",
  });
  s.page("/de/c/waschmaschinen", "Waschmaschinen");
  s.track("Products Searched", { query });
  for (const p of shortlist) s.wait(40, 180).track("Product Viewed", productProps(p));
}

/** Step: the Kaufsiegel review widget on a product page. */
export function readReviews(rng: Random, s: WebSession, p: DemoProduct): void {
  s.trackOn("voltaro-reviews", "Product Reviews Viewed", {
    product_id: p.id,
    name: p.name,
    portal: "Kaufsiegel",
    average_rating: round2(3.6 + rng.next() * 1.2),
    review_count: rng.int(12, 240),
  });
}

/** Step: a price comparison portal lists offers; the click lands on the shop. */
export function comparePrices(
  rng: Random,
  s: WebSession,
  p: DemoProduct,
  lowest = round2(p.price * 0.86),
): void {
  s.trackOn("voltaro-pricecompare", "Offer Clicked", {
    product_id: p.id,
    name: p.name,
    portal: "Preisradar",
    merchant: "Voltaro",
    price: p.price,
    lowest_price: lowest,
    offers: rng.int(6, 19),
    rank: rng.int(3, 8),
  });
}

/** Step: advice by a salesperson in a store. */
export function storeAdvice(
  log: DemoLog,
  c: DemoCustomer,
  at: number,
  store: DemoStore,
  products: DemoProduct[],
  details: { salesperson: string; topic: string; mentioned_online_price?: number },
): void {
  const n = log.next("voltaro-advice", 5001);
  log.add("voltaro-store", at, {
    type: "track",
    event: "Advice Received",
    anonymousId: `advice-${store.id}-${n}`,
    context: { traits: storeTraits(c), location: { city: store.city, country: "CH" } },
    properties: {
      advice_id: `advice-${n}`,
      store_id: store.id,
      store_name: store.name,
      product_ids: products.map((p) => p.id),
      ...details,
    },
  });
}

/** Step: the purchase at a Voltaro till. */
export function storePurchase(
  log: DemoLog,
  c: DemoCustomer,
  at: number,
  store: DemoStore,
  items: { product: DemoProduct; price?: number }[],
) {
  const n = log.next(`receipt-${store.id}`, 200001);
  const basket = basketOf(
    items.map((i) => ({
      product: { ...i.product, price: i.price ?? i.product.price },
      quantity: 1,
    })),
  );
  const orderId = `${store.id}-${n}`;
  log.add("voltaro-store", at, {
    type: "track",
    event: "Order Completed",
    anonymousId: `receipt-${store.id}-${n}`,
    context: { traits: storeTraits(c), location: { city: store.city, country: "CH" } },
    properties: {
      order_id: orderId,
      affiliation: store.name,
      store_id: store.id,
      total: basket.total,
      revenue: basket.total,
      currency: "CHF",
      products: lineItems(basket),
    },
  });
  return orderId;
}

/** Voltaro's own consents, given at the first login on its site. */
export function voltaroLogin(s: WebSession, c: DemoCustomer): void {
  s.login({
    firstName: c.firstName,
    lastName: c.lastName,
    email: c.email,
    consents: c.consents.voltaro ?? {},
  });
}

/**
 * Seed 003 for a generated customer: the old machine breaks; search, shortlist, reviews, maybe
 * advice in store, price comparison, a newspaper insert, a phone call; then a purchase in
 * store, online, or nowhere (lost to a competitor).
 */
export function generateWashingMachineJourney(rng: Random, log: DemoLog, c: DemoCustomer): void {
  if (!c.habits.washingMachine || !c.userId) return;
  const cal = log.cal;
  const from = Math.max(c.joinDay, c.accountFromDay);
  if (from > cal.days - 3) return;
  const start = rng.int(from, cal.days - 3);
  const visitor = new WebVisitor(rng, log, c, "voltaro-web", VOLTARO_HOST, "vw", 2);
  const shortlist = rng.sample(WASHING_MACHINES, 4);
  const chosen = shortlist[0] as DemoProduct;
  const store = voltaroStoreNear(c);
  const s = visitor.session(cal.at(start, rng.around(20, 1.5, 7, 23)));
  searchAndShortlist(
    s,
    rng.pick([
      "waschmaschine test",
      "waschmaschine 8 kg",
      "waschmaschine leise",
      "waschmaschine kaufen",
    ]),
    shortlist,
  );
  for (const p of shortlist.slice(0, 2)) readReviews(rng, s, p);
  voltaroLogin(s, c);
  s.track("Product Added to Wishlist", { product_id: chosen.id, name: chosen.name });
  let day = start;
  if (rng.chance(0.7)) {
    day = cal.lastShopDay(Math.min(cal.days, day + rng.int(1, 5)));
    storeAdvice(log, c, cal.at(day, rng.around(14, 2.5, 9, 18.5)), store, shortlist.slice(0, 2), {
      salesperson: rng.pick(SALESPEOPLE),
      topic: "Beratung Waschmaschine",
    });
  }
  if (rng.chance(0.55)) {
    day = Math.min(cal.days, day + rng.int(0, 3));
    const compare = visitor.session(cal.at(day, rng.around(21, 1, 18, 23.5)));
    comparePrices(rng, compare, chosen);
    compare.page(`/de/p/${chosen.id}-${slug(chosen.name)}`, chosen.name);
    compare.finish();
  }
  if (rng.chance(0.25)) {
    // The weekly insert in the newspaper: a QR code scanned on the phone.
    day = Math.min(cal.days, day + rng.int(0, 2));
    const scan = visitor.session(cal.at(day, rng.around(8, 1.5, 6, 21)), undefined, undefined, 1);
    scan.trackOn("voltaro-print", "Print Ad Scanned", {
      campaign: `Wochenprospekt ${store.name}`,
      product_id: chosen.id,
      store_id: store.id,
    });
    scan.page(`/de/p/${chosen.id}-${slug(chosen.name)}`, chosen.name);
    scan.finish();
  }
  if (rng.chance(0.3)) {
    day = cal.lastShopDay(Math.min(cal.days, day + rng.int(1, 3)));
    serviceCall(log, c, "voltaro-phone", cal.at(day, rng.around(11, 2, 8.5, 18)), {
      topic: "Preisverhandlung",
      note: "Kunde nennt Online-Preis; Angebot inkl. Lieferung und Entsorgung",
      resolved: true,
      durationSeconds: rng.int(240, 720),
      agent: rng.pick(SALESPEOPLE),
    });
  }
  const outcome = rng.weighted([
    ["store", 50],
    ["web", 25],
    ["lost", 25],
  ] as const);
  day = cal.lastShopDay(Math.min(cal.days, day + rng.int(1, 6)));
  if (outcome === "store") {
    const items = [
      { product: chosen, price: round2(chosen.price * 0.92) },
      ...SERVICES.slice(0, 2).map((p) => ({ product: p })),
    ];
    const at = cal.at(day, rng.around(15, 2, 9.5, 18.5));
    const orderId = storePurchase(log, c, at, store, items);
    reviewLater(rng, log, c, "voltaro-reviews", orderId, at, "store");
  } else if (outcome === "web") {
    const buy = visitor.session(cal.at(day, rng.around(20.5, 1, 18, 23.5)));
    buy.page(`/de/p/${chosen.id}-${slug(chosen.name)}`, chosen.name);
    buy.login();
    buy.track("Product Added", { ...productProps(chosen), quantity: 1 });
    const orderId = `VT-W-${log.next("voltaro-web-order", 80001)}`;
    const basket = basketOf([
      { product: chosen, quantity: 1 },
      { product: SERVICES[0] as DemoProduct, quantity: 1 },
    ]);
    buy.track("Checkout Started", { order_id: orderId, value: basket.total, currency: "CHF" });
    buy.wait(60, 240).track("Order Completed", {
      order_id: orderId,
      affiliation: "Voltaro Onlineshop",
      total: basket.total,
      revenue: basket.total,
      currency: "CHF",
      products: lineItems(basket),
    });
    reviewLater(rng, log, c, "voltaro-reviews", orderId, buy.time, "webshop");
  }
}

/** Small electronics bought in a Voltaro store with the Korbkarte. */
export function generateElectronicsPurchase(rng: Random, log: DemoLog, c: DemoCustomer): void {
  if (!c.habits.electronics || !c.loyaltyCard) return;
  const cal = log.cal;
  const day = cal.lastShopDay(rng.int(c.joinDay, cal.days));
  if (day < c.joinDay) return;
  const product = rng.pick(ELECTRONICS);
  storePurchase(log, c, cal.at(day, rng.around(15, 2.5, 9.5, 19)), voltaroStoreNear(c), [
    { product },
  ]);
}
