/**
 * The API's response shapes. The web app shares nothing with the server but these types;
 * they are imported type-only, so no server code ends up in the bundle, and a change of the
 * API's shape breaks the type check here instead of the page at run time.
 */
export type { Role } from "../../../src/core/access/user.js";
export type { Channel } from "../../../src/core/sources/channel.js";
export type { Brand, Source, WriteKeyInfo } from "../../../src/core/sources/source.js";
export type { Consent, ConsentPurpose, ConsentStatus } from "../../../src/core/consent/consent.js";
export type { Identifier, IdentifierType } from "../../../src/core/profiles/identifier.js";
export type {
  ErasureReport,
  MergeRecord,
  Profile360,
  ProfileSummary,
  StoredEvent,
} from "../../../src/core/profiles/profile-views.js";

import type { Role } from "../../../src/core/access/user.js";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export interface Stats {
  profiles: number;
  events: number;
}

export interface ApiErrorBody {
  error: { code: string; message: string; path?: string };
}

/** The purposes and statuses the API accepts, in the order the UI shows them. */
export const consentPurposes = [
  "email_marketing",
  "cross_brand_personalisation",
  "analytics",
] as const;
export const consentStatuses = ["granted", "denied", "revoked"] as const;
export const channels = [
  "web",
  "app",
  "store",
  "email",
  "sms",
  "push",
  "social",
  "review_portal",
  "phone",
  "print",
  "search",
  "price_comparison",
  "other",
] as const;
