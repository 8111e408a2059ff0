import { LOCALES, type DemoCustomer } from "../demo-customer.js";
import type { DemoSourceId } from "../demo-sources.js";
import { MARKTKORB_REVIEWS, VOLTARO_REVIEWS, type ReviewText } from "../demo-texts.js";
import type { Random } from "../random.js";
import type { DemoLog } from "./demo-log.js";

export const REVIEW_PORTAL = "Kaufsiegel";

type Stars = 1 | 2 | 3 | 4 | 5;

/** Most ratings are good; bargain hunters and digital natives are stricter. */
function starsOf(rng: Random, c: DemoCustomer): Stars {
  const strict = c.persona === "bargain" || c.persona === "digital";
  return rng.weighted<Stars>([
    [5, strict ? 30 : 45],
    [4, 30],
    [3, 12],
    [2, strict ? 14 : 7],
    [1, strict ? 14 : 6],
  ]);
}

/** A rating on the review portal; the portal knows the verified buyer by email. */
export function review(
  log: DemoLog,
  c: DemoCustomer,
  sourceId: DemoSourceId & `${string}-reviews`,
  at: number,
  stars: Stars,
  text: ReviewText,
  about: Record<string, unknown>,
): void {
  const n = log.next("review", 70001);
  log.add(sourceId, at, {
    type: "track",
    event: "Review Submitted",
    anonymousId: `kaufsiegel-${n}`,
    context: { traits: { email: c.email }, locale: LOCALES[c.language] },
    properties: {
      review_id: `ks-${n}`,
      portal: REVIEW_PORTAL,
      rating: stars,
      best_rating: 5,
      title: text.title,
      review_body: text.text,
      verified_purchase: true,
      ...about,
    },
  });
}

/**
 * The portal invites every buyer to rate the transaction (seed 001); some do, one to five days
 * later.
 */
export function reviewLater(
  rng: Random,
  log: DemoLog,
  c: DemoCustomer,
  sourceId: "marktkorb-reviews" | "voltaro-reviews",
  orderId: string,
  after: number,
  about: "webshop" | "store",
): void {
  if (!rng.chance(c.habits.reviewRate)) return;
  const stars = starsOf(rng, c);
  const texts = sourceId === "voltaro-reviews" ? VOLTARO_REVIEWS : MARKTKORB_REVIEWS;
  const at = after + Math.round((1 + rng.next() * 4) * 86_400_000);
  review(log, c, sourceId, at, stars, rng.pick(texts[stars]), {
    order_id: orderId,
    subject: about,
  });
}
