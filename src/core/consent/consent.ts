import { z } from "zod";

export const ConsentPurpose = z.enum([
  "email_marketing",
  "cross_brand_personalisation",
  "analytics",
]);
export type ConsentPurpose = z.infer<typeof ConsentPurpose>;

export const ConsentStatus = z.enum(["granted", "denied", "revoked"]);
export type ConsentStatus = z.infer<typeof ConsentStatus>;

/** A change of one customer's consent for one brand and purpose, as it arrives. */
export const ConsentChange = z.object({
  brandId: z.string().min(1).max(64),
  purpose: ConsentPurpose,
  status: ConsentStatus,
  /** Where the change came from: a source id, "api", "import", a user. */
  source: z.string().min(1).max(200),
  at: z.number().int(),
  expiresAt: z.number().int().nullable().default(null),
});
export type ConsentChange = z.infer<typeof ConsentChange>;

export interface Consent extends ConsentChange {
  profileId: string;
}

/** Consent holds only when granted and not expired: denied, revoked, expired and unknown all say no. */
export function isConsentGiven(consent: Consent | undefined, now: number): boolean {
  if (!consent || consent.status !== "granted") return false;
  return consent.expiresAt === null || consent.expiresAt > now;
}

// German, French and English words, as they come from forms and spreadsheet exports.
const TRUE_WORDS = new Set(["granted", "true", "yes", "ja", "oui", "x", "opt-in", "opt_in", "1"]);
const FALSE_WORDS = new Set(["denied", "false", "no", "nein", "non", "opt-out", "opt_out", "0"]);

function statusOf(value: unknown): ConsentStatus | undefined {
  if (value === true) return "granted";
  if (value === false) return "denied";
  if (typeof value !== "string") return undefined;
  const word = value.trim().toLowerCase();
  if (word === "revoked") return "revoked";
  if (TRUE_WORDS.has(word)) return "granted";
  if (FALSE_WORDS.has(word)) return "denied";
  return undefined;
}

/**
 * Consent carried by an identify call's `traits.consents` (`{ "email_marketing": true }`,
 * `{ "analytics": { "status": "revoked", "expiresAt": "…" } }`) or by a `Consent Updated`
 * track event (`{ purpose, status, expiresAt?, brand? }`). The brand defaults to the
 * source's brand; a source can only speak for its own brand.
 */
export function consentChangesFromTraits(
  consents: unknown,
  brandId: string,
  source: string,
  at: number,
): { changes: ConsentChange[]; problems: string[] } {
  const changes: ConsentChange[] = [];
  const problems: string[] = [];
  if (consents === undefined || consents === null) return { changes, problems };
  if (typeof consents !== "object" || Array.isArray(consents)) {
    return { changes, problems: ["consents must be an object of purpose → status"] };
  }
  for (const [key, value] of Object.entries(consents)) {
    const purpose = ConsentPurpose.safeParse(key);
    if (!purpose.success) {
      problems.push(`consents.${key}: unknown purpose (${ConsentPurpose.options.join(", ")})`);
      continue;
    }
    const detail =
      typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
    const status = statusOf(detail ? detail.status : value);
    if (!status) {
      problems.push(`consents.${key}: status must be granted, denied or revoked`);
      continue;
    }
    const expiresAt = detail?.expiresAt === undefined ? null : Date.parse(String(detail.expiresAt));
    if (expiresAt !== null && !Number.isFinite(expiresAt)) {
      problems.push(`consents.${key}.expiresAt: not a date`);
      continue;
    }
    changes.push({ brandId, purpose: purpose.data, status, source, at, expiresAt });
  }
  return { changes, problems };
}

export const CONSENT_EVENT = "Consent Updated";

export function consentChangeFromEvent(
  properties: Record<string, unknown>,
  brandId: string,
  source: string,
  at: number,
): { changes: ConsentChange[]; problems: string[] } {
  const purpose = properties.purpose;
  if (typeof purpose !== "string") {
    return { changes: [], problems: ["properties.purpose is required for Consent Updated"] };
  }
  return consentChangesFromTraits(
    {
      [purpose]:
        properties.expiresAt === undefined
          ? properties.status
          : { status: properties.status, expiresAt: properties.expiresAt },
    },
    brandId,
    source,
    at,
  );
}
