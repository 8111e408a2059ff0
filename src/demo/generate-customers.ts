import type { DemoCalendar } from "./demo-calendar.js";
import type { DemoCustomer, DemoHabits } from "./demo-customer.js";
import {
  FIXED_DEMO_CUSTOMERS,
  nadineComplaintDay,
  type FixedDemoCustomer,
} from "./demo-customers.js";
import {
  CITIES,
  EMAIL_DOMAINS_AT,
  EMAIL_DOMAINS_CH,
  EMAIL_DOMAINS_DE,
  FEMALE_FIRST_NAMES,
  LAST_NAMES,
  MALE_FIRST_NAMES,
  mailSpelling,
  type DemoCity,
} from "./demo-names.js";
import { PERSONAS, PROFILES } from "./demo-personas.js";
import type { Random } from "./random.js";

/** Share of customers who join during the history (the rest are existing customers). */
const NEW_CUSTOMER_SHARE = 0.12;

class Unique {
  private readonly seen = new Set<string>();
  constructor(reserved: Iterable<string> = []) {
    for (const r of reserved) this.seen.add(r);
  }
  /** The first candidate not taken yet; `next` makes more candidates. */
  take(first: string, next: (attempt: number) => string): string {
    let value = first;
    for (let attempt = 1; this.seen.has(value); attempt++) value = next(attempt);
    this.seen.add(value);
    return value;
  }
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function cityOf(name: string, postalCode: string): DemoCity {
  const city = CITIES.find((c) => c.name === name && c.postalCode === postalCode);
  if (!city) throw new Error(`no demo city ${postalCode} ${name}`);
  return city;
}

function emailOf(rng: Random, first: string, last: string, birthYear: number, city: DemoCity) {
  const f = mailSpelling(first);
  const l = mailSpelling(last);
  const local = rng.weighted<string>([
    [`${f}.${l}`, 45],
    [`${f[0] ?? "x"}.${l}`, 15],
    [`${f}${l}`, 10],
    [`${f}.${l}${String(birthYear).slice(2)}`, 15],
    [`${l}.${f}`, 8],
    [`${f}_${l}`, 7],
  ]);
  const domains =
    city.country === "DE"
      ? EMAIL_DOMAINS_DE
      : city.country === "AT"
        ? EMAIL_DOMAINS_AT
        : EMAIL_DOMAINS_CH;
  return { local, domain: rng.weighted(domains) };
}

/**
 * The customers of the demo world: the fixed ones first, then `count - fixed` drawn from the
 * personas. Deterministic for a seed.
 */
export function generateCustomers(rng: Random, cal: DemoCalendar, count: number): DemoCustomer[] {
  const year = new Date(cal.now).getUTCFullYear();
  const fixed = FIXED_DEMO_CUSTOMERS.slice(0, Math.min(count, FIXED_DEMO_CUSTOMERS.length));
  const emails = new Unique(fixed.map((c) => c.email));
  const cards = new Unique(fixed.map((c) => c.loyaltyCard));
  const phones = new Unique(fixed.map((c) => c.phone));
  const handles = new Unique(fixed.flatMap((c) => (c.facebook ? [c.facebook] : [])));
  const customers = fixed.map((c) => fixedCustomer(c, cal));

  for (let i = customers.length; i < count; i++) {
    const persona = rng.weighted(PERSONAS);
    const p = PROFILES[persona];
    const gender = rng.chance(0.5) ? "female" : "male";
    const firstName = rng.pick(gender === "female" ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES);
    const lastName = rng.pick(LAST_NAMES);
    const birthYear = year - rng.int(p.age[0], p.age[1]);
    const city = rng.weighted(CITIES.map((c) => [c, c.weight] as const));
    const language =
      city.country !== "CH"
        ? "de"
        : city.name === "Lausanne" || city.name === "Biel/Bienne"
          ? rng.weighted<"de" | "fr" | "en">([
              ["fr", 60],
              ["de", 35],
              ["en", 5],
            ])
          : rng.weighted<"de" | "fr" | "en">([
              ["de", 88],
              ["fr", 5],
              ["en", 7],
            ]);
    const { local, domain } = emailOf(rng, firstName, lastName, birthYear, city);
    const email = emails.take(`${local}@${domain}`, (n) => `${local}${n + 1}@${domain}`);
    const phone =
      city.country === "CH" && rng.chance(0.55)
        ? phones.take(
            `+417${rng.int(5, 9)}${rng.int(1000000, 9999999)}`,
            () => `+417${rng.int(5, 9)}${rng.int(1000000, 9999999)}`,
          )
        : null;
    const newCard = () => `2501${String(rng.int(0, 99999999)).padStart(8, "0")}`;
    const loyaltyCard = rng.chance(p.card) ? cards.take(newCard(), newCard) : null;
    const joinDay = rng.chance(NEW_CUSTOMER_SHARE) ? rng.int(1, Math.max(1, cal.days - 7)) : 0;
    let userId: string | null = null;
    let accountFromDay = joinDay;
    if (rng.chance(p.account)) userId = `ak-${100001 + i}`;
    else if (persona === "senior" && rng.chance(0.35)) {
      // Seed 004: seniors who start shopping online during the history (the hybrid model).
      userId = `ak-${100001 + i}`;
      accountFromDay = Math.max(
        joinDay,
        rng.int(Math.floor(cal.days * 0.3), Math.floor(cal.days * 0.85)),
      );
    }
    const online = userId !== null;
    const habits: DemoHabits = {
      tillPerWeek: loyaltyCard ? rng.around(p.tillPerWeek, p.tillPerWeek * 0.4, 0.15, 4) : 0,
      webShop: online && (rng.chance(p.webShop) || accountFromDay > joinDay),
      webSessionsPerWeek: rng.around(p.webSessionsPerWeek, p.webSessionsPerWeek * 0.4, 0.1, 3),
      webFromDay: accountFromDay,
      app: online && rng.chance(p.app),
      wineClub: online && rng.chance(p.wineClub),
      recipes: online && rng.chance(p.recipes),
      facebook: rng.chance(p.facebook),
      newsletterOpenRate: rng.around(p.newsletterOpenRate, 0.1, 0.02, 0.9),
      reviewRate: p.reviewRate,
      serviceCalls: p.serviceCalls,
      washingMachine: online && rng.chance(p.washingMachine),
      electronics: loyaltyCard !== null && rng.chance(0.1),
      wineAffinity: rng.around(p.wineAffinity, 0.15, 0, 1),
    };
    // Clubs and journeys that would only start after today are not part of this history.
    const onlineFrom = Math.max(joinDay, accountFromDay);
    const memberFrom: DemoCustomer["memberFrom"] = {};
    if (habits.wineClub) memberFrom.vinello = onlineFrom + rng.int(0, 20);
    if (habits.recipes) memberFrom.kochlust = onlineFrom + rng.int(0, 30);
    habits.wineClub &&= (memberFrom.vinello ?? Infinity) < cal.days;
    habits.recipes &&= (memberFrom.kochlust ?? Infinity) < cal.days;
    habits.washingMachine &&= onlineFrom <= cal.days - 3;
    if (!habits.wineClub) delete memberFrom.vinello;
    if (!habits.recipes) delete memberFrom.kochlust;
    const facebook = habits.facebook
      ? handles.take(
          `${mailSpelling(firstName)}.${mailSpelling(lastName)}`,
          (n) => `${mailSpelling(firstName)}.${mailSpelling(lastName)}.${n}`,
        )
      : null;
    const emailMarketing = rng.chance(p.emailConsent);
    const consents: DemoCustomer["consents"] = {
      marktkorb: {
        email_marketing: emailMarketing,
        cross_brand_personalisation: rng.chance(p.crossBrand),
        ...(online ? { analytics: rng.chance(0.85) } : {}),
      },
    };
    if (habits.wineClub) {
      consents.vinello = {
        email_marketing: rng.chance(0.8),
        cross_brand_personalisation: rng.chance(0.6),
      };
    }
    if (habits.recipes) consents.kochlust = { email_marketing: rng.chance(0.4) };
    if (habits.washingMachine) {
      consents.voltaro = {
        email_marketing: rng.chance(0.3),
        cross_brand_personalisation: rng.chance(0.45),
      };
    }
    // A revocation comes at least two weeks after the consent was given.
    const revocations: DemoCustomer["revocations"] = [];
    const revoke = (brandId: "vinello" | "marktkorb", given: number) => {
      const from = Math.max(given + 14, Math.floor(cal.days * 0.25));
      if (from <= cal.days - 1)
        revocations.push({ brandId, purpose: "email_marketing", day: rng.int(from, cal.days - 1) });
    };
    if (consents.vinello?.email_marketing && memberFrom.vinello !== undefined && rng.chance(0.12)) {
      revoke("vinello", memberFrom.vinello);
    }
    if (emailMarketing && rng.chance(0.04)) revoke("marktkorb", joinDay);
    customers.push({
      key: `c${String(i + 1).padStart(5, "0")}`,
      persona,
      firstName,
      lastName,
      gender,
      email,
      phone,
      loyaltyCard,
      userId,
      accountFromDay,
      facebook,
      language,
      birthYear,
      city,
      homeStore: city.store,
      customerSince:
        joinDay === 0
          ? isoDate(cal.dayStart(0) - rng.int(60, 15 * 365) * 86_400_000)
          : isoDate(cal.at(joinDay, 12)),
      joinDay,
      memberFrom,
      habits,
      consents,
      revocations,
      fixed: null,
    });
  }
  return customers;
}

/** The scripted customers: habits that fit their stories, consents as the stories need them. */
function fixedCustomer(f: FixedDemoCustomer, cal: DemoCalendar): DemoCustomer {
  const base = {
    key: f.key,
    firstName: f.firstName,
    lastName: f.lastName,
    gender: f.gender,
    email: f.email,
    phone: f.phone,
    loyaltyCard: f.loyaltyCard,
    userId: f.userId,
    accountFromDay: 0,
    facebook: f.facebook,
    language: f.language,
    birthYear: f.birthYear,
    city: cityOf(f.city, f.postalCode),
    homeStore: cityOf(f.city, f.postalCode).store,
    joinDay: 0,
    memberFrom: { vinello: 3, kochlust: 5 },
    revocations: [],
    fixed: f.key,
  } satisfies Partial<DemoCustomer>;
  const habits: DemoHabits = {
    tillPerWeek: 1.2,
    webShop: false,
    webSessionsPerWeek: 0.4,
    webFromDay: 0,
    app: false,
    wineClub: false,
    recipes: false,
    facebook: false,
    newsletterOpenRate: 0.5,
    reviewRate: 0,
    serviceCalls: 0,
    washingMachine: false,
    electronics: false,
    wineAffinity: 0.3,
  };
  switch (f.key) {
    case "marco-fritsche":
      return {
        ...base,
        persona: "apero",
        customerSince: "2016-04-09",
        habits: {
          ...habits,
          app: true,
          wineClub: true,
          recipes: true,
          wineAffinity: 0.9,
          newsletterOpenRate: 0.7,
        },
        consents: {
          marktkorb: { email_marketing: true, cross_brand_personalisation: true, analytics: true },
          vinello: { email_marketing: true, cross_brand_personalisation: true },
          kochlust: { email_marketing: true },
        },
      };
    case "erika-brunner":
      return {
        ...base,
        persona: "senior",
        customerSince: "2003-10-21",
        // Her online account is opened by her story, not at the start.
        accountFromDay: Math.floor(cal.days * 0.45),
        habits: {
          ...habits,
          tillPerWeek: 1.8,
          newsletterOpenRate: 0.8,
          wineAffinity: 0.2,
          webShop: true,
          webSessionsPerWeek: 1,
          webFromDay: Math.floor(cal.days * 0.45) + 7,
        },
        consents: {
          marktkorb: { email_marketing: true, cross_brand_personalisation: false },
        },
      };
    case "lukas-meier":
      return {
        ...base,
        persona: "digital",
        customerSince: "2019-08-30",
        habits: { ...habits, tillPerWeek: 0.8, app: true, newsletterOpenRate: 0.15 },
        consents: {
          marktkorb: { email_marketing: false, cross_brand_personalisation: true, analytics: true },
          voltaro: { email_marketing: false, cross_brand_personalisation: true },
        },
      };
    default:
      return {
        ...base,
        persona: "apero",
        customerSince: "2021-02-14",
        habits: {
          ...habits,
          tillPerWeek: 0.9,
          wineClub: true,
          newsletterOpenRate: 0.4,
          wineAffinity: 0.7,
        },
        consents: {
          marktkorb: { email_marketing: true, cross_brand_personalisation: false, analytics: true },
          vinello: { email_marketing: true, cross_brand_personalisation: false },
        },
        // Two days after her complaint she unsubscribes from the Weinpost.
        revocations: [
          { brandId: "vinello", purpose: "email_marketing", day: nadineComplaintDay(cal) + 2 },
        ],
      };
  }
}
