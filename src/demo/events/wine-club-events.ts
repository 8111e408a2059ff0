import { CLUB_WINES, lineItem } from "../demo-catalogue.js";
import type { DemoCustomer } from "../demo-customer.js";
import type { Random } from "../random.js";
import { pickWine } from "./baskets.js";
import type { DemoLog } from "./demo-log.js";
import { basketOf, lineItems, slug } from "./event-helpers.js";
import { WebVisitor, type WebSession } from "./web-visitor.js";

export const VINELLO_HOST = "www.vinello-weinclub.ch";

export interface WineClubMembership {
  visitor: WebVisitor;
  fromDay: number;
}

/** The member logs in on the club's site; identify carries Vinello's own consents. */
function memberLogin(s: WebSession, c: DemoCustomer, tier: string): void {
  s.login({
    firstName: c.firstName,
    lastName: c.lastName,
    email: c.email,
    vinelloTier: tier,
    consents: c.consents.vinello ?? {},
  });
}

/** One visit of the wine club shop: browse wines, sometimes order a case. */
export function wineShopVisit(
  rng: Random,
  log: DemoLog,
  visitor: WebVisitor,
  at: number,
  campaign?: Record<string, unknown>,
) {
  const s = visitor.session(at, campaign ? undefined : "https://www.google.ch/", campaign);
  s.page("/", "Vinello Weinclub");
  const wines = rng.sample(CLUB_WINES, rng.int(1, 3));
  const first = wines[0] ?? pickWine(rng);
  s.page(`/weine/${first.tags[0] ?? "alle"}`, `Weine: ${first.tags[0] ?? "alle"}`);
  for (const wine of wines) {
    s.track("Product Viewed", {
      ...lineItem(wine),
      currency: "CHF",
      url: `https://${VINELLO_HOST}/weine/${wine.id}-${slug(wine.name)}`,
    });
  }
  if (rng.chance(0.3)) {
    const basket = basketOf(
      wines.map((w) => ({ product: w, quantity: wines.length === 1 ? 6 : 3 })),
    );
    for (const item of basket.items)
      s.track("Product Added", { ...lineItem(item.product, item.quantity), currency: "CHF" });
    s.finish();
    const orderId = `VIN-${log.next("vinello-order", 20001)}`;
    s.page("/kasse", "Kasse").track("Checkout Started", {
      order_id: orderId,
      value: basket.total,
      currency: "CHF",
    });
    s.wait(40, 200).track("Order Completed", {
      order_id: orderId,
      affiliation: "Vinello Weinclub",
      total: basket.total,
      revenue: basket.total,
      shipping: 0,
      currency: "CHF",
      products: lineItems(basket),
    });
  }
  s.finish();
}

/** Wine club membership: the first login with Vinello's consents, then shop visits. */
export function generateWineClubEvents(
  rng: Random,
  log: DemoLog,
  c: DemoCustomer,
): WineClubMembership | null {
  if (!c.habits.wineClub || !c.userId) return null;
  const cal = log.cal;
  const visitor = new WebVisitor(rng, log, c, "vinello-shop", VINELLO_HOST, "vin");
  const fromDay = c.memberFrom.vinello;
  if (fromDay === undefined || fromDay > cal.days) return null;
  const tier = rng.weighted([
    ["Classic", 70],
    ["Premium", 25],
    ["Grand Cru", 5],
  ] as const);
  const first = visitor.session(cal.at(fromDay, rng.around(20, 1.5, 8, 23)));
  first.page("/", "Vinello Weinclub");
  memberLogin(first, c, tier);
  first.page("/konto", "Mein Weinclub");
  for (let day = fromDay + 1; day <= cal.days; day++) {
    if (!rng.chance(0.12 / 7)) continue;
    wineShopVisit(rng, log, visitor, cal.at(day, rng.around(20, 1.5, 8, 23)));
  }
  return { visitor, fromDay };
}
