import type { Consent } from "../consent/consent.js";
import type { Identifier } from "./identifier.js";

/*
 * What the API answers about customers: the contract between the server and the web app,
 * which imports these types (type-only) and nothing else of the server.
 */

export interface ProfileSummary {
  id: string;
  displayName: string | null;
  createdAt: number;
  updatedAt: number;
  /** Time of the newest touchpoint (of this profile and those merged into it), if any. */
  lastSeenAt: number | null;
  identifiers: Identifier[];
}

export interface StoredEvent {
  id: number;
  messageId: string;
  sourceId: string;
  brandId: string;
  channel: string;
  type: string;
  name: string;
  profileId: string;
  timestamp: number;
  receivedAt: number;
  properties: Record<string, unknown>;
  traits: Record<string, unknown>;
  context: Record<string, unknown>;
}

export interface MergeRecord {
  id: string;
  winnerId: string;
  loserId: string;
  via: Identifier[];
  moved: Identifier[];
  createdAt: number;
  undoneAt: number | null;
}

export interface Profile360 extends ProfileSummary {
  /** Traits per brand; "" holds traits not tied to a brand. */
  traits: Record<string, Record<string, unknown>>;
  consents: Consent[];
  consentHistory: (Consent & { recordedAt: number })[];
  merges: MergeRecord[];
  mergedProfileIds: string[];
}

export interface ErasureReport {
  profiles: number;
  identifiers: number;
  events: number;
  consents: number;
  /** Messages of the send ledger (with their rendered content). */
  messages: number;
}

/** What journeys decide on about a customer, without the rest of the 360° view. */
export interface CustomerFacts {
  canonicalId: string;
  /** Every profile id of the customer (the canonical one and those merged into it). */
  memberIds: string[];
  /** Every brand's traits and the group's, merged (later writes win). */
  traits: Record<string, unknown>;
  /** The same per brand ("" for the group), as in the 360° view. */
  traitsByBrand: Record<string, Record<string, unknown>>;
  /** The current consent per brand and purpose. */
  consents: Consent[];
  /** Kinds of address the customer has: email, phone, anonymous_id, … */
  identifierTypes: Set<string>;
  /** Email addresses and phone numbers, where messages go. */
  addresses: { type: "email" | "phone"; value: string }[];
}
