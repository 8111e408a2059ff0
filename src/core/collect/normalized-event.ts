import type { ConsentChange } from "../consent/consent.js";
import type { Identifier } from "../profiles/identifier.js";
import type { Channel } from "../sources/channel.js";
import type { EventType } from "./tracking-event.js";

/** An accepted event, ready to store: identifiers extracted, time corrected, origin attached. */
export interface NormalizedEvent {
  messageId: string;
  sourceId: string;
  brandId: string;
  channel: Channel;
  type: EventType;
  /** The track event's name, the page or screen name, or the type for the other calls. */
  name: string;
  userId: string | null;
  anonymousId: string | null;
  timestamp: number;
  receivedAt: number;
  properties: Record<string, unknown>;
  traits: Record<string, unknown>;
  context: Record<string, unknown>;
  /** Strongest first. */
  identifiers: Identifier[];
  consentChanges: ConsentChange[];
}
