import type { ConsentPurpose } from "../core/consent/consent.js";
import type { DemoCity } from "./demo-names.js";
import type { DemoBrandId } from "./demo-sources.js";

/**
 * The hidden kinds of customer the world is built from (seed 004's personas). They are not
 * stored anywhere: the persona capability has to find them in the behaviour.
 */
export type DemoPersona = "apero" | "family" | "senior" | "digital" | "bargain";

export type ConsentPlan = Partial<Record<DemoBrandId, Partial<Record<ConsentPurpose, boolean>>>>;

/** How a customer behaves: rates per week, channels used, likelihoods. */
export interface DemoHabits {
  tillPerWeek: number;
  /** Orders in the Marktkorb web shop; `webFromDay` is when the customer starts. */
  webShop: boolean;
  webSessionsPerWeek: number;
  webFromDay: number;
  app: boolean;
  wineClub: boolean;
  recipes: boolean;
  facebook: boolean;
  /** Share of newsletters opened. */
  newsletterOpenRate: number;
  /** Likelihood to leave a review after a purchase. */
  reviewRate: number;
  serviceCalls: number;
  washingMachine: boolean;
  electronics: boolean;
  /** Likes wine: wine in baskets, the wine advice tablet, apéro baskets. */
  wineAffinity: number;
}

export interface DemoCustomer {
  key: string;
  persona: DemoPersona;
  firstName: string;
  lastName: string;
  gender: "female" | "male";
  email: string;
  phone: string | null;
  /** Korbkarte number, digits only. */
  loyaltyCard: string | null;
  /** The group-wide online account, if any; created on `accountFromDay`. */
  userId: string | null;
  accountFromDay: number;
  facebook: string | null;
  language: "de" | "fr" | "en";
  birthYear: number;
  city: DemoCity;
  homeStore: string;
  customerSince: string;
  /** The day the customer is first known to the group (0 for existing customers). */
  joinDay: number;
  /** The day the customer joins the wine club and the recipe portal (first login, consents). */
  memberFrom: { vinello?: number; kochlust?: number };
  habits: DemoHabits;
  consents: ConsentPlan;
  /** Consents withdrawn later in the history. */
  revocations: { brandId: DemoBrandId; purpose: ConsentPurpose; day: number }[];
  /** Set for the well-known customers whose stories are scripted. */
  fixed: string | null;
}

export const LOCALES: Record<DemoCustomer["language"], string> = {
  de: "de-CH",
  fr: "fr-CH",
  en: "en-GB",
};

/** The traits a brand knows about a customer, as identify sends them. */
export function customerTraits(c: DemoCustomer): Record<string, unknown> {
  return {
    firstName: c.firstName,
    lastName: c.lastName,
    email: c.email,
    ...(c.phone ? { phone: c.phone } : {}),
    gender: c.gender,
    birthYear: c.birthYear,
    language: c.language,
    timezone: "Europe/Zurich",
    address: { city: c.city.name, postalCode: c.city.postalCode, country: c.city.country },
  };
}
