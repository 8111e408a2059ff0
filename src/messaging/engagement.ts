import { randomUUID } from "node:crypto";
import type { NormalizedEvent } from "../core/collect/normalized-event.js";
import type { ConsentPurpose } from "../core/consent/consent.js";
import { AppFailure } from "../core/shared/result.js";
import type { Store } from "../storage/store.js";
import type { Message } from "../storage/sql/message-store.js";

/** The source that records what customers do with a brand's messages (opens, clicks, unsubscribes). */
export const messageSourceId = (brandId: string) => `${brandId}-messages`.slice(0, 64);

async function ensureSource(store: Store, brandId: string): Promise<string> {
  const id = messageSourceId(brandId);
  if (await store.sources.getSource(id)) return id;
  try {
    await store.sources.createSource({
      id,
      name: "cxloop messages",
      brandId,
      channel: "email",
      trusted: true,
    });
  } catch (error) {
    // Another process made it first.
    if (!(error instanceof AppFailure && error.error.code === "conflict")) throw error;
  }
  return id;
}

/**
 * Records an open, a click or an unsubscribe as an event of the customer, so it shows in the
 * timeline and can drive the next step of a journey (`wait_for_event: Email Link Clicked`).
 */
export async function recordEngagement(
  store: Store,
  message: Message,
  name: "Email Opened" | "Email Link Clicked" | "Unsubscribed",
  extra: Record<string, unknown>,
  now = Date.now(),
): Promise<void> {
  const profileId = await store.profiles.canonicalId(message.profileId);
  if (!profileId || !message.recipient) return;
  const sourceId = await ensureSource(store, message.brandId);
  const event: NormalizedEvent = {
    messageId: `${name}:${message.ledgerKey}:${randomUUID()}`,
    sourceId,
    brandId: message.brandId,
    channel: message.channel === "email" ? "email" : "other",
    type: "track",
    name,
    userId: null,
    anonymousId: null,
    timestamp: now,
    receivedAt: now,
    properties: {
      message_id: message.ledgerKey,
      journey_id: message.journeyId,
      step_id: message.stepId,
      template_id: message.templateId,
      ...extra,
    },
    traits: {},
    context: {},
    identifiers: message.channel === "email" ? [{ type: "email", value: message.recipient }] : [],
    consentChanges: [],
  };
  if (event.identifiers.length > 0) await store.ingest.ingest([event], now);
}

/** One click unsubscribes: the consent of that brand and purpose is revoked, with history. */
export async function unsubscribe(
  store: Store,
  message: Message,
  now = Date.now(),
): Promise<boolean> {
  const profileId = await store.profiles.canonicalId(message.profileId);
  if (!profileId) return false;
  await store.profiles.setConsent(
    profileId,
    {
      brandId: message.brandId,
      purpose: message.purpose as ConsentPurpose,
      status: "revoked",
      source: "unsubscribe",
      at: now,
      expiresAt: null,
    },
    now,
  );
  await recordEngagement(store, message, "Unsubscribed", { purpose: message.purpose }, now);
  return true;
}
