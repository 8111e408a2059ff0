import { randomBytes } from "node:crypto";
import { sql, type Kysely, type Selectable } from "kysely";
import {
  BrandMessaging,
  MessageLayout,
  MessageTemplate,
  MessagingRules,
  defaultMessagingRules,
  type MessageChannel,
} from "../../core/messaging/message-settings.js";
import { AppFailure, ErrorCode } from "../../core/shared/result.js";
import {
  readJson,
  type Database,
  type MessageLayoutsTable,
  type MessageTemplatesTable,
  type SendLedgerTable,
} from "../database-schema.js";
import type { Engine } from "../engine.js";
import { inTransaction } from "../transaction.js";
import type { SendStatus } from "./journey-store.js";
import { resolveUnknownMessages, type UnknownResolution } from "./unknown-outcomes.js";
import {
  attemptIn,
  COUNTED,
  customerLockKey,
  failIn,
  finishIn,
  type Attempt,
  type AttemptDecision,
  type AttemptOutcome,
  type RenderedMessage,
} from "./send-attempts.js";

/** One message of the ledger as the delivery stage, the outbox and the message log see it. */
export interface Message {
  ledgerKey: string;
  runId: string;
  journeyId: string;
  version: number;
  stepId: string;
  profileId: string;
  channel: MessageChannel;
  brandId: string;
  templateId: string;
  senderId: string | null;
  purpose: string;
  transactional: boolean;
  priority: number;
  test: boolean;
  status: SendStatus;
  attempts: number;
  lastError: string | null;
  reason: string | null;
  transport: string | null;
  recipient: string | null;
  subject: string | null;
  bodyHtml: string | null;
  bodyText: string | null;
  payload: unknown;
  items: string[];
  providerId: string | null;
  createdAt: number;
  updatedAt: number;
  sentAt: number | null;
  nextAttemptAt: number | null;
  openedAt: number | null;
  clickedAt: number | null;
}

export type { Attempt, AttemptDecision, AttemptOutcome, RenderedMessage } from "./send-attempts.js";

function toMessage(r: Selectable<SendLedgerTable>): Message {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    ledgerKey: r.ledger_key,
    runId: r.run_id,
    journeyId: r.journey_id,
    version: Number(r.version),
    stepId: r.step_id,
    profileId: r.profile_id,
    channel: r.channel as MessageChannel,
    brandId: r.brand_id,
    templateId: r.template_id,
    senderId: r.sender_id,
    purpose: r.purpose,
    transactional: Number(r.transactional) === 1,
    priority: Number(r.priority),
    test: Number(r.test) === 1,
    status: r.status as SendStatus,
    attempts: Number(r.attempts),
    lastError: r.last_error,
    reason: r.reason,
    transport: r.transport,
    recipient: r.recipient,
    subject: r.subject,
    bodyHtml: r.body_html,
    bodyText: r.body_text,
    payload: r.payload === null ? null : readJson<unknown>(r.payload),
    items: r.items === null ? [] : readJson<string[]>(r.items),
    providerId: r.provider_id,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    sentAt: num(r.sent_at),
    nextAttemptAt: num(r.next_attempt_at),
    openedAt: num(r.opened_at),
    clickedAt: num(r.clicked_at),
  };
}

/** A customer's messages that count towards frequency caps: marketing, live, not suppressed. */

/**
 * Templates, layouts, brands' message settings, the rules across journeys, and the send
 * ledger as a delivery queue: due messages are claimed with a lease (SKIP LOCKED on
 * PostgreSQL), the final decision (frequency caps) is taken under a per-customer lock so two
 * workers never both send the message that reaches the cap.
 */
export class MessageStore {
  constructor(
    private readonly engine: Engine,
    private readonly db: Kysely<Database>,
  ) {}

  async saveTemplate(template: MessageTemplate, by: string, now = Date.now()): Promise<void> {
    await this.requireBrand(template.brandId);
    if (template.layoutId) {
      const layout = await this.layout(template.layoutId);
      if (!layout || layout.brandId !== template.brandId)
        throw new AppFailure({
          code: ErrorCode.invalidInput,
          message: `layoutId: no layout "${template.layoutId}" of brand "${template.brandId}"`,
          path: "layoutId",
        });
    }
    const row = {
      id: template.id,
      brand_id: template.brandId,
      channel: template.channel,
      name: template.name,
      layout_id: template.layoutId,
      content: JSON.stringify(template.content),
      updated_at: now,
      updated_by: by,
    };
    await this.db
      .insertInto("message_templates")
      .values(row)
      .onConflict((oc) => oc.column("id").doUpdateSet(row))
      .execute();
  }

  async template(id: string): Promise<MessageTemplate | undefined> {
    const r = await this.db
      .selectFrom("message_templates")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    return r && toTemplate(r);
  }

  async templates(): Promise<(MessageTemplate & { updatedAt: number; updatedBy: string })[]> {
    const rows = await this.db.selectFrom("message_templates").selectAll().orderBy("id").execute();
    return rows.map((r) => ({
      ...toTemplate(r),
      updatedAt: Number(r.updated_at),
      updatedBy: r.updated_by,
    }));
  }

  async saveLayout(layout: MessageLayout, by: string, now = Date.now()): Promise<void> {
    await this.requireBrand(layout.brandId);
    const row = {
      id: layout.id,
      brand_id: layout.brandId,
      name: layout.name,
      mjml: layout.mjml,
      partials: JSON.stringify(layout.partials),
      updated_at: now,
      updated_by: by,
    };
    await this.db
      .insertInto("message_layouts")
      .values(row)
      .onConflict((oc) => oc.column("id").doUpdateSet(row))
      .execute();
  }

  async layout(id: string): Promise<MessageLayout | undefined> {
    const r = await this.db
      .selectFrom("message_layouts")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    return r && toLayout(r);
  }

  async layouts(): Promise<MessageLayout[]> {
    const rows = await this.db.selectFrom("message_layouts").selectAll().orderBy("id").execute();
    return rows.map(toLayout);
  }

  /** The brand's message settings (defaults where none were set); undefined for no brand. */
  async brandMessaging(brandId: string): Promise<BrandMessaging | undefined> {
    const r = await this.db
      .selectFrom("brands")
      .select("messaging")
      .where("id", "=", brandId)
      .executeTakeFirst();
    if (!r) return undefined;
    return BrandMessaging.parse(r.messaging === null ? {} : readJson(r.messaging));
  }

  async setBrandMessaging(brandId: string, settings: BrandMessaging): Promise<void> {
    const result = await this.db
      .updateTable("brands")
      .set({ messaging: JSON.stringify(settings) })
      .where("id", "=", brandId)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0)
      throw new AppFailure({ code: ErrorCode.notFound, message: `no brand "${brandId}"` });
  }

  async rules(): Promise<MessagingRules> {
    const r = await this.db
      .selectFrom("settings")
      .select("value")
      .where("key", "=", "messaging_rules")
      .executeTakeFirst();
    return r ? MessagingRules.parse(JSON.parse(r.value)) : defaultMessagingRules;
  }

  async setRules(rules: MessagingRules): Promise<void> {
    const value = JSON.stringify(rules);
    await this.db
      .insertInto("settings")
      .values({ key: "messaging_rules", value })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value }))
      .execute();
  }

  /**
   * Claims up to `limit` messages whose time has come, for `leaseMs`. A message still marked
   * "sending" whose lease ran out was in flight when its worker died: it comes back here and
   * the caller applies the unknown-outcome policy. Higher priority first among equals in time.
   */
  async claimDue(now: number, limit: number, leaseMs: number): Promise<Message[]> {
    if (this.engine === "postgres") {
      const { rows } = await sql<Selectable<SendLedgerTable>>`
        update send_ledger set claimed_until = ${now + leaseMs}
        where ledger_key in (
          select ledger_key from send_ledger
          where next_attempt_at is not null and next_attempt_at <= ${now}
            and (claimed_until is null or claimed_until <= ${now})
          order by next_attempt_at, priority desc limit ${limit} for update skip locked)
        returning *`.execute(this.db);
      return rows.map(toMessage).sort(byDueThenPriority);
    }
    return inTransaction(this.engine, this.db, async (trx) => {
      const due = await trx
        .selectFrom("send_ledger")
        .selectAll()
        .where("next_attempt_at", "is not", null)
        .where("next_attempt_at", "<=", now)
        .where((eb) => eb.or([eb("claimed_until", "is", null), eb("claimed_until", "<=", now)]))
        .orderBy("next_attempt_at")
        .orderBy("priority", "desc")
        .limit(limit)
        .execute();
      if (due.length > 0) {
        await trx
          .updateTable("send_ledger")
          .set({ claimed_until: now + leaseMs })
          .where(
            "ledger_key",
            "in",
            due.map((r) => r.ledger_key),
          )
          .execute();
      }
      return due.map(toMessage);
    });
  }

  /**
   * The last word before a message goes out, under a lock on the customer: `decide` sees when
   * the customer's earlier marketing messages on this channel went out (every brand, every
   * journey, including those in flight). Deliver marks it "sending" with its rendered content.
   */
  async beginAttempt(
    message: Pick<Message, "ledgerKey" | "profileId" | "channel">,
    since: number,
    rendered: RenderedMessage | null,
    decide: (sentAt: number[]) => AttemptDecision,
    now = Date.now(),
  ): Promise<AttemptDecision> {
    const [decision] = await this.settle({ attempts: [{ message, since, rendered, decide }] }, now);
    return decision as AttemptDecision;
  }

  /** Records how an attempt ended: sent, to be retried, failed for good, or unknown. */
  async finishAttempt(ledgerKey: string, outcome: AttemptOutcome, now = Date.now()): Promise<void> {
    await finishIn(this.db, ledgerKey, outcome, now);
  }

  /** Marks a message failed before any attempt (no template, broken template, no sender). */
  async failUnsent(ledgerKey: string, error: string, now = Date.now()): Promise<void> {
    await failIn(this.db, ledgerKey, error, now);
  }

  /**
   * Several of the above in one transaction, so the delivery stage commits once per window of
   * messages: the outcomes of the window handed over before, the failures found while
   * preparing, and the attempts of the next window (decided in order, each seeing the ones
   * before it, under locks on their customers taken in a fixed order so that two workers
   * never wait on each other in a circle).
   */
  async settle(
    work: {
      finished?: { ledgerKey: string; outcome: AttemptOutcome }[];
      failed?: { ledgerKey: string; error: string }[];
      attempts?: Attempt[];
    },
    now = Date.now(),
  ): Promise<AttemptDecision[]> {
    const { finished = [], failed = [], attempts = [] } = work;
    if (finished.length + failed.length + attempts.length === 0) return [];
    return inTransaction(this.engine, this.db, async (trx) => {
      for (const f of finished) await finishIn(trx, f.ledgerKey, f.outcome, now);
      for (const f of failed) await failIn(trx, f.ledgerKey, f.error, now);
      if (this.engine === "postgres") {
        const keys = [...new Set(attempts.map((a) => customerLockKey(a.message.profileId)))];
        keys.sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
        for (const key of keys)
          await sql`select pg_advisory_xact_lock(${key}::bigint)`.execute(trx);
      }
      const decisions: AttemptDecision[] = [];
      for (const a of attempts) decisions.push(await attemptIn(trx, a, now));
      return decisions;
    });
  }

  /** A decision on one message held as `unknown` (see `resolveUnknownMessages`). */
  async resolveUnknown(
    ledgerKey: string,
    action: UnknownResolution,
    by: string,
    now = Date.now(),
  ): Promise<Message | "not_found" | "not_unknown"> {
    const changed = await resolveUnknownMessages(this.db, { ledgerKey }, action, by, now);
    const message = await this.message(ledgerKey);
    if (!message) return "not_found";
    if (changed === 0) return "not_unknown";
    return message;
  }

  /** The same decision on every message held as `unknown`, or those of a journey, brand, channel. */
  async resolveAllUnknown(
    filter: { journeyId?: string; brandId?: string; channel?: string },
    action: UnknownResolution,
    by: string,
    now = Date.now(),
  ): Promise<number> {
    return resolveUnknownMessages(this.db, filter, action, by, now);
  }

  async message(ledgerKey: string): Promise<Message | undefined> {
    const r = await this.db
      .selectFrom("send_ledger")
      .selectAll()
      .where("ledger_key", "=", ledgerKey)
      .executeTakeFirst();
    return r && toMessage(r);
  }

  /** Newest first, paged by creation time and key. */
  async list(
    filter: {
      profileIds?: string[];
      status?: SendStatus;
      channel?: MessageChannel;
      brandId?: string;
      journeyId?: string;
      before?: { createdAt: number; ledgerKey: string };
    },
    limit = 50,
  ): Promise<Message[]> {
    let q = this.db.selectFrom("send_ledger").selectAll();
    if (filter.profileIds) {
      if (filter.profileIds.length === 0) return [];
      q = q.where("profile_id", "in", filter.profileIds);
    }
    if (filter.status) q = q.where("status", "=", filter.status);
    if (filter.channel) q = q.where("channel", "=", filter.channel);
    if (filter.brandId) q = q.where("brand_id", "=", filter.brandId);
    if (filter.journeyId) q = q.where("journey_id", "=", filter.journeyId);
    const before = filter.before;
    if (before)
      q = q.where((eb) =>
        eb.or([
          eb("created_at", "<", before.createdAt),
          eb.and([
            eb("created_at", "=", before.createdAt),
            eb("ledger_key", "<", before.ledgerKey),
          ]),
        ]),
      );
    const rows = await q
      .orderBy("created_at", "desc")
      .orderBy("ledger_key", "desc")
      .limit(Math.min(Math.max(limit, 1), 200))
      .execute();
    return rows.map(toMessage);
  }

  /** Ids of catalogue items already recommended to this customer (not to repeat them). */
  async itemsSentTo(profileIds: string[]): Promise<Set<string>> {
    if (profileIds.length === 0) return new Set();
    const rows = await this.db
      .selectFrom("send_ledger")
      .select("items")
      .where("profile_id", "in", profileIds)
      .where("items", "is not", null)
      .where("status", "in", COUNTED)
      .execute();
    return new Set(rows.flatMap((r) => readJson<string[]>(r.items)));
  }

  /** First open or click of a message; returns false if it was already recorded. */
  async markEngagement(
    ledgerKey: string,
    what: "opened" | "clicked",
    now = Date.now(),
  ): Promise<boolean> {
    const column = what === "opened" ? "opened_at" : "clicked_at";
    const result = await this.db
      .updateTable("send_ledger")
      .set({ [column]: now })
      .where("ledger_key", "=", ledgerKey)
      .where(column, "is", null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** The key that signs unsubscribe, open and click links; made once per database. */
  async linkSecret(): Promise<Buffer> {
    await this.db
      .insertInto("settings")
      .values({ key: "link_secret", value: randomBytes(32).toString("hex") })
      .onConflict((oc) => oc.column("key").doNothing())
      .execute();
    const row = await this.db
      .selectFrom("settings")
      .select("value")
      .where("key", "=", "link_secret")
      .executeTakeFirstOrThrow();
    return Buffer.from(row.value, "hex");
  }

  private async requireBrand(brandId: string): Promise<void> {
    const brand = await this.db
      .selectFrom("brands")
      .select("id")
      .where("id", "=", brandId)
      .executeTakeFirst();
    if (!brand)
      throw new AppFailure({
        code: ErrorCode.invalidInput,
        message: `brandId: no brand "${brandId}"`,
        path: "brandId",
      });
  }
}

function toTemplate(r: Selectable<MessageTemplatesTable>): MessageTemplate {
  return MessageTemplate.parse({
    id: r.id,
    brandId: r.brand_id,
    channel: r.channel,
    name: r.name,
    layoutId: r.layout_id,
    content: readJson(r.content),
  });
}

function toLayout(r: Selectable<MessageLayoutsTable>): MessageLayout {
  return MessageLayout.parse({
    id: r.id,
    brandId: r.brand_id,
    name: r.name,
    mjml: r.mjml,
    partials: readJson(r.partials),
  });
}

function byDueThenPriority(a: Message, b: Message): number {
  return (a.nextAttemptAt ?? 0) - (b.nextAttemptAt ?? 0) || b.priority - a.priority;
}
