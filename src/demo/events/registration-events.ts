import { customerTraits, type DemoCustomer } from "../demo-customer.js";
import { formatLoyaltyCard } from "../demo-customers.js";
import type { Random } from "../random.js";
import type { DemoLog } from "./demo-log.js";

/**
 * How a customer becomes known to the group: the Korbkarte register (or the online account)
 * sends an identify with the customer's traits, card and Marktkorb consents. Existing customers
 * come in with the nightly sync at the start of the history; new ones on the day they join.
 */
export function generateRegistration(rng: Random, log: DemoLog, c: DemoCustomer): void {
  const cal = log.cal;
  const at =
    c.joinDay === 0 ? cal.at(0, 0.5 + rng.next() * 5) : cal.at(c.joinDay, rng.around(14, 3, 8, 20));
  const online = c.userId !== null && c.accountFromDay <= c.joinDay;
  log.add("marktkorb-korbkarte", at, {
    type: "identify",
    ...(online ? { userId: c.userId } : { anonymousId: `korbkarte-${c.key}` }),
    traits: {
      ...customerTraits(c),
      // The register prints the card number with spaces; identity resolution must not care.
      ...(c.loyaltyCard ? { loyaltyCard: formatLoyaltyCard(c.loyaltyCard) } : {}),
      customerSince: c.customerSince,
      consents: c.consents.marktkorb ?? {},
    },
  });
  // A customer who opens the online account later: the account's first identify names the
  // email and card it belongs to, so the new user id joins the existing profile.
  if (c.userId && !online && c.accountFromDay <= cal.days && !c.fixed) {
    log.add("marktkorb-web", cal.at(c.accountFromDay, rng.around(10, 1, 7, 12)), {
      type: "identify",
      userId: c.userId,
      traits: {
        firstName: c.firstName,
        lastName: c.lastName,
        email: c.email,
        ...(c.loyaltyCard ? { loyaltyCard: formatLoyaltyCard(c.loyaltyCard) } : {}),
      },
    });
  }
}
