import { GROCERIES } from "../demo-catalogue.js";
import { LOCALES, type DemoCustomer } from "../demo-customer.js";
import type { Random } from "../random.js";
import type { DemoLog } from "./demo-log.js";
import { minutes } from "./event-helpers.js";
import type { TillVisit } from "./till-events.js";

const BROWSE_SCREENS = [
  "Aktionen",
  "Einkaufsliste",
  "Rezeptideen",
  "Filialfinder",
  "Korbkarte-Punkte",
];

/**
 * The Marktkorb app: installed and logged in once (identify with the device id), then browsed
 * at home and opened at the till to show the digital Korbkarte (seed 001's "apps in every store").
 */
export function generateAppEvents(
  rng: Random,
  log: DemoLog,
  c: DemoCustomer,
  visits: TillVisit[],
): void {
  if (!c.habits.app || !c.userId) return;
  const cal = log.cal;
  const ios = rng.chance(0.55);
  const device = c.fixed ? `app-${c.key}` : `app-${rng.hex(16)}`;
  const context = {
    locale: LOCALES[c.language],
    timezone: "Europe/Zurich",
    app: {
      name: "Marktkorb",
      version: rng.pick(["5.11.2", "5.12.0", "5.12.1"]),
      namespace: "ch.marktkorb.app",
    },
    device: { id: device, type: ios ? "ios" : "android", model: ios ? "iPhone15,3" : "Pixel 8" },
    os: { name: ios ? "iOS" : "Android", version: ios ? "17.5" : "14" },
  };
  const ids = { userId: c.userId, anonymousId: device };
  const first = Math.max(c.joinDay, c.accountFromDay) + rng.int(0, 6);
  if (first > cal.days) return;
  log.add("marktkorb-app", cal.at(first, rng.around(19, 2, 7, 22.5)), {
    type: "identify",
    ...ids,
    traits: {
      firstName: c.firstName,
      lastName: c.lastName,
      email: c.email,
      appPushEnabled: rng.chance(0.6),
    },
    context,
  });
  const couponRate = c.persona === "bargain" ? 0.6 : 0.25;
  for (let day = first + 1; day <= cal.days; day++) {
    if (!rng.chance(0.3 / 7)) continue;
    let t = cal.at(day, rng.around(19.5, 2, 6.5, 23));
    log.add("marktkorb-app", t, { type: "screen", name: "Start", ...ids, context });
    const screen = rng.pick(BROWSE_SCREENS);
    t += minutes(rng, 0.2, 2);
    log.add("marktkorb-app", t, { type: "screen", name: screen, ...ids, context });
    if (screen === "Aktionen" && rng.chance(couponRate)) {
      const product = rng.pick(GROCERIES);
      log.add("marktkorb-app", t + minutes(rng, 0.2, 1.5), {
        type: "track",
        event: "Coupon Activated",
        ...ids,
        context,
        properties: {
          coupon_id: `coupon-${product.id}`,
          product_id: product.id,
          name: product.name,
          discount: "20%",
        },
      });
    }
  }
  const atTill = c.persona === "digital" || c.persona === "bargain" ? 0.5 : 0.3;
  for (const visit of visits) {
    if (visit.day < first || !rng.chance(atTill)) continue;
    log.add("marktkorb-app", visit.at - minutes(rng, 1, 4), {
      type: "screen",
      name: "Digitale Korbkarte",
      ...ids,
      context: { ...context, location: { city: visit.store.city, country: "CH" } },
      properties: { store_id: visit.store.id },
    });
  }
}
