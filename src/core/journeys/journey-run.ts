import type { ConsentPurpose } from "../consent/consent.js";

/** How a run stands. Stored tag values never change. */
export type RunStatus = "active" | "waiting" | "completed" | "converted" | "exited";

export type Waiting =
  { type: "time"; until: number } | { type: "event"; event: string; stepId: string; until: number };

/** One customer's pass through one journey version (Durchlauf). */
export interface JourneyRun {
  id: string;
  journeyId: string;
  /** The definition version the run follows; a new version never changes runs in flight. */
  version: number;
  profileId: string;
  /** Value of the journey's instance key for this run, if it has one (e.g. an order id). */
  instanceKey: string | null;
  status: RunStatus;
  stepId: string;
  waiting: Waiting | null;
  /** The event that started the run: templates and conditions read it ("your Prosecco"). */
  trigger: {
    name: string;
    properties: Record<string, unknown>;
    timestamp: number;
    /** The brand whose source recorded the event: using it for another brand needs consent. */
    brandId?: string;
  } | null;
  /** Test mode: a marketer's test customer, with every wait shortened to `testWaitMs`. */
  mode: "live" | "test";
  /** Split variants taken, by split step id. */
  variants: Record<string, string>;
  enteredAt: number;
  updatedAt: number;
  endedAt: number | null;
  exitReason: string | null;
}

/** What the runner must do after an advance: an effect outside the pure core. */
export type JourneyCommand =
  | {
      type: "send";
      /** Key of the send ledger: the same run, step and version never sends twice. */
      ledgerKey: string;
      stepId: string;
      channel: "email" | "sms" | "push" | "webhook";
      brandId: string;
      templateId: string;
      purpose: ConsentPurpose;
      senderId: string | null;
      transactional: boolean;
      priority: number;
    }
  | { type: "update_trait"; stepId: string; trait: string; value: unknown }
  | { type: "hand_over"; stepId: string; journeyId: string }
  | {
      type: "record";
      stepId: string;
      what: "entered" | "step" | "converted" | "exited" | "completed" | "control";
    };
