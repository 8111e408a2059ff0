import type { Language } from "../core/messaging/message-settings.js";

/** Traits of all brands in one record, the sending brand's winning where they differ. */
export function traitsFor(
  profile: { traits: Record<string, Record<string, unknown>> },
  brandId: string,
): Record<string, unknown> {
  const others = Object.entries(profile.traits)
    .filter(([b]) => b !== brandId)
    .map(([, t]) => t);
  return Object.assign({}, ...others, profile.traits[brandId] ?? {}) as Record<string, unknown>;
}

/** The customer's IANA time zone from traits (`timeZone` or `timezone`), else the default. */
export function timeZoneOf(traits: Record<string, unknown>, fallback: string): string {
  const tz = traits.timeZone ?? traits.timezone;
  if (typeof tz !== "string") return fallback;
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return tz;
  } catch {
    return fallback;
  }
}

/** Where a message on this channel goes: the strongest email or phone, or the profile (push). */
export function recipientOf(
  profile: { id: string; identifiers: { type: string; value: string }[] },
  channel: string,
): string | null {
  if (channel === "email")
    return profile.identifiers.find((i) => i.type === "email")?.value ?? null;
  if (channel === "sms") return profile.identifiers.find((i) => i.type === "phone")?.value ?? null;
  return profile.id;
}

export const stringOr = (value: unknown): string | null =>
  typeof value === "string" && value.trim() !== "" ? value : null;

export type { Language };
