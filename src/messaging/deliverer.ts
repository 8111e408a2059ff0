import { decideSend, capWindowMs, retryDelayMs } from "../core/messaging/send-decision.js";
import { type MessageChannel, type MessagingRules } from "../core/messaging/message-settings.js";
import type { Store } from "../storage/store.js";
import type {
  Attempt,
  AttemptDecision,
  AttemptOutcome,
  Message,
  RenderedMessage,
} from "../storage/sql/message-store.js";
import type { EmailTransport } from "./email-transport.js";
import { recipientOf, timeZoneOf, traitsFor } from "./message-facts.js";
import type { MessageLinks } from "./message-links.js";
import type { RecommendItems } from "./message-scope.js";
import { renderFor } from "./render-for.js";
import { DeliveryReads } from "./render-reads.js";
import { TemplateError, type Rendered } from "./render-message.js";
import { postWebhook } from "./webhook-transport.js";

/** How the delivery stage works: batch and window sizes, lease, recommendations. */
export interface DelivererOptions {
  batchSize?: number;
  /** Longer than the slowest hand-over (SMTP and webhook time out well before). */
  leaseMs?: number;
  defaultTimeZone?: string;
  recommend?: RecommendItems;
  /**
   * Messages handed over together (default 1). A crash leaves at most this many "unknown";
   * larger windows share one commit and deliver in parallel over the SMTP pool.
   */
  window?: number;
  onError?: (error: unknown) => void;
}

/**
 * The delivery stage of the send ledger: takes messages whose time has come, checks consent,
 * cross-brand consent, quiet hours and frequency caps at that moment, renders the template,
 * stores what it renders, hands it to the channel and records the outcome. A message is
 * marked "sending" before the hand-over, so a crash leaves it visible as in doubt; the
 * unknown-outcome policy then holds or resends it (webhooks carry an idempotency key).
 */
export class Deliverer {
  constructor(
    private readonly store: Store,
    private readonly email: EmailTransport,
    private readonly links: MessageLinks,
    private readonly options: DelivererOptions = {},
  ) {}

  /**
   * Delivers the messages that are due; returns how many were taken. Messages go out in
   * windows of `window` (default 1): one transaction records the outcomes of the window
   * handed over before and marks the next window "sending", so at most one window is ever in
   * doubt after a crash, and the next window is rendered while the previous one is on its way.
   */
  async deliverDue(now = Date.now()): Promise<number> {
    const due = await this.store.messages.claimDue(
      now,
      this.options.batchSize ?? 200,
      this.options.leaseMs ?? 60_000,
    );
    if (due.length === 0) return 0;
    const rules = await this.store.messages.rules();
    const reads = new DeliveryReads(this.store);
    await reads.load(due);
    const size = Math.max(1, Math.floor(this.options.window ?? 1));
    const leaseMs = this.options.leaseMs ?? 60_000;
    const started = performance.now();
    let inFlight: Promise<Finished[]> = Promise.resolve([]);
    let taken = 0;
    try {
      for (let i = 0; i < due.length; i += size) {
        const finished: Finished[] = [];
        const failed: { ledgerKey: string; error: string }[] = [];
        const attempts: Planned[] = [];
        for (const message of due.slice(i, i + size)) {
          try {
            const plan = await this.prepare(message, rules, now, reads);
            if (plan.type === "finish") finished.push(plan.finished);
            else if (plan.type === "fail") failed.push(plan);
            else attempts.push(plan);
          } catch (error) {
            // A message that cannot be handled stays claimed until its lease ends, then comes
            // back: never dropped. The error is reported without the customer's data.
            this.options.onError?.(error);
          }
        }
        const before = await inFlight;
        inFlight = Promise.resolve([]);
        // A slow channel must not outlast the claim: past half the lease no more messages are
        // marked "sending"; the rest comes back when its lease ends, so no other worker can
        // take a message while this one sends it.
        const late = performance.now() - started > leaseMs / 2;
        const decisions = await this.store.messages.settle(
          {
            finished: [...before, ...finished],
            failed,
            attempts: late ? [] : attempts.map((a) => a.attempt),
          },
          now,
        );
        taken += finished.length + failed.length + (late ? 0 : attempts.length);
        if (late) break;
        const handOvers = attempts.flatMap((a, j) =>
          decisions[j]?.type === "deliver" && a.handOver
            ? [this.handOver(a.ledgerKey, a.handOver)]
            : [],
        );
        inFlight = Promise.all(handOvers).then((outcomes) =>
          outcomes.filter((o): o is Finished => o !== null),
        );
      }
    } finally {
      await this.store.messages.settle({ finished: await inFlight }, now);
    }
    return taken;
  }

  /** A hand-over that throws leaves its message "sending": after the lease, the policy decides. */
  private async handOver(
    ledgerKey: string,
    send: () => Promise<AttemptOutcome>,
  ): Promise<Finished | null> {
    try {
      return { ledgerKey, outcome: await send() };
    } catch (error) {
      this.options.onError?.(error);
      return null;
    }
  }

  /** Everything up to the hand-over that needs no lock: checks, reads and rendering. */
  private async prepare(
    message: Message,
    rules: MessagingRules,
    now: number,
    reads: DeliveryReads,
  ): Promise<Plan> {
    const key = message.ledgerKey;
    const retryAt = (t: number) => t + retryDelayMs(message.attempts + 1);
    const fixed = (decision: AttemptDecision): Plan => ({
      type: "attempt",
      ledgerKey: key,
      attempt: { message, since: now, rendered: null, decide: () => decision },
    });
    if (message.status === "sending") {
      // Claimed again after its lease ran out: the worker died while handing it over.
      if (rules.unknownOutcome[message.channel] === "hold")
        return {
          type: "finish",
          finished: {
            ledgerKey: key,
            outcome: {
              type: "unknown",
              error: "the worker stopped while sending; not resent (policy: hold)",
            },
          },
        };
    }
    if (message.attempts >= rules.maxAttempts)
      return {
        type: "finish",
        finished: {
          ledgerKey: key,
          outcome: {
            type: "failed",
            error: `gave up after ${message.attempts} attempts: ${message.lastError ?? ""}`,
          },
        },
      };
    const customer = reads.customer(message.profileId);
    if (!customer) return fixed({ type: "suppress", reason: "the customer no longer exists" });
    const template = await reads.template(message.templateId);
    if (!template || template.brandId !== message.brandId || template.channel !== message.channel)
      return {
        type: "fail",
        ledgerKey: key,
        error: `no ${message.channel} template "${message.templateId}" of brand "${message.brandId}"`,
      };
    const brand = await reads.brandMessaging(message.brandId);
    if (!brand) return { type: "fail", ledgerKey: key, error: `no brand "${message.brandId}"` };
    const run = reads.run(message.runId);
    const traits = traitsFor({ traits: customer.traitsByBrand }, message.brandId);
    const channel = message.channel;
    const target = channel === "email" ? null : brand.webhooks[channel];
    const recipient =
      channel === "webhook"
        ? target
          ? target.url
          : null
        : recipientOf({ id: customer.canonicalId, identifiers: customer.addresses }, channel);
    const facts = {
      channel,
      brandId: message.brandId,
      purpose: message.purpose as Parameters<typeof decideSend>[0]["purpose"],
      transactional: message.transactional,
      test: message.test,
      dataBrandId: run?.trigger?.brandId ?? null,
      consents: customer.consents,
      recipient: channel !== "email" && !target ? null : recipient,
      timeZone: timeZoneOf(traits, this.options.defaultTimeZone ?? "Europe/Zurich"),
      now,
    };
    // Consent and quiet hours first, without rendering; caps under the customer's lock.
    const first = decideSend({ ...facts, sentAt: [] }, rules);
    if (first.type !== "deliver") return fixed(first);
    const sender = brand.senders.find((s) => s.id === message.senderId) ?? brand.senders[0];
    if (channel === "email" && !sender)
      return {
        type: "fail",
        ledgerKey: key,
        error: `brand "${message.brandId}" has no sender address`,
      };
    let rendered: Rendered;
    try {
      rendered = await renderFor(reads, this.links, this.options.recommend, {
        message,
        profileId: customer.canonicalId,
        traits,
        brand,
        trigger: run?.trigger ?? null,
        template,
        recipient,
      });
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      return { type: "fail", ledgerKey: key, error: `template ${template.id}: ${error.message}` };
    }
    const stored = this.toStored(rendered, message, recipient as string);
    const attempt: Attempt = {
      message,
      since: now - capWindowMs(rules, channel),
      rendered: stored,
      decide: (sentAt) => decideSend({ ...facts, sentAt }, rules),
    };
    if (channel === "email" && rendered.kind === "email" && sender) {
      const email = {
        from: { name: sender.name, address: sender.address },
        replyTo: sender.replyTo,
        to: recipient as string,
        subject: rendered.subject,
        html: stored.bodyHtml as string,
        text: rendered.text,
        unsubscribeUrl: message.transactional ? null : this.links.unsubscribeUrl(key),
        ledgerKey: key,
      };
      return {
        type: "attempt",
        ledgerKey: key,
        attempt,
        handOver: () => this.email.send(email, now, retryAt),
      };
    }
    // decideSend suppresses a message without a target, so none is handed over then.
    return {
      type: "attempt",
      ledgerKey: key,
      attempt,
      handOver: target ? () => postWebhook(target, key, stored.payload, now, retryAt) : undefined,
    };
  }

  private toStored(rendered: Rendered, message: Message, recipient: string): RenderedMessage {
    const channel: MessageChannel = message.channel;
    if (rendered.kind === "email") {
      return {
        transport: this.email.kind,
        recipient,
        subject: rendered.subject,
        bodyHtml: this.links.track(rendered.html, message.ledgerKey),
        bodyText: rendered.text,
        payload: null,
        items: rendered.items,
      };
    }
    const base = {
      id: message.ledgerKey,
      journey: message.journeyId,
      step: message.stepId,
      brand: message.brandId,
      channel,
      customer: message.profileId,
    };
    const payload =
      rendered.kind === "json"
        ? { ...base, data: rendered.payload }
        : { ...base, to: recipient, text: rendered.text };
    return {
      transport: "webhook",
      recipient,
      subject: null,
      bodyHtml: null,
      bodyText: rendered.kind === "text" ? rendered.text : null,
      payload,
      items: rendered.items,
    };
  }
}

type Finished = { ledgerKey: string; outcome: AttemptOutcome };
type Planned = {
  type: "attempt";
  ledgerKey: string;
  attempt: Attempt;
  /** Hands the message over once it is marked "sending"; none when it is not sent at all. */
  handOver?: () => Promise<AttemptOutcome>;
};
/** What preparing a message came to: an outcome now, a failure before any attempt, or an attempt. */
type Plan =
  | { type: "finish"; finished: Finished }
  | { type: "fail"; ledgerKey: string; error: string }
  | Planned;
