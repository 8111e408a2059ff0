import {
  CLUB_WINES,
  MARKTKORB_STORES,
  RECIPES,
  lineItem,
  type DemoStore,
} from "../demo-catalogue.js";
import type { DemoPersona } from "../demo-customer.js";
import { FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES, mailSpelling } from "../demo-names.js";
import type { Random } from "../random.js";
import { groceryBasket } from "./baskets.js";
import type { DemoLog } from "./demo-log.js";
import { viewRecipe, KOCHLUST_HOST } from "./recipe-events.js";
import { generateFacebookEvents } from "./social-events.js";
import { tillPurchase } from "./till-events.js";
import { VINELLO_HOST } from "./wine-club-events.js";
import { MARKTKORB_HOST, shopVisit } from "./web-shop-events.js";
import { WebVisitor } from "./web-visitor.js";

const PERSONAS: DemoPersona[] = ["apero", "family", "senior", "digital", "bargain"];

export interface AnonymousVisitors {
  /** Profiles these people end up as: one each, since none of them is ever identified. */
  profiles: number;
}

/**
 * People the group never learns the name of: web visitors who never log in, shoppers who pay
 * without a Korbkarte, Facebook users who only comment. Each ends as one anonymous profile.
 */
export function generateAnonymousVisitors(
  rng: Random,
  log: DemoLog,
  customers: number,
): AnonymousVisitors {
  const cal = log.cal;
  const web = Math.round(customers * 0.1);
  const walkIns = Math.round(customers * 0.05);
  const facebook = Math.max(1, Math.round(customers * 0.01));
  for (let i = 0; i < web; i++) {
    const site = rng.weighted([
      ["marktkorb", 50],
      ["kochlust", 35],
      ["vinello", 15],
    ] as const);
    const sessions = rng.int(1, 3);
    const first = rng.int(0, cal.days - 1);
    // Never today: a visit later than `now` would not happen, and the visitor would not exist.
    const day = () => Math.min(cal.days - 1, first + rng.int(0, 20));
    const hour = () => rng.around(19, 3, 6, 23.5);
    if (site === "marktkorb") {
      const visitor = new WebVisitor(rng, log, null, "marktkorb-web", MARKTKORB_HOST, "mkw");
      const shopper = { persona: rng.pick(PERSONAS), wineAffinity: rng.next() };
      for (let s = 0; s < sessions; s++) {
        const at = cal.at(day(), hour());
        shopVisit(rng, log, visitor, at, {
          basket: groceryBasket(rng, shopper, new Date(at).getUTCMonth(), 0.5),
        });
      }
    } else if (site === "kochlust") {
      const visitor = new WebVisitor(rng, log, null, "kochlust-web", KOCHLUST_HOST, "kl");
      for (let s = 0; s < sessions; s++) {
        const session = visitor.session(cal.at(day(), hour()), "https://www.google.ch/");
        for (const recipe of rng.sample(RECIPES, rng.int(1, 2))) viewRecipe(rng, session, recipe);
      }
    } else {
      const visitor = new WebVisitor(rng, log, null, "vinello-shop", VINELLO_HOST, "vin");
      for (let s = 0; s < sessions; s++) {
        const session = visitor.session(cal.at(day(), hour()), "https://www.google.ch/");
        session.page("/", "Vinello Weinclub");
        for (const wine of rng.sample(CLUB_WINES, rng.int(1, 3)))
          session.track("Product Viewed", { ...lineItem(wine), currency: "CHF" });
      }
    }
  }
  for (let i = 0; i < walkIns; i++) {
    const day = cal.lastShopDay(rng.int(1, cal.days - 1));
    const store = rng.pick(MARKTKORB_STORES) as DemoStore;
    const at = cal.at(day, rng.around(15, 3, 8, 19.5));
    const shopper = { persona: rng.pick(PERSONAS), wineAffinity: rng.next() * 0.5 };
    const basket = groceryBasket(rng, shopper, new Date(at).getUTCMonth(), 0.6);
    tillPurchase(
      log,
      { loyaltyCard: null },
      { day, at, store, basket },
      rng.chance(0.5) ? "cash" : "card",
    );
  }
  for (let i = 0; i < facebook; i++) {
    const female = rng.chance(0.5);
    const first = rng.pick(female ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES);
    const handle = `${mailSpelling(first)}.${mailSpelling(rng.pick(LAST_NAMES))}.${100 + i}`;
    generateFacebookEvents(rng, log, null, handle);
  }
  return { profiles: web + walkIns + facebook };
}
