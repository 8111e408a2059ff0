import { decideSend, capWindowMs, retryDelayMs } from "../core/messaging/send-decision.js";
import { type MessageChannel, type MessagingRules } from "../core/messaging/message-settings.js";
import type { Store } from "../storage/store.js";
import type { Message, RenderedMessage } from "../storage/sql/message-store.js";
import type { EmailTransport } from "./email-transport.js";
import { recipientOf, timeZoneOf, traitsFor } from "./message-facts.js";
import type { MessageLinks } from "./message-links.js";
import type { RecommendItems } from "./message-scope.js";
import { renderFor } from "./render-for.js";
import { TemplateError, type Rendered } from "./render-message.js";
import { postWebhook } from "./webhook-transport.js";

/** Recommendations for one customer: items of `kind` that go with the context item. */
export interface DelivererOptions {
  batchSize?: number;
  /** Longer than the slowest hand-over (SMTP and webhook time out well before). */
  leaseMs?: number;
  defaultTimeZone?: string;
  recommend?: RecommendItems;
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

  /** Delivers the messages that are due; returns how many were taken. */
  async deliverDue(now = Date.now()): Promise<number> {
    const due = await this.store.messages.claimDue(
      now,
      this.options.batchSize ?? 200,
      this.options.leaseMs ?? 60_000,
    );
    if (due.length === 0) return 0;
    const rules = await this.store.messages.rules();
    for (const message of due) {
      try {
        await this.deliver(message, rules, now);
      } catch (error) {
        // A message that cannot be handled stays claimed until its lease ends, then comes back:
        // never dropped. The error is reported without the customer's data.
        this.options.onError?.(error);
      }
    }
    return due.length;
  }

  private async deliver(message: Message, rules: MessagingRules, now: number): Promise<void> {
    const key = message.ledgerKey;
    const retryAt = (t: number) => t + retryDelayMs(message.attempts + 1);
    if (message.status === "sending") {
      // Claimed again after its lease ran out: the worker died while handing it over.
      if (rules.unknownOutcome[message.channel] === "hold") {
        await this.store.messages.finishAttempt(
          key,
          { type: "unknown", error: "the worker stopped while sending; not resent (policy: hold)" },
          now,
        );
        return;
      }
    }
    if (message.attempts >= rules.maxAttempts) {
      await this.store.messages.finishAttempt(
        key,
        {
          type: "failed",
          error: `gave up after ${message.attempts} attempts: ${message.lastError ?? ""}`,
        },
        now,
      );
      return;
    }
    const profileId = await this.store.profiles.canonicalId(message.profileId);
    const profile = profileId ? await this.store.profiles.get(profileId) : undefined;
    if (!profile) {
      await this.suppress(message, "the customer no longer exists", now);
      return;
    }
    const template = await this.store.messages.template(message.templateId);
    if (!template || template.brandId !== message.brandId || template.channel !== message.channel) {
      await this.store.messages.failUnsent(
        key,
        `no ${message.channel} template "${message.templateId}" of brand "${message.brandId}"`,
        now,
      );
      return;
    }
    const brand = await this.store.messages.brandMessaging(message.brandId);
    if (!brand) {
      await this.store.messages.failUnsent(key, `no brand "${message.brandId}"`, now);
      return;
    }
    const run = await this.store.journeys.run(message.runId);
    const traits = traitsFor(profile, message.brandId);
    const channel = message.channel;
    const target = channel === "email" ? null : brand.webhooks[channel];
    const recipient =
      channel === "webhook" ? (target ? target.url : null) : recipientOf(profile, channel);
    const facts = {
      channel,
      brandId: message.brandId,
      purpose: message.purpose as Parameters<typeof decideSend>[0]["purpose"],
      transactional: message.transactional,
      test: message.test,
      dataBrandId: run?.trigger?.brandId ?? null,
      consents: profile.consents,
      recipient: channel !== "email" && !target ? null : recipient,
      timeZone: timeZoneOf(traits, this.options.defaultTimeZone ?? "Europe/Zurich"),
      now,
    };
    // Consent and quiet hours first, without rendering; caps under the customer's lock below.
    const first = decideSend({ ...facts, sentAt: [] }, rules);
    if (first.type !== "deliver") {
      await this.store.messages.beginAttempt(message, now, null, () => first, now);
      return;
    }
    const sender = brand.senders.find((s) => s.id === message.senderId) ?? brand.senders[0];
    if (channel === "email" && !sender) {
      await this.store.messages.failUnsent(
        key,
        `brand "${message.brandId}" has no sender address`,
        now,
      );
      return;
    }
    let rendered: Rendered;
    try {
      rendered = await renderFor(this.store, this.links, this.options.recommend, {
        message,
        profileId: profile.id,
        traits,
        brand,
        trigger: run?.trigger ?? null,
        template,
        recipient,
      });
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      await this.store.messages.failUnsent(key, `template ${template.id}: ${error.message}`, now);
      return;
    }
    const stored = this.toStored(rendered, message, recipient as string);
    const decision = await this.store.messages.beginAttempt(
      message,
      now - capWindowMs(rules, channel),
      stored,
      (sentAt) => decideSend({ ...facts, sentAt }, rules),
      now,
    );
    if (decision.type !== "deliver") return;

    if (channel === "email" && rendered.kind === "email" && sender) {
      const outcome = await this.email.send(
        {
          from: { name: sender.name, address: sender.address },
          replyTo: sender.replyTo,
          to: recipient as string,
          subject: rendered.subject,
          html: stored.bodyHtml as string,
          text: rendered.text,
          unsubscribeUrl: message.transactional ? null : this.links.unsubscribeUrl(key),
          ledgerKey: key,
        },
        now,
        retryAt,
      );
      await this.store.messages.finishAttempt(key, outcome, now);
      return;
    }
    if (!target) return; // decideSend suppressed it: no target
    const outcome = await postWebhook(target, key, stored.payload, now, retryAt);
    await this.store.messages.finishAttempt(key, outcome, now);
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

  private async suppress(message: Message, reason: string, now: number): Promise<void> {
    await this.store.messages.beginAttempt(
      message,
      now,
      null,
      () => ({ type: "suppress", reason }),
      now,
    );
  }
}
