import { describe, expect, it } from "vitest";
import { normalizeTrackingCall } from "../../src/core/collect/normalize-event.js";
import { consentChangesFromTraits, isConsentGiven } from "../../src/core/consent/consent.js";
import type { Source } from "../../src/core/sources/source.js";

const web: Source = {
  id: "web",
  name: "Web",
  brandId: "b",
  channel: "web",
  trusted: false,
  createdAt: 0,
};
const receivedAt = Date.parse("2026-06-01T12:00:00Z");
const norm = (call: unknown, source = web) =>
  normalizeTrackingCall(call, { source, receivedAt, phoneRegion: "CH", impliedType: "track" });

describe("normalizeTrackingCall", () => {
  it("corrects clock skew from sentAt and the original timestamp", () => {
    const r = norm({
      userId: "u",
      event: "A",
      timestamp: "2026-06-01T14:59:00Z",
      sentAt: "2026-06-01T15:00:00Z",
    });
    expect(r.ok && r.value.timestamp).toBe(receivedAt - 60_000);
  });

  it("without sentAt keeps the client's timestamp; without any, uses the time received", () => {
    const kept = norm({ userId: "u", event: "A", timestamp: "2026-05-01T10:00:00Z" });
    expect(kept.ok && kept.value.timestamp).toBe(Date.parse("2026-05-01T10:00:00Z"));
    const none = norm({ userId: "u", event: "A" });
    expect(none.ok && none.value.timestamp).toBe(receivedAt);
  });

  it("takes identifiers from context.traits and context.externalIds", () => {
    const r = norm({
      anonymousId: "a",
      event: "Order Completed",
      context: {
        traits: { loyaltyCard: "2501 1111 2222", email: "X@Y.ch" },
        externalIds: [{ type: "phone", id: "0791234567" }],
      },
    });
    expect(r.ok && r.value.identifiers.map((i) => i.type)).toEqual([
      "loyalty_card",
      "email",
      "phone",
      "anonymous_id",
    ]);
  });

  it("uses a valid context.channel, else the source's channel", () => {
    const r = norm({ userId: "u", event: "A", context: { channel: "review_portal" } });
    expect(r.ok && r.value.channel).toBe("review_portal");
    const bogus = norm({ userId: "u", event: "A", context: { channel: "pigeon" } });
    expect(bogus.ok && bogus.value.channel).toBe("web");
  });

  it("rejects ids of the wrong type and oversize strings with the path", () => {
    const r = norm({ userId: { $ne: null }, event: "A" });
    expect(!r.ok && r.error.path).toBe("userId");
    const long = norm({ userId: "u", event: "x".repeat(600) });
    expect(!long.ok && long.error.path).toBe("event");
  });
});

describe("consent", () => {
  it("reads consent words and booleans, and reports unknown purposes", () => {
    const r = consentChangesFromTraits(
      {
        email_marketing: "yes",
        analytics: false,
        cross_brand_personalisation: { status: "revoked" },
        spam: true,
      },
      "b",
      "s",
      1,
    );
    expect(r.changes.map((c) => [c.purpose, c.status])).toEqual([
      ["email_marketing", "granted"],
      ["analytics", "denied"],
      ["cross_brand_personalisation", "revoked"],
    ]);
    expect(r.problems[0]).toContain("consents.spam");
  });

  it("expired, denied and missing consent all say no", () => {
    const base = {
      profileId: "p",
      brandId: "b",
      purpose: "email_marketing" as const,
      source: "s",
      at: 0,
    };
    expect(isConsentGiven({ ...base, status: "granted", expiresAt: null }, 10)).toBe(true);
    expect(isConsentGiven({ ...base, status: "granted", expiresAt: 5 }, 10)).toBe(false);
    expect(isConsentGiven({ ...base, status: "denied", expiresAt: null }, 10)).toBe(false);
    expect(isConsentGiven(undefined, 10)).toBe(false);
  });
});

describe("hostile and sloppy events", () => {
  it("rejects absurd nesting with a 400-style error instead of exhausting the stack", () => {
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 5000; i++) deep = (deep.x = {}) as Record<string, unknown>;
    const r = norm({ userId: "u", event: "A", properties: root });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.message).toContain("nested deeper than 64");
  });

  it("an empty messageId is no messageId", () => {
    const a = norm({ userId: "u", event: "A", messageId: "" });
    const b = norm({ userId: "u", event: "A", messageId: "  " });
    expect(a.ok && b.ok && a.value.messageId !== b.value.messageId).toBe(true);
    expect(a.ok && a.value.messageId.length).toBeGreaterThan(10);
  });

  it("a timestamp without offset is UTC, whatever the server's time zone", () => {
    const r = norm({ userId: "u", event: "A", timestamp: "2026-05-03T18:42:00" });
    expect(r.ok && r.value.timestamp).toBe(Date.parse("2026-05-03T18:42:00Z"));
  });

  it("consent words in German and French count", () => {
    const r = consentChangesFromTraits({ email_marketing: "ja", analytics: "non" }, "b", "s", 1);
    expect(r.changes.map((c) => c.status)).toEqual(["granted", "denied"]);
  });
});
