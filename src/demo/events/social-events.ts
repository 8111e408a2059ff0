import type { DemoCustomer } from "../demo-customer.js";
import { FACEBOOK_COMMENTS, type SocialText } from "../demo-texts.js";
import type { Random } from "../random.js";
import type { DemoLog } from "./demo-log.js";

const PAGE_POSTS = [
  "Wochenaktion: Schweizer Aprikosen",
  "Rezept der Woche: Auberginen-Taschen",
  "Neu im Sortiment: Bio Prosecco DOC",
  "Gewinnspiel: Apéro für vier",
  "Unsere Lehrlinge stellen sich vor",
  "Fondue-Saison ist eröffnet",
];

/** The person behind a Facebook account, as the page's connector reports it. */
export interface FacebookUser {
  handle: string;
  psid: string;
  /** Known only when the person gave it (a contest entry): links the account to a customer. */
  email: string | null;
}

export function facebookUser(rng: Random, handle: string, email: string | null): FacebookUser {
  return { handle, psid: String(rng.int(1e15, 9e15)), email };
}

/** A comment on the Marktkorb page. */
export function facebookComment(
  log: DemoLog,
  user: FacebookUser,
  at: number,
  comment: SocialText,
  postTitle: string,
) {
  const n = log.next("facebook-comment", 900001);
  log.add("marktkorb-facebook", at, {
    type: "track",
    event: "Comment Posted",
    anonymousId: `fb-${user.psid}`,
    context: { traits: { facebook: user.handle } },
    properties: {
      comment_id: `fbc-${n}`,
      post_title: postTitle,
      text: comment.text,
      network: "facebook",
      page: "Marktkorb",
    },
  });
}

function toneFor(rng: Random, c: DemoCustomer | null): SocialText["tone"] {
  const negative = !c
    ? 0.35
    : c.persona === "bargain"
      ? 0.35
      : c.persona === "digital"
        ? 0.25
        : 0.15;
  return rng.chance(negative) ? "negative" : rng.chance(0.7) ? "positive" : "neutral";
}

/**
 * Facebook activity of one person: a contest entry that gives the page their email (the link
 * to the customer), then comments, good and bad; complaints come at weekends too (seed 001).
 */
export function generateFacebookEvents(
  rng: Random,
  log: DemoLog,
  c: DemoCustomer | null,
  handle: string,
): void {
  const cal = log.cal;
  const user = facebookUser(rng, handle, c?.email ?? null);
  const start = c ? c.joinDay : rng.int(0, cal.days - 1);
  const last = c ? cal.days : cal.days - 1;
  if (c && start + 3 <= cal.days) {
    // Not today: an entry after `now` would not link the account.
    const day = rng.int(start, Math.min(cal.days - 1, start + 40));
    log.add("marktkorb-facebook", cal.at(day, rng.around(20, 2, 8, 23)), {
      type: "track",
      event: "Contest Entered",
      anonymousId: `fb-${user.psid}`,
      context: {
        traits: { facebook: handle, email: c.email, firstName: c.firstName, lastName: c.lastName },
      },
      properties: { contest: "Apéro für vier", network: "facebook", page: "Marktkorb" },
    });
  }
  const comments = Math.max(1, rng.count(2));
  for (let i = 0; i < comments; i++) {
    const tone = toneFor(rng, c);
    let day = rng.int(start, last);
    // Complaints pile up on Saturdays and Sundays, when the service team is off.
    if (tone === "negative" && rng.chance(0.5)) while (day > start && cal.weekday(day) < 5) day--;
    const options = FACEBOOK_COMMENTS.filter((t) => t.tone === tone);
    facebookComment(
      log,
      user,
      cal.at(day, rng.around(19, 3, 7, 23.5)),
      rng.pick(options),
      rng.pick(PAGE_POSTS),
    );
  }
}
