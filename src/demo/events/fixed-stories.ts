import {
  APERO_IDS,
  PROSECCO_ID,
  WASHING_MACHINES,
  MARKTKORB_STORES,
  SERVICES,
  productById,
  recipesForWine,
  type DemoProduct,
  type DemoStore,
} from "../demo-catalogue.js";
import type { DemoCustomer } from "../demo-customer.js";
import { nadineComplaintDay } from "../demo-customers.js";
import { formatLoyaltyCard } from "../demo-customers.js";
import { MARKTKORB_REVIEWS, VOLTARO_REVIEWS, pickText } from "../demo-texts.js";
import type { Random } from "../random.js";
import type { DemoLog } from "./demo-log.js";
import { basketOf, slug } from "./event-helpers.js";
import {
  VOLTARO_HOST,
  comparePrices,
  readReviews,
  searchAndShortlist,
  storeAdvice,
  storePurchase,
  voltaroStoreNear,
} from "./electronics-journey.js";
import type { Campaign } from "./newsletter-events.js";
import { viewRecipe, KOCHLUST_HOST } from "./recipe-events.js";
import { review } from "./review-events.js";
import { serviceCall } from "./service-events.js";
import { facebookComment, facebookUser } from "./social-events.js";
import { tillPurchase } from "./till-events.js";
import { MARKTKORB_HOST, shopVisit } from "./web-shop-events.js";
import { WebVisitor } from "./web-visitor.js";

const storeById = (id: string) => MARKTKORB_STORES.find((s) => s.id === id) as DemoStore;

/**
 * Seed 000: on the last shopping day before now, Marco buys the apéro at the till with his
 * Korbkarte, showing the digital card in the app; the wine club knows him from the Weinpost and
 * the shop, Kochlust from the recipes he reads.
 */
function marcoFritsche(rng: Random, log: DemoLog, c: DemoCustomer, campaigns: Campaign[]): void {
  const cal = log.cal;
  const day = cal.lastShopDay(cal.days - 1);
  const at = cal.at(day, 18, 24);
  const store = storeById(c.homeStore);
  const basket = basketOf(
    [productById(PROSECCO_ID), ...APERO_IDS.map(productById)].map((product) => ({
      product,
      quantity: 1,
    })),
  );
  log.add("marktkorb-app", at - 150_000, {
    type: "screen",
    name: "Digitale Korbkarte",
    userId: c.userId,
    anonymousId: `app-${c.key}`,
    context: {
      device: { id: `app-${c.key}`, type: "ios" },
      location: { city: store.city, country: "CH" },
    },
    properties: { store_id: store.id },
  });
  tillPurchase(log, c, { day, at, store, basket }, "card");

  // The Weinpost before the purchase: opened, and the featured wine looked at in the shop.
  const weinpost = campaigns.filter((k) => k.brandId === "vinello" && k.day < day - 1).at(-1);
  if (weinpost) {
    const opened = weinpost.sentAt + 40 * 60_000;
    const props = {
      campaign_id: weinpost.id,
      campaign_name: weinpost.name,
      email_subject: weinpost.subject,
    };
    const ids = { userId: c.userId, context: { traits: { email: c.email } } };
    log.add("vinello-newsletter", opened, {
      type: "track",
      event: "Email Opened",
      ...ids,
      properties: props,
    });
    log.add("vinello-newsletter", opened + 30_000, {
      type: "track",
      event: "Email Link Clicked",
      ...ids,
      properties: { ...props, link_url: weinpost.link },
    });
  }
  const kochlust = new WebVisitor(rng, log, c, "kochlust-web", KOCHLUST_HOST, "kl");
  const s = kochlust.session(cal.at(Math.max(0, day - 6), 21, 5));
  s.page("/", "Kochlust – Rezepte für jeden Tag");
  s.login({
    firstName: c.firstName,
    lastName: c.lastName,
    email: c.email,
    consents: c.consents.kochlust ?? {},
  });
  const recipes = recipesForWine(productById(PROSECCO_ID));
  viewRecipe(rng, s, recipes[2] ?? (recipes[0] as NonNullable<(typeof recipes)[0]>));
}

/**
 * Seed 004: Erika opens her online account halfway through the history. Her first visit is
 * anonymous, she registers, gives up at the delivery slot, calls the service line, orders for
 * pick-up the next day, collects it in store and rates the shop.
 */
function erikaBrunner(rng: Random, log: DemoLog, c: DemoCustomer): void {
  const cal = log.cal;
  const day = cal.lastShopDay(c.accountFromDay);
  const web = new WebVisitor(rng, log, c, "marktkorb-web", MARKTKORB_HOST, "mkw-erika");
  const first = web.session(cal.at(day, 10, 5), "https://www.google.ch/");
  first.page("/de", "Startseite").page("/de/c/dairy", "Milchprodukte & Eier");
  first.track("Product Viewed", {
    product_id: "mk-2013",
    name: "Vollmilch 1 l",
    price: 1.7,
    currency: "CHF",
  });
  first.page("/de/registrieren", "Konto eröffnen");
  first.login({
    firstName: c.firstName,
    lastName: c.lastName,
    email: c.email,
    phone: c.phone,
    loyaltyCard: formatLoyaltyCard(c.loyaltyCard ?? ""),
    birthYear: c.birthYear,
    consents: { analytics: true },
  });
  const basket = basketOf(
    ["mk-2013", "mk-2015", "mk-2011", "mk-2022"].map((id) => ({
      product: productById(id),
      quantity: 1,
    })),
  );
  shopVisit(rng, log, web, first.time + 120_000, { depth: "checkout", basket, pickUp: false });
  serviceCall(log, c, "marktkorb-service", cal.at(cal.lastShopDay(day + 1), 9, 20), {
    topic: "Webshop-Login",
    note: "Kundin fand kein freies Lieferfenster; Abholung in der Filiale erklärt",
    resolved: true,
    durationSeconds: 540,
    agent: "Sandra K.",
  });
  const orderDay = cal.lastShopDay(day + 1);
  const order = shopVisit(rng, log, web, cal.at(orderDay, 14, 10), {
    depth: "order",
    basket,
    pickUp: true,
  });
  const pickUpDay = Math.min(cal.days, orderDay + 1 + (cal.isSunday(orderDay + 1) ? 1 : 0));
  log.add("marktkorb-till", cal.at(pickUpDay, 10, 35), {
    type: "track",
    event: "Order Picked Up",
    anonymousId: `pickup-${order.orderId}`,
    context: { traits: { loyaltyCard: c.loyaltyCard } },
    properties: { order_id: order.orderId, store_id: c.homeStore },
  });
  if (order.orderId) {
    review(
      log,
      c,
      "marktkorb-reviews",
      cal.at(Math.min(cal.days, pickUpDay + 2), 16, 45),
      4,
      pickText(MARKTKORB_REVIEWS[4]),
      {
        order_id: order.orderId,
        subject: "webshop",
      },
    );
  }
}

/**
 * Seed 003, step by step: search → shortlist of four → reviews → advice in store → Facebook →
 * price comparison → newspaper insert → second visit → negotiation by phone → purchase.
 */
function lukasMeier(rng: Random, log: DemoLog, c: DemoCustomer): void {
  const cal = log.cal;
  const start = cal.lastWeekday(cal.days - 22, 0);
  const web = new WebVisitor(rng, log, c, "voltaro-web", VOLTARO_HOST, "vw-lukas", 2);
  const shortlist = WASHING_MACHINES.slice(0, 4);
  const chosen = shortlist[0] as DemoProduct;
  const store = voltaroStoreNear(c);
  const at = (offset: number, hour: number, minute = 0) =>
    cal.at(Math.min(cal.days, start + offset), hour, minute);

  const search = web.session(at(0, 19, 40), undefined, undefined, 0);
  searchAndShortlist(search, "waschmaschine 8kg test", shortlist);
  readReviews(rng, search, shortlist[0] as DemoProduct);
  readReviews(rng, search, shortlist[3] as DemoProduct);

  const wishlist = web.session(at(1, 20, 10), undefined, undefined, 0);
  wishlist.page(`/de/p/${chosen.id}-${slug(chosen.name)}`, chosen.name);
  wishlist.login({
    firstName: c.firstName,
    lastName: c.lastName,
    email: c.email,
    facebook: c.facebook,
    consents: c.consents.voltaro ?? {},
  });
  wishlist.track("Product Added to Wishlist", { product_id: chosen.id, name: chosen.name });

  storeAdvice(log, c, at(5, 11, 0), store, [chosen, shortlist[3] as DemoProduct], {
    salesperson: "Herr Keller",
    topic: "Beratung Waschmaschine: Fassungsvermögen, Lautstärke, Energieeffizienz",
  });
  const fb = facebookUser(rng, c.facebook ?? "lukas", c.email);
  log.add("voltaro-facebook", at(5, 15, 30), {
    type: "track",
    event: "Post Published",
    anonymousId: `fb-${fb.psid}`,
    context: { traits: { facebook: fb.handle } },
    properties: {
      post_id: `fbp-${log.next("facebook-post", 5001)}`,
      text: "Hat jemand Erfahrung mit der Lavanta WM 814 Eco? Lohnt sich der Aufpreis gegenüber der Nordwind?",
      network: "facebook",
      page: "Voltaro",
    },
  });
  const compare = web.session(at(6, 21, 15), undefined, undefined, 0);
  comparePrices(rng, compare, chosen, 899);
  compare.page(`/de/p/${chosen.id}-${slug(chosen.name)}`, chosen.name);
  compare.finish();

  // On the phone: the QR code in the newspaper insert.
  const print = web.session(at(8, 7, 30), undefined, undefined, 1);
  print.trackOn("voltaro-print", "Print Ad Scanned", {
    campaign: "Wochenprospekt Voltaro Winterthur",
    product_id: chosen.id,
    printed_price: 999,
    store_id: store.id,
  });
  print.page(`/de/p/${chosen.id}-${slug(chosen.name)}`, chosen.name);
  print.finish();

  storeAdvice(log, c, at(12, 10, 15), store, [chosen], {
    salesperson: "Herr Keller",
    topic: "Preis, Altgeräte-Rücknahme, Verfügbarkeit",
    mentioned_online_price: 899,
  });
  const service = web.session(at(12, 20, 30), undefined, undefined, 0);
  service
    .page("/de/service/garantie", "Service & Garantie")
    .page("/de/service/lieferung", "Lieferung & Installation");
  serviceCall(log, c, "voltaro-phone", at(13, 10, 5), {
    topic: "Preisverhandlung",
    note: "Preis CHF 949 inkl. Lieferung, Installation und Entsorgung der alten Maschine vereinbart",
    resolved: true,
    durationSeconds: 610,
    agent: "Herr Keller",
  });
  const bought = at(14, 16, 40);
  const orderId = storePurchase(log, c, bought, store, [
    { product: chosen, price: 821 },
    { product: SERVICES[0] as DemoProduct },
    { product: SERVICES[1] as DemoProduct },
  ]);
  review(log, c, "voltaro-reviews", at(21, 19, 0), 5, pickText(VOLTARO_REVIEWS[5]), {
    order_id: orderId,
    subject: "store",
  });
}

/**
 * Seeds 001/002: a late, incomplete delivery. The complaint comes on a Saturday on Facebook,
 * the one-star review on Sunday, the call on Monday, and that evening she unsubscribes from the
 * Weinpost (her planned revocation, emitted by the newsletter generator).
 */
function nadineRochat(rng: Random, log: DemoLog, c: DemoCustomer): void {
  const cal = log.cal;
  const saturday = nadineComplaintDay(cal);
  const fb = facebookUser(rng, c.facebook ?? "nadine", c.email);
  log.add("marktkorb-facebook", cal.at(Math.max(0, saturday - 40), 20, 45), {
    type: "track",
    event: "Contest Entered",
    anonymousId: `fb-${fb.psid}`,
    context: {
      traits: { facebook: fb.handle, email: c.email, firstName: c.firstName, lastName: c.lastName },
    },
    properties: { contest: "Apéro für vier", network: "facebook", page: "Marktkorb" },
  });
  const web = new WebVisitor(rng, log, c, "marktkorb-web", MARKTKORB_HOST, "mkw-nadine");
  const basket = basketOf(
    ["mk-2006", "mk-2017", "mk-2024", "mk-2025", "mk-2045", "mk-2037"].map((id) => ({
      product: productById(id),
      quantity: 1,
    })),
  );
  const order = shopVisit(rng, log, web, cal.at(saturday - 3, 21, 10), {
    depth: "order",
    basket,
    pickUp: false,
  });
  facebookComment(
    log,
    fb,
    cal.at(saturday, 11, 20),
    {
      text: "Zum zweiten Mal kommt meine Lieferung zu spät und unvollständig. Niemand ruft zurück. So nicht, Marktkorb!",
      tone: "negative",
    },
    "Wochenaktion: Schweizer Aprikosen",
  );
  review(
    log,
    c,
    "marktkorb-reviews",
    cal.at(saturday + 1, 10, 5),
    1,
    pickText(MARKTKORB_REVIEWS[1]),
    {
      order_id: order.orderId,
      subject: "webshop",
    },
  );
  serviceCall(log, c, "marktkorb-service", cal.at(saturday + 2, 8, 15), {
    topic: "Lieferung",
    note: "Lieferung verspätet und unvollständig, Gutschrift CHF 10 erfasst, fehlende Artikel nachgeliefert",
    resolved: true,
    durationSeconds: 420,
    agent: "Claudia R.",
  });
}

/** The scripted part of a well-known customer's history (the rest comes from the habits). */
export function generateFixedStory(
  rng: Random,
  log: DemoLog,
  c: DemoCustomer,
  campaigns: Campaign[],
): void {
  switch (c.fixed) {
    case "marco-fritsche":
      return marcoFritsche(rng, log, c, campaigns);
    case "erika-brunner":
      return erikaBrunner(rng, log, c);
    case "lukas-meier":
      return lukasMeier(rng, log, c);
    case "nadine-rochat":
      return nadineRochat(rng, log, c);
    default:
      return;
  }
}
