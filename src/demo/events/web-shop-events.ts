import { lineItem, type DemoProduct } from "../demo-catalogue.js";
import type { DemoCustomer } from "../demo-customer.js";
import type { Random } from "../random.js";
import { groceryBasket, shopperOf } from "./baskets.js";
import type { DemoLog } from "./demo-log.js";
import { basketOf, lineItems, round2, slug, type Basket } from "./event-helpers.js";
import { reviewLater } from "./review-events.js";
import { WebVisitor } from "./web-visitor.js";

export const MARKTKORB_HOST = "www.marktkorb.ch";

const CATEGORY_TITLES: Record<string, string> = {
  wine: "Wein & Schaumwein",
  antipasti: "Antipasti",
  cheese: "Käse",
  charcuterie: "Fleischwaren",
  bakery: "Brot & Backwaren",
  dairy: "Milchprodukte & Eier",
  fruit_veg: "Früchte & Gemüse",
  pantry: "Vorräte",
  meat_fish: "Fleisch & Fisch",
  drinks: "Getränke",
  snacks: "Snacks & Süsses",
  household: "Haushalt",
  baby: "Baby & Kind",
};

export type ShopDepth = "browse" | "cart" | "checkout" | "order";

export interface ShopOutcome {
  depth: ShopDepth;
  orderId: string | null;
  basket: Basket;
  end: number;
}

/** How far a visit goes: the funnel, with the drop-offs the analytics should find (seed 002). */
function depthOf(rng: Random, c: DemoCustomer | null): ShopDepth {
  if (!c) return rng.chance(0.35) ? "cart" : "browse";
  if (!rng.chance(0.6)) return "browse";
  if (c.persona === "family" && rng.chance(0.25)) return "cart";
  // Seniors give up at the delivery-slot step far more often than others.
  const abandonAtCheckout = c.persona === "senior" ? 0.45 : c.persona === "bargain" ? 0.25 : 0.15;
  if (!rng.chance(0.85)) return "cart";
  return rng.chance(abandonAtCheckout) ? "checkout" : "order";
}

const productProps = (p: DemoProduct) => {
  const { quantity: _q, ...rest } = lineItem(p);
  return {
    ...rest,
    currency: "CHF",
    url: `https://${MARKTKORB_HOST}/de/p/${p.id}-${slug(p.name)}`,
  };
};

/**
 * One visit of the Marktkorb web shop: home, a category, product views, and as far down the
 * funnel as `depth` says: cart, checkout, order (delivery or pick-up in store).
 */
export function shopVisit(
  rng: Random,
  log: DemoLog,
  visitor: WebVisitor,
  at: number,
  options: {
    depth?: ShopDepth;
    basket?: Basket;
    pickUp?: boolean;
    referrer?: string;
    campaign?: Record<string, unknown>;
  } = {},
): ShopOutcome {
  const c = visitor.customer;
  const depth = options.depth ?? depthOf(rng, c);
  const month = new Date(at).getUTCMonth();
  const full = options.basket ?? (c ? groceryBasket(rng, shopperOf(c), month, 0.8) : basketOf([]));
  const s = visitor.session(at, options.referrer, options.campaign);
  s.page("/de", "Startseite");
  if (c && !s.isLoggedIn && rng.chance(0.5)) s.login();
  const shown = full.items.length > 0 ? full.items : [];
  const first = shown[0]?.product;
  if (first) s.page(`/de/c/${first.category}`, CATEGORY_TITLES[first.category] ?? first.category);
  for (const item of rng.sample(shown, rng.int(1, 3)))
    s.track("Product Viewed", productProps(item.product));
  if (depth === "browse" || shown.length === 0) {
    if (c) s.finish();
    return { depth, orderId: null, basket: full, end: s.time };
  }
  const cartId = `cart-${s.cookie.slice(-6)}-${log.next("cart")}`;
  // The visit adds a few products; the rest comes from the saved shopping list.
  for (const item of shown.slice(0, rng.int(1, 3))) {
    s.track("Product Added", {
      cart_id: cartId,
      ...productProps(item.product),
      quantity: item.quantity,
    });
  }
  s.page("/de/warenkorb", "Warenkorb").track("Cart Viewed", {
    cart_id: cartId,
    products: lineItems(full),
  });
  if (depth === "cart" || !c) {
    if (c) s.finish();
    return { depth, orderId: null, basket: full, end: s.time };
  }
  s.login();
  const orderId = `MK-W-${log.next("web-order", 400001)}`;
  const pickUp = options.pickUp ?? (c.persona === "senior" ? rng.chance(0.7) : rng.chance(0.25));
  const shipping = pickUp || full.total >= 99 ? 0 : 7.9;
  s.page("/de/kasse", "Kasse").track("Checkout Started", {
    order_id: orderId,
    value: full.total,
    currency: "CHF",
    products: lineItems(full),
  });
  s.track("Checkout Step Viewed", {
    checkout_id: orderId,
    step: 2,
    step_name: pickUp ? "Abholfiliale" : "Lieferfenster",
  });
  if (depth === "checkout") return { depth, orderId: null, basket: full, end: s.time };
  s.wait(30, 180).track("Order Completed", {
    order_id: orderId,
    affiliation: "Marktkorb Webshop",
    total: round2(full.total + shipping),
    revenue: full.total,
    shipping,
    currency: "CHF",
    delivery_method: pickUp ? "pick_up" : "delivery",
    ...(pickUp ? { pick_up_store: c.homeStore } : {}),
    products: lineItems(full),
  });
  return { depth, orderId, basket: full, end: s.time };
}

/** A customer's web shop visits over the history (from the day the online account exists). */
export function generateWebShopEvents(
  rng: Random,
  log: DemoLog,
  c: DemoCustomer,
): WebVisitor | null {
  if (!c.habits.webShop || !c.userId) return null;
  const visitor = new WebVisitor(
    rng,
    log,
    c,
    "marktkorb-web",
    MARKTKORB_HOST,
    "mkw",
    rng.int(1, 2),
  );
  const cal = log.cal;
  for (let day = Math.max(c.joinDay, c.habits.webFromDay); day <= cal.days; day++) {
    if (!rng.chance((c.habits.webSessionsPerWeek * 0.4) / 7)) continue;
    const hour = rng.chance(0.7) ? rng.around(20, 1.5, 17, 23) : rng.around(10, 2, 6.5, 16);
    const outcome = shopVisit(rng, log, visitor, cal.at(day, hour));
    if (outcome.orderId) {
      reviewLater(rng, log, c, "marktkorb-reviews", outcome.orderId, outcome.end, "webshop");
    }
  }
  return visitor;
}
