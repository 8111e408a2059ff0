import { z } from "zod";

/** The event types of the Segment spec. */
export const EventType = z.enum(["identify", "track", "page", "screen", "group", "alias"]);
export type EventType = z.infer<typeof EventType>;

// An empty id is no id: a client sending messageId "" must not have every later event dropped
// as a duplicate of the first.
const Id = z
  .union([z.string().max(512), z.number().finite()])
  .transform((v) => (String(v).trim() === "" ? undefined : String(v)));
const Timestamp = z.union([
  z.iso.datetime({ offset: true, local: true }),
  z.iso.date(),
  z.number().int().nonnegative(),
]);
const Json = z.record(z.string(), z.unknown());

/**
 * One call of the tracking API as a client sends it. Unknown fields are kept (clients send
 * more than the spec names); known fields are typed.
 */
export const TrackingCall = z.looseObject({
  type: EventType.optional(),
  messageId: Id.optional(),
  userId: Id.nullish(),
  anonymousId: Id.nullish(),
  event: z.string().min(1).max(512).optional(),
  name: z.string().max(512).nullish(),
  category: z.string().max(512).nullish(),
  properties: Json.nullish(),
  traits: Json.nullish(),
  context: Json.nullish(),
  integrations: Json.nullish(),
  groupId: Id.nullish(),
  previousId: Id.nullish(),
  timestamp: Timestamp.nullish(),
  originalTimestamp: Timestamp.nullish(),
  sentAt: Timestamp.nullish(),
  writeKey: z.string().max(512).optional(),
});
export type TrackingCall = z.infer<typeof TrackingCall>;

export const TrackingBatch = z.looseObject({
  batch: z.array(z.unknown()),
  context: Json.nullish(),
  integrations: Json.nullish(),
  sentAt: Timestamp.nullish(),
  writeKey: z.string().max(512).optional(),
});
export type TrackingBatch = z.infer<typeof TrackingBatch>;

/**
 * Milliseconds since the epoch. A date-time without an offset is read as UTC, not in the
 * server's time zone, so the same event means the same instant on every machine.
 */
export function parseTimestamp(value: string | number | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  const utc = /^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(value) ? `${value}Z` : value;
  const ms = Date.parse(utc);
  return Number.isFinite(ms) ? ms : undefined;
}
