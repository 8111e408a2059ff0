import type { CountryCode } from "libphonenumber-js";
import { randomUUID } from "node:crypto";
import {
  CONSENT_EVENT,
  consentChangeFromEvent,
  consentChangesFromTraits,
} from "../consent/consent.js";
import {
  compareIdentifiers,
  identifierKey,
  IdentifierType,
  normalizeIdentifier,
  type Identifier,
} from "../profiles/identifier.js";
import { err, ErrorCode, ok, type AppError, type Result } from "../shared/result.js";
import { Channel } from "../sources/channel.js";
import type { Source } from "../sources/source.js";
import type { NormalizedEvent } from "./normalized-event.js";
import { TrackingLimits } from "./tracking-limits.js";
import { parseTimestamp, TrackingCall, type EventType } from "./tracking-event.js";

export interface NormalizeOptions {
  source: Source;
  receivedAt: number;
  phoneRegion: CountryCode;
  /** The type the endpoint implies (`/v1/track` → track); batch items name their own. */
  impliedType?: EventType;
  /** Batch-level fields the Segment spec lets a batch carry for all its events. */
  batchContext?: Record<string, unknown> | null;
  batchSentAt?: string | number | null;
}

/** Deeper JSON is no real event and would exhaust the stack of every recursive reader. */
const MAX_DEPTH = 64;

/** Depth of a JSON value, counted without recursion and given up past `limit`. */
export function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (depth > deepest) deepest = depth;
    if (deepest > limit) return deepest;
    if (typeof node === "object" && node !== null) {
      for (const child of Object.values(node)) stack.push([child, depth + 1]);
    }
  }
  return deepest;
}

// JSON.stringify writes NUL as \u0000 and a lone surrogate as \udXXX: neither can be stored
// as text (PostgreSQL refuses both), so such an event is refused here with a 400.
const LONE_SURROGATE =
  /\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f][0-9a-f]{2})|(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}/i;

function unstorableText(json: string): string | undefined {
  if (json.includes("\\u0000")) return "text with a NUL character (\\u0000) cannot be stored";
  if (LONE_SURROGATE.test(json)) return "text with a lone UTF-16 surrogate cannot be stored";
  return undefined;
}

/** The batch-level context is copied into every event: it gets limits of its own. */
export const MAX_BATCH_CONTEXT_BYTES = 8 * 1024;

export function checkBatchContext(context: unknown): Result<void, AppError> {
  if (context === undefined || context === null) return ok(undefined);
  if (nestingDepth(context, MAX_DEPTH) > MAX_DEPTH) {
    return err(
      ErrorCode.invalidInput,
      `context: nested deeper than ${MAX_DEPTH} levels`,
      "context",
    );
  }
  const json = JSON.stringify(context) ?? "";
  const size = Buffer.byteLength(json);
  if (size > MAX_BATCH_CONTEXT_BYTES) {
    return err(
      ErrorCode.eventTooLarge,
      `context: the batch context is ${size} bytes; the limit is ${MAX_BATCH_CONTEXT_BYTES} bytes (8 KB), since it is stored with every event`,
      "context",
      { limit: MAX_BATCH_CONTEXT_BYTES, size },
    );
  }
  const unstorable = unstorableText(json);
  return unstorable
    ? err(ErrorCode.invalidInput, `context: ${unstorable}`, "context")
    : ok(undefined);
}

const LOYALTY_KEYS = ["loyaltyCard", "loyalty_card", "loyaltyCardNumber", "cardNumber"];
const SOCIAL_KEYS = ["facebook", "instagram", "twitter", "x", "tiktok", "pinterest", "youtube"];

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/**
 * Every identifier an event carries: ids, the email/phone/loyalty card/social handles in its
 * traits (identify) or context.traits (every other call), and `context.externalIds`.
 */
export function extractIdentifiers(
  call: TrackingCall,
  traits: Record<string, unknown>,
  context: Record<string, unknown>,
  region: CountryCode,
): Identifier[] {
  const found = new Map<string, Identifier>();
  const add = (type: IdentifierType, raw: unknown) => {
    const id = normalizeIdentifier(type, raw, region);
    if (id) found.set(identifierKey(id), id);
  };
  add("user_id", call.userId);
  add("anonymous_id", call.anonymousId);
  const traitSets = [traits, record(context.traits)];
  for (const t of traitSets) {
    add("email", t.email);
    add("phone", t.phone);
    for (const key of LOYALTY_KEYS) add("loyalty_card", t[key]);
    for (const network of SOCIAL_KEYS) {
      if (typeof t[network] === "string") add("social", `${network}:${t[network]}`);
    }
    for (const [network, handle] of Object.entries(record(t.socialHandles))) {
      add("social", `${network}:${String(handle)}`);
    }
  }
  const external = context.externalIds;
  if (Array.isArray(external)) {
    for (const item of external) {
      const type = IdentifierType.safeParse(record(item).type);
      if (type.success) add(type.data, record(item).id);
    }
  }
  return [...found.values()].sort(compareIdentifiers);
}

function issuesToError(
  issues: { path: PropertyKey[]; message: string }[],
  prefix: string,
): AppError {
  const first = issues[0];
  const path = [prefix, ...(first?.path ?? []).map(String)].filter(Boolean).join(".");
  return {
    code: ErrorCode.invalidInput,
    message: `${path}: ${first?.message ?? "invalid"}`,
    path,
    details: issues.slice(0, 20).map((i) => ({
      path: [prefix, ...i.path.map(String)].filter(Boolean).join("."),
      message: i.message,
    })),
  };
}

/**
 * Checks one tracking call against the Segment spec's rules and turns it into an event to
 * store. `path` names the call in error messages (e.g. `batch[3]`).
 */
export function normalizeTrackingCall(
  input: unknown,
  options: NormalizeOptions,
  path = "",
): Result<NormalizedEvent, AppError> {
  if (nestingDepth(input, MAX_DEPTH) > MAX_DEPTH) {
    return err(
      ErrorCode.invalidInput,
      `${path || "event"}: nested deeper than ${MAX_DEPTH} levels`,
      path,
      { limit: MAX_DEPTH },
    );
  }
  const json = JSON.stringify(input) ?? "";
  const size = Buffer.byteLength(json);
  if (size > TrackingLimits.maxEventBytes) {
    return err(
      ErrorCode.eventTooLarge,
      `${path || "event"} is ${size} bytes; the limit is ${TrackingLimits.maxEventBytes} bytes (32 KB) per event`,
      path,
      { limit: TrackingLimits.maxEventBytes, size },
    );
  }
  const unstorable = unstorableText(json);
  if (unstorable) return err(ErrorCode.invalidInput, `${path || "event"}: ${unstorable}`, path);
  const parsed = TrackingCall.safeParse(input);
  if (!parsed.success) return { ok: false, error: issuesToError(parsed.error.issues, path) };
  const call = parsed.data;
  const type = call.type ?? options.impliedType;
  const at = (field: string) => (path ? `${path}.${field}` : field);
  if (!type) return err(ErrorCode.invalidInput, `${at("type")}: required`, at("type"));
  if (options.impliedType && call.type && call.type !== options.impliedType) {
    return err(
      ErrorCode.invalidInput,
      `${at("type")}: "${call.type}" sent to the ${options.impliedType} endpoint`,
      at("type"),
    );
  }
  if (!call.userId && !call.anonymousId) {
    return err(
      ErrorCode.missingIdentity,
      `${path || "event"}: userId or anonymousId is required`,
      at("userId"),
    );
  }
  if (type === "track" && !call.event) {
    return err(ErrorCode.invalidInput, `${at("event")}: required for track`, at("event"));
  }
  if (type === "alias" && !call.previousId) {
    return err(ErrorCode.invalidInput, `${at("previousId")}: required for alias`, at("previousId"));
  }
  if (type === "group" && !call.groupId) {
    return err(ErrorCode.invalidInput, `${at("groupId")}: required for group`, at("groupId"));
  }

  const { source, receivedAt } = options;
  const context = { ...record(options.batchContext), ...record(call.context) };
  const traits = record(call.traits);
  const properties = record(call.properties);
  const original = parseTimestamp(call.originalTimestamp ?? call.timestamp);
  const sentAt = parseTimestamp(call.sentAt ?? options.batchSentAt);
  // Segment's clock-skew correction; a trusted source (a till's end-of-day upload) is believed.
  let timestamp = original ?? receivedAt;
  if (!source.trusted && original !== undefined && sentAt !== undefined) {
    timestamp = receivedAt - (sentAt - original);
  }

  const identifiers = extractIdentifiers(call, traits, context, options.phoneRegion);
  if (type === "alias") {
    const previous = normalizeIdentifier("anonymous_id", call.previousId, options.phoneRegion);
    if (previous) identifiers.push(previous);
  }

  const problems: string[] = [];
  const consentChanges = [];
  // A decision cannot be dated in the future: a consent "from 2099" would outrank every later
  // revocation, so it counts from when it arrived at the latest.
  const consentAt = Math.min(timestamp, receivedAt);
  if (type === "identify" && traits.consents !== undefined) {
    const r = consentChangesFromTraits(traits.consents, source.brandId, source.id, consentAt);
    consentChanges.push(...r.changes);
    problems.push(...r.problems);
  }
  if (type === "track" && call.event === CONSENT_EVENT) {
    const r = consentChangeFromEvent(properties, source.brandId, source.id, consentAt);
    consentChanges.push(...r.changes);
    problems.push(...r.problems);
  }
  if (problems.length > 0) {
    return err(ErrorCode.invalidInput, `${path || "event"}: ${problems.join("; ")}`, path);
  }

  const channel = Channel.safeParse(context.channel);
  const name =
    type === "track"
      ? (call.event ?? "")
      : type === "page" || type === "screen"
        ? (call.name ?? call.category ?? type)
        : type;
  return ok({
    messageId: call.messageId ?? randomUUID(),
    sourceId: source.id,
    brandId: source.brandId,
    channel: channel.success ? channel.data : source.channel,
    type,
    name,
    userId: call.userId ?? null,
    anonymousId: call.anonymousId ?? null,
    timestamp,
    receivedAt,
    properties,
    traits,
    context,
    identifiers,
    consentChanges,
  });
}
