import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";
import { z } from "zod";

/** Kinds of identifier, from strongest to weakest: the order decides which profile wins. */
export const IdentifierType = z.enum([
  "user_id",
  "loyalty_card",
  "email",
  "phone",
  "social",
  "anonymous_id",
]);
export type IdentifierType = z.infer<typeof IdentifierType>;

export const Identifier = z.object({ type: IdentifierType, value: z.string().min(1).max(512) });
export type Identifier = z.infer<typeof Identifier>;

export const identifierPriority: Record<IdentifierType, number> = {
  user_id: 0,
  loyalty_card: 1,
  email: 2,
  phone: 3,
  social: 4,
  anonymous_id: 5,
};

/** A profile holding one of these is a known person; an anonymous id alone is not. */
export function isStrong(type: IdentifierType): boolean {
  return type !== "anonymous_id";
}

export const identifierKey = (id: Identifier): string => `${id.type}:${id.value}`;

export function compareIdentifiers(a: Identifier, b: Identifier): number {
  return identifierPriority[a.type] - identifierPriority[b.type] || a.value.localeCompare(b.value);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Brings an identifier into its one canonical spelling, so that "Anna.Muster@Example.ch " and
 * "anna.muster@example.ch" are the same person. Returns undefined for values that cannot be
 * an identifier of that type (they are kept as traits, not used for matching).
 */
export function normalizeIdentifier(
  type: IdentifierType,
  raw: unknown,
  phoneRegion: CountryCode,
): Identifier | undefined {
  if (typeof raw === "number" && Number.isFinite(raw)) raw = String(raw);
  if (typeof raw !== "string") return undefined;
  const trimmed = raw.trim();
  if (trimmed.length === 0 || trimmed.length > 512) return undefined;
  switch (type) {
    case "email": {
      const email = trimmed.toLowerCase();
      return EMAIL.test(email) ? { type, value: email } : undefined;
    }
    case "phone": {
      const phone = parsePhoneNumberFromString(trimmed, phoneRegion);
      return phone?.isValid() ? { type, value: phone.number } : undefined;
    }
    case "loyalty_card": {
      const card = trimmed.replace(/[\s-]/g, "").toUpperCase();
      return /^[A-Z0-9]{4,64}$/.test(card) ? { type, value: card } : undefined;
    }
    case "social": {
      // "network:handle", handle without a leading @, case-insensitive like the networks are
      const match = /^([a-z0-9_]+):@?(.+)$/i.exec(trimmed);
      if (!match?.[1] || !match[2]) return undefined;
      return { type, value: `${match[1].toLowerCase()}:${match[2].toLowerCase()}` };
    }
    case "user_id":
    case "anonymous_id":
      return { type, value: trimmed };
  }
}
