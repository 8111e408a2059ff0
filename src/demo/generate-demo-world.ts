import { DemoCalendar } from "./demo-calendar.js";
import type { DemoCustomer } from "./demo-customer.js";
import { generateAnonymousVisitors } from "./events/anonymous-visitors.js";
import { generateAppEvents } from "./events/app-events.js";
import { DemoLog, type DemoCall } from "./events/demo-log.js";
import {
  generateElectronicsPurchase,
  generateWashingMachineJourney,
} from "./events/electronics-journey.js";
import { generateFixedStory } from "./events/fixed-stories.js";
import { generateNewsletterEvents, newsletterCampaigns } from "./events/newsletter-events.js";
import { generateRecipeEvents } from "./events/recipe-events.js";
import { generateRegistration } from "./events/registration-events.js";
import { generateServiceCalls } from "./events/service-events.js";
import { generateFacebookEvents } from "./events/social-events.js";
import { generateTillEvents } from "./events/till-events.js";
import { generateWebShopEvents, shopVisit } from "./events/web-shop-events.js";
import { generateWineClubEvents, wineShopVisit } from "./events/wine-club-events.js";
import { generateCustomers } from "./generate-customers.js";
import { Random } from "./random.js";

export interface DemoWorldOptions {
  customers: number;
  days: number;
  seed: number;
  now: number;
}

export interface DemoWorld {
  options: DemoWorldOptions;
  customers: DemoCustomer[];
  /** Every tracking call, oldest first, with its message id set. */
  calls: DemoCall[];
  /** Profiles of people who are never identified (anonymous visitors, receipts without card). */
  anonymousProfiles: number;
}

/** Builds the demo world in memory: pure and deterministic for the same options. */
export function generateDemoWorld(options: DemoWorldOptions): DemoWorld {
  const cal = new DemoCalendar(options.now, options.days);
  const root = new Random(options.seed);
  const customers = generateCustomers(root.fork("customers"), cal, options.customers);
  const log = new DemoLog(cal);
  const campaigns = newsletterCampaigns(cal);
  for (const c of customers) {
    const rng = root.fork(`events:${c.key}`);
    generateRegistration(rng, log, c);
    const visits = generateTillEvents(rng, log, c);
    generateAppEvents(rng, log, c, visits);
    const shop = generateWebShopEvents(rng, log, c);
    const club = generateWineClubEvents(rng, log, c);
    generateRecipeEvents(rng, log, c, visits);
    const webFrom = cal.dayStart(Math.min(cal.days, c.habits.webFromDay));
    generateNewsletterEvents(rng, log, c, campaigns, "marktkorb", {
      fromDay: c.joinDay,
      onClick: (at, campaign) => {
        if (shop && at >= webFrom) {
          shopVisit(rng, log, shop, at, {
            campaign: { source: "newsletter", medium: "email", name: campaign.id },
          });
        }
      },
    });
    if (club) {
      generateNewsletterEvents(rng, log, c, campaigns, "vinello", {
        fromDay: club.fromDay,
        onClick: (at, campaign) =>
          wineShopVisit(rng, log, club.visitor, at, {
            source: "newsletter",
            medium: "email",
            name: campaign.id,
          }),
      });
    }
    if (c.habits.facebook && c.facebook) generateFacebookEvents(rng, log, c, c.facebook);
    generateServiceCalls(rng, log, c);
    generateWashingMachineJourney(rng, log, c);
    generateElectronicsPurchase(rng, log, c);
    generateFixedStory(rng, log, c, campaigns);
  }
  const strangers = generateAnonymousVisitors(root.fork("anonymous"), log, options.customers);
  // Stable sort: calls at the same millisecond keep the order they were generated in.
  const calls = log.calls.sort((a, b) => a.at - b.at);
  const width = String(calls.length).length;
  calls.forEach((call, i) => {
    call.call.messageId = `demo-${options.seed}-${String(i + 1).padStart(width, "0")}`;
  });
  return { options, customers, calls, anonymousProfiles: strangers.profiles };
}
