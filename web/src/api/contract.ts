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
import type { StoredSegment as StoredSegmentShape } from "../../../src/storage/sql/segment-store.js";
import type { SimulationEntry } from "../../../src/core/journeys/simulate-journey.js";

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

export type {
  Duration,
  JourneyDefinition,
  JourneyEntry,
  JourneyStep,
  Reentry,
} from "../../../src/core/journeys/journey-definition.js";
export type { Condition, Operator } from "../../../src/core/journeys/journey-condition.js";
export type {
  SimulatedCustomer,
  SimulationEntry,
} from "../../../src/core/journeys/simulate-journey.js";
export type { JourneyStatus, JourneySummary } from "../../../src/storage/sql/journey-store.js";

/** What happens to customers still in the old version when a new one is published. */
export type InFlightPolicy = "finish_on_old" | "move_to_new" | "exit";
export const inFlightPolicies = ["finish_on_old", "move_to_new", "exit"] as const;

/** Counts of one step of a journey version: customers who reached it, wait there, … */
export interface JourneyStepCounts {
  entered: number;
  waiting: number;
  sent: number;
  converted: number;
  exited: number;
  /** Sends the ledger holds back (no consent, caps) or that failed, where the server says. */
  suppressed?: number;
  failed?: number;
}

/** GET /api/journeys/:id/stats: live counts of the published (or latest) version. */
export interface JourneyStats {
  journeyId: string;
  /** The published version; null while none is. */
  version: number | null;
  steps: Record<string, JourneyStepCounts>;
  totals: {
    entered: number;
    waiting: number;
    converted: number;
    exited: number;
    completed: number;
  };
}

/** POST /api/journeys/simulate: scripted customers and events, ISO times. */
export interface SimulationRequest {
  definition: unknown;
  customers: {
    id: string;
    traits?: Record<string, unknown>;
    consents?: string[];
    timeZone?: string;
    /** Segments the customer is in at the start. */
    segments?: string[];
  }[];
  events: { at: string; customerId: string; name: string; properties?: Record<string, unknown> }[];
  until: string;
}

/** One line of a simulation's log, as the API returns it (time as ISO text). */
export interface SimulationLogEntry {
  at: string;
  customerId: string;
  runId: string;
  what: SimulationEntry["what"];
  detail: string;
}

export type { Message } from "../../../src/storage/sql/message-store.js";
export type { UnknownResolution } from "../../../src/storage/sql/unknown-outcomes.js";
export type {
  MessageChannel,
  MessageLayout,
  MessageTemplate,
  MessagingRules,
  TemplateText,
} from "../../../src/core/messaging/message-settings.js";
import type { Message } from "../../../src/storage/sql/message-store.js";
import type { MessageTemplate } from "../../../src/core/messaging/message-settings.js";

/** A message in the outbox or a message log: everything but its bodies. */
export type MessageSummary = Omit<Message, "bodyHtml" | "bodyText" | "payload">;
export type SendStatus = Message["status"];

export const sendStatuses = [
  "pending",
  "sending",
  "sent",
  "failed",
  "unknown",
  "suppressed",
] as const;
export const messageChannels = ["email", "sms", "push", "webhook"] as const;

/** GET /api/messages: filters and the page before the last message shown. */
export interface MessageQuery {
  status?: SendStatus;
  channel?: string;
  brandId?: string;
  journeyId?: string;
  before?: number;
  beforeKey?: string;
  limit?: number;
}

/** An example event for a preview or a test run, standing in for the entry event. */
export interface ExampleEvent {
  name: string;
  properties: Record<string, unknown>;
  brandId?: string;
}

/** POST /api/templates/preview: a stored template by id, or one as edited. */
export interface TemplatePreviewRequest {
  template?: MessageTemplate;
  templateId?: string;
  customerId: string;
  event?: ExampleEvent;
}

/** A template rendered for one customer, as it would be sent. */
export interface TemplatePreview {
  recipient: string | null;
  kind: "email" | "text" | "json";
  language: string;
  subject?: string;
  html?: string;
  text?: string;
  payload?: unknown;
  items: string[];
}

/** A brand's webhook, SMS or push gateway as the API shows it: the secret never comes back. */
export interface WebhookTargetView {
  url: string;
  secret: null;
  secretSet: boolean;
}

/** GET /api/brands/:id/messaging: senders, look, texts and gateway targets without secrets. */
export interface BrandMessagingView {
  senders: { id: string; name: string; address: string; replyTo?: string }[];
  logoUrl?: string;
  colours: { primary: string; background: string };
  footer: { de?: string; en?: string };
  legal: { de?: string; en?: string };
  defaultLanguage: "de" | "en";
  webhooks: Partial<Record<GatewayChannel, WebhookTargetView>>;
}
export const gatewayChannels = ["webhook", "sms", "push"] as const;
export type GatewayChannel = (typeof gatewayChannels)[number];

/** PUT /api/brands/:id/messaging: a secret of null keeps the one stored. */
export type BrandMessagingInput = Omit<BrandMessagingView, "webhooks"> & {
  webhooks: Partial<Record<GatewayChannel, { url: string; secret: string | null }>>;
};

export type {
  Comparison,
  PerformedCondition,
  SegmentDefinition,
  SegmentRule,
  SegmentTest,
} from "../../../src/core/segments/segment-definition.js";
export type { SegmentPreview } from "../../../src/segments/segment-keeper.js";
export type { SegmentMemberRow, StoredSegment } from "../../../src/storage/sql/segment-store.js";

/** GET /api/segments/:id: the segment, its daily entries and exits, the journeys naming it. */
export interface SegmentDetail extends StoredSegmentShape {
  trend: { day: string; entered: number; left: number }[];
  journeys: string[];
}
