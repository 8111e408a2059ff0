import { isConsentGiven, type Consent, type ConsentPurpose } from "../consent/consent.js";
import { afterQuietHours, withinCaps } from "../journeys/message-rules.js";
import type { MessageChannel, MessagingRules } from "./message-settings.js";

/** What the delivery stage knows about one send when its time has come. */
export interface SendFacts {
  channel: MessageChannel;
  brandId: string;
  purpose: ConsentPurpose;
  /** Transactional messages (an order confirmation) need no marketing consent and skip caps. */
  transactional: boolean;
  /** Test mode: the marketer's own test customer; caps and quiet hours do not apply. */
  test: boolean;
  /** The brand whose data triggered the message (the till purchase), if not the sender's. */
  dataBrandId: string | null;
  consents: Consent[];
  /** Where it goes: the email address, phone or device; null if the customer has none. */
  recipient: string | null;
  /** When this customer's earlier marketing messages on this channel went out (any brand). */
  sentAt: number[];
  timeZone: string;
  now: number;
}

export type SendDecision =
  | { type: "deliver" }
  | { type: "suppress"; reason: string }
  | { type: "defer"; until: number; reason: string };

const hasConsent = (consents: Consent[], brandId: string, purpose: ConsentPurpose, now: number) =>
  isConsentGiven(
    consents.find((c) => c.brandId === brandId && c.purpose === purpose),
    now,
  );

/**
 * Whether a message may go out now: a brand messages a customer only with consent for that
 * brand and purpose, uses another brand's data only with that brand's cross-brand consent,
 * waits out quiet hours in the customer's time zone and respects frequency caps across every
 * brand. Checked when the message is due, so a consent withdrawn during a wait still counts.
 */
export function decideSend(facts: SendFacts, rules: MessagingRules): SendDecision {
  if (facts.recipient === null)
    return { type: "suppress", reason: `no ${recipientKind(facts.channel)}` };
  if (!facts.transactional && !hasConsent(facts.consents, facts.brandId, facts.purpose, facts.now))
    return { type: "suppress", reason: `no consent: ${facts.brandId}/${facts.purpose}` };
  if (
    facts.dataBrandId !== null &&
    facts.dataBrandId !== facts.brandId &&
    !hasConsent(facts.consents, facts.dataBrandId, "cross_brand_personalisation", facts.now)
  ) {
    return {
      type: "suppress",
      reason: `no consent: ${facts.dataBrandId}/cross_brand_personalisation`,
    };
  }
  if (facts.transactional || facts.test) return { type: "deliver" };
  if (rules.quietHours) {
    const until = afterQuietHours(facts.now, rules.quietHours, facts.timeZone);
    if (until > facts.now)
      return {
        type: "defer",
        until,
        reason: `quiet hours ${rules.quietHours.from}–${rules.quietHours.to}`,
      };
  }
  const caps = withinCaps(rules.caps, facts.channel, facts.sentAt, facts.now);
  if (!caps.allowed)
    return {
      type: "suppress",
      reason: `frequency cap: ${caps.cap.max} ${facts.channel} per ${caps.cap.periodDays} days`,
    };
  return { type: "deliver" };
}

function recipientKind(channel: MessageChannel): string {
  switch (channel) {
    case "email":
      return "email address";
    case "sms":
      return "phone number";
    case "push":
      return "device";
    case "webhook":
      return "webhook target";
  }
}

/** The longest cap period: how far back the delivery stage must look for earlier sends. */
export function capWindowMs(rules: MessagingRules, channel: MessageChannel): number {
  const days = rules.caps
    .filter((c) => c.channel === channel)
    .reduce((m, c) => Math.max(m, c.periodDays), 0);
  return days * 86_400_000;
}

/** Retry delays after a failed attempt: 30 s, 2 min, 10 min, 1 h, 6 h, then 6 h. */
export function retryDelayMs(attempt: number): number {
  const delays = [30_000, 120_000, 600_000, 3_600_000, 21_600_000];
  return delays[Math.min(Math.max(attempt, 1), delays.length) - 1] as number;
}
