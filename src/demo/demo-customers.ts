import type { DemoCalendar } from "./demo-calendar.js";

/**
 * The well-known customers of the demo world, each with a story from the seeds. Tests, docs
 * and demos rely on these identifiers: they never change.
 *
 * Identifiers are given in their canonical form (as `store.profiles.findByIdentifier` takes
 * them): emails lower-case, loyalty cards as digits, phones in E.164.
 */
export interface FixedDemoCustomer {
  key: string;
  firstName: string;
  lastName: string;
  gender: "female" | "male";
  email: string;
  /** The group-wide online account (one login for every brand). */
  userId: string;
  /** Korbkarte number, digits only; printed on the card as "2501 0815 4711". */
  loyaltyCard: string;
  phone: string;
  facebook: string | null;
  birthYear: number;
  city: string;
  postalCode: string;
  language: "de" | "fr" | "en";
  story: string;
}

/**
 * Seed 000: buys olives, dried tomatoes, parmesan, bresaola and a Bio Prosecco DOC at the
 * Marktkorb till with his Korbkarte on the last shopping day before `now`; a Vinello wine club
 * member who reads the Weinpost and Kochlust recipes. Consents to Vinello email marketing and
 * to cross-brand personalisation, so the wine club may write to him about his Prosecco.
 */
export const MARCO_FRITSCHE = {
  key: "marco-fritsche",
  firstName: "Marco",
  lastName: "Fritsche",
  gender: "male",
  email: "marco.fritsche@bluewin.ch",
  userId: "ak-100001",
  loyaltyCard: "250108154711",
  phone: "+41795550123",
  facebook: null,
  birthYear: 1983,
  city: "Zürich",
  postalCode: "8004",
  language: "de",
  story: "Apéro at the till (Prosecco + antipasti) → the wine club's next experience (seed 000)",
} as const satisfies FixedDemoCustomer;

/**
 * Seed 004: a 68-year-old who always shopped in store and, halfway through the history,
 * opens an online account and becomes a hybrid shopper (order online, pick up in store).
 * Abandons her first checkout at the delivery slot, calls the service line, then succeeds.
 */
export const ERIKA_BRUNNER = {
  key: "erika-brunner",
  firstName: "Erika",
  lastName: "Brunner",
  gender: "female",
  email: "erika.brunner@gmx.ch",
  userId: "ak-100002",
  loyaltyCard: "250119580307",
  phone: "+41315521748",
  facebook: null,
  birthYear: 1958,
  city: "Bern",
  postalCode: "3011",
  language: "de",
  story: "Senior turned hybrid shopper: store for years, web shop since mid-history (seed 004)",
} as const satisfies FixedDemoCustomer;

/**
 * Seed 003: buys a washing machine over three weeks: search ad → Voltaro web shop (shortlist
 * of four) → reviews on Kaufsiegel → advice in the Winterthur store → asks on Facebook →
 * price comparison → newspaper insert → second store visit → negotiates by phone → buys in
 * store with his Korbkarte → rates the purchase.
 */
export const LUKAS_MEIER = {
  key: "lukas-meier",
  firstName: "Lukas",
  lastName: "Meier",
  gender: "male",
  email: "lukas.meier@gmail.com",
  userId: "ak-100003",
  loyaltyCard: "250177023344",
  phone: "+41786402291",
  facebook: "lukas.meier.winti",
  birthYear: 1991,
  city: "Winterthur",
  postalCode: "8400",
  language: "de",
  story: "Washing machine: online and offline interleaved until the purchase in store (seed 003)",
} as const satisfies FixedDemoCustomer;

/**
 * Seeds 001/002: a web shop delivery arrives late and incomplete; she complains on the
 * Marktkorb Facebook page on a Saturday, gives one star on Kaufsiegel, calls the service
 * line, and unsubscribes from the Vinello Weinpost (email consent revoked).
 */
export const NADINE_ROCHAT = {
  key: "nadine-rochat",
  firstName: "Nadine",
  lastName: "Rochat",
  gender: "female",
  email: "nadine.rochat@sunrise.ch",
  userId: "ak-100004",
  loyaltyCard: "250144209911",
  phone: "+41763184502",
  facebook: "nadine.rochat.biel",
  birthYear: 1987,
  city: "Biel/Bienne",
  postalCode: "2502",
  language: "fr",
  story:
    "A moment of truth gone wrong: late delivery → Facebook complaint at the weekend → 1 star → unsubscribes",
} as const satisfies FixedDemoCustomer;

export const FIXED_DEMO_CUSTOMERS: readonly FixedDemoCustomer[] = [
  MARCO_FRITSCHE,
  ERIKA_BRUNNER,
  LUKAS_MEIER,
  NADINE_ROCHAT,
];

/** Nadine's Saturday of the complaint: the last Saturday at least eight days before today. */
export function nadineComplaintDay(cal: DemoCalendar): number {
  return cal.lastWeekday(cal.days - 8, 5);
}

/** "250108154711" → "2501 0815 4711", as printed on the card. */
export function formatLoyaltyCard(digits: string): string {
  return digits.replace(/(\d{4})(?=\d)/g, "$1 ");
}
