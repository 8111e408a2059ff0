import { WINES } from "../demo-catalogue.js";
import { LOCALES, type DemoCustomer } from "../demo-customer.js";
import type { DemoCalendar } from "../demo-calendar.js";
import type { Random } from "../random.js";
import type { DemoLog } from "./demo-log.js";
import { slug } from "./event-helpers.js";

export interface Campaign {
  id: string;
  brandId: "marktkorb" | "vinello";
  name: string;
  subject: string;
  sentAt: number;
  day: number;
  link: string;
}

/**
 * The newsletters of the history: Marktkorb's weekly offers (Thursday 07:00) and Vinello's
 * Weinpost (every other Tuesday, 18:00), each featuring something to click.
 */
export function newsletterCampaigns(cal: DemoCalendar): Campaign[] {
  const campaigns: Campaign[] = [];
  let weinpost = 0;
  for (let day = 0; day <= cal.days; day++) {
    const weekday = cal.weekday(day);
    if (weekday === 3) {
      const date = new Date(cal.at(day, 7)).toISOString().slice(0, 10);
      const [, month, dayOfMonth] = date.split("-");
      campaigns.push({
        id: `mk-nl-${date}`,
        brandId: "marktkorb",
        name: `Wochenaktionen ab ${dayOfMonth}.${month}.`,
        subject: "Ihre Wochenaktionen: frisch, regional und bis zu 40 % günstiger",
        sentAt: cal.at(day, 7),
        day,
        link: "https://www.marktkorb.ch/de/aktionen",
      });
    }
    if (weekday === 1 && day % 14 < 7) {
      const wine = WINES[weinpost % WINES.length] ?? (WINES[0] as (typeof WINES)[number]);
      weinpost++;
      campaigns.push({
        id: `vin-wp-${weinpost}`,
        brandId: "vinello",
        name: `Weinpost ${weinpost}`,
        subject: `Neu im Keller: ${wine.name}`,
        sentAt: cal.at(day, 18),
        day,
        link: `https://www.vinello-weinclub.ch/weine/${wine.id}-${slug(wine.name)}`,
      });
    }
  }
  return campaigns;
}

const sourceOf = (brandId: Campaign["brandId"]) =>
  brandId === "marktkorb" ? ("marktkorb-newsletter" as const) : ("vinello-newsletter" as const);

/** The email service provider reports opens and clicks; it knows the recipient's email. */
function recipientIds(c: DemoCustomer, brandId: string, day: number) {
  const context = { traits: { email: c.email }, locale: LOCALES[c.language] };
  return c.userId && day >= c.accountFromDay
    ? { userId: c.userId, context }
    : { anonymousId: `esp-${brandId}-${c.key}`, context };
}

export interface NewsletterOptions {
  /** First day the customer receives this brand's newsletter. */
  fromDay: number;
  /** A click that leads to a visit of the brand's site. */
  onClick?: (at: number, campaign: Campaign) => void;
}

/**
 * Opens and clicks of one customer for one brand's newsletter, for as long as the customer
 * consents; a planned revocation ends it with an unsubscribe (`Consent Updated`, revoked).
 */
export function generateNewsletterEvents(
  rng: Random,
  log: DemoLog,
  c: DemoCustomer,
  campaigns: Campaign[],
  brandId: Campaign["brandId"],
  options: NewsletterOptions,
): void {
  if (c.consents[brandId]?.email_marketing !== true) return;
  const revocation = c.revocations.find(
    (r) => r.brandId === brandId && r.purpose === "email_marketing",
  );
  const until = revocation?.day ?? Infinity;
  const source = sourceOf(brandId);
  for (const campaign of campaigns) {
    if (campaign.brandId !== brandId || campaign.day < options.fromDay || campaign.day >= until)
      continue;
    if (!rng.chance(c.habits.newsletterOpenRate)) continue;
    const delay = rng.chance(0.6)
      ? rng.next() * 3
      : rng.chance(0.75)
        ? 3 + rng.next() * 21
        : 24 + rng.next() * 48;
    const openedAt = campaign.sentAt + Math.round(delay * 3_600_000);
    const ids = recipientIds(c, brandId, campaign.day);
    const props = {
      campaign_id: campaign.id,
      campaign_name: campaign.name,
      email_subject: campaign.subject,
    };
    log.add(source, openedAt, { type: "track", event: "Email Opened", ...ids, properties: props });
    if (rng.chance(0.25)) {
      const clickedAt = openedAt + Math.round((10 + rng.next() * 120) * 1000);
      log.add(source, clickedAt, {
        type: "track",
        event: "Email Link Clicked",
        ...ids,
        properties: { ...props, link_url: campaign.link },
      });
      options.onClick?.(clickedAt + 5_000, campaign);
    }
  }
  if (revocation && revocation.day <= log.cal.days) {
    const at = log.cal.at(revocation.day, rng.around(20, 1.5, 7, 23));
    const ids = recipientIds(c, brandId, revocation.day);
    log.add(source, at, {
      type: "track",
      event: "Unsubscribed",
      ...ids,
      properties: { reason: "too_many_emails" },
    });
    log.add(source, at + 1_000, {
      type: "track",
      event: "Consent Updated",
      ...ids,
      properties: { purpose: "email_marketing", status: "revoked" },
    });
  }
}
