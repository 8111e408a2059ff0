import { z } from "zod";
import { FrequencyCap, QuietHours } from "../journeys/message-rules.js";
import { Slug } from "../sources/source.js";

export const MessageChannel = z.enum(["email", "sms", "push", "webhook"]);
export type MessageChannel = z.infer<typeof MessageChannel>;

export const Language = z.enum(["de", "en"]);
export type Language = z.infer<typeof Language>;

const Colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, "a colour like #1a7f37");
const HttpsUrl = z
  .string()
  .max(2000)
  .url()
  .refine((u) => /^https?:\/\//.test(u), "an http(s) address");
const Texts = z.object({
  de: z.string().max(4000).optional(),
  en: z.string().max(4000).optional(),
});

/** Where a brand's webhook, SMS or push messages go: a URL and the HMAC secret to sign with. */
export const WebhookTarget = z.object({
  url: HttpsUrl,
  secret: z.string().min(16, "at least 16 characters").max(200),
});
export type WebhookTarget = z.infer<typeof WebhookTarget>;

/**
 * How a brand's messages look and where they come from: sender addresses, logo, colours,
 * footer and legal text for every layout, and the endpoints of its webhook, SMS and push
 * gateways. Secrets stay on the server: the API never returns them.
 */
export const BrandMessaging = z.object({
  senders: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z0-9-]{1,40}$/, "lower-case letters, digits and -"),
        name: z.string().min(1).max(200),
        address: z.email(),
        replyTo: z.email().optional(),
      }),
    )
    .max(20)
    .default([]),
  logoUrl: HttpsUrl.optional(),
  colours: z
    .object({ primary: Colour.default("#1f2937"), background: Colour.default("#f4f4f5") })
    .default({ primary: "#1f2937", background: "#f4f4f5" }),
  footer: Texts.default({}),
  legal: Texts.default({}),
  defaultLanguage: Language.default("de"),
  webhooks: z
    .object({
      webhook: WebhookTarget.optional(),
      sms: WebhookTarget.optional(),
      push: WebhookTarget.optional(),
    })
    .default({}),
});
export type BrandMessaging = z.infer<typeof BrandMessaging>;

/** What happens to a send whose outcome is unknown after a crash mid-send. */
export const UnknownOutcomePolicy = z.enum(["hold", "resend"]);

/** Rules across every journey and brand, before any marketing message goes out. */
export const MessagingRules = z.strictObject({
  caps: z.array(FrequencyCap).max(20).default([]),
  quietHours: QuietHours.nullable().default(null),
  /**
   * Email cannot be taken back, so a crash mid-send leaves it "unknown" and held by default;
   * webhooks carry an idempotency key, so resending is safe and the default.
   */
  unknownOutcome: z
    .object({
      email: UnknownOutcomePolicy.default("hold"),
      sms: UnknownOutcomePolicy.default("hold"),
      push: UnknownOutcomePolicy.default("hold"),
      webhook: UnknownOutcomePolicy.default("resend"),
    })
    .default({ email: "hold", sms: "hold", push: "hold", webhook: "resend" }),
  maxAttempts: z.number().int().min(1).max(20).default(6),
});
export type MessagingRules = z.infer<typeof MessagingRules>;

export const defaultMessagingRules: MessagingRules = MessagingRules.parse({});

const TemplateId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, "lower-case letters, digits, ., _ and -");

const TemplateText = z.object({
  /** Email subject (Liquid). */
  subject: z.string().max(1000).optional(),
  /** Preview text shown after the subject in inboxes (Liquid). */
  preheader: z.string().max(1000).optional(),
  /** Email: MJML body sections (Liquid) placed in the layout; SMS/push: text; webhook: JSON (Liquid). */
  body: z.string().min(1).max(200_000),
});
export type TemplateText = z.infer<typeof TemplateText>;

/** A message template of one brand and channel, in German and/or English. */
export const MessageTemplate = z
  .strictObject({
    id: TemplateId,
    brandId: Slug,
    channel: MessageChannel,
    name: z.string().min(1).max(200),
    layoutId: TemplateId.nullable().default(null),
    content: z
      .object({ de: TemplateText.optional(), en: TemplateText.optional() })
      .refine((c) => c.de !== undefined || c.en !== undefined, "German or English content"),
  })
  .refine((t) => t.channel !== "email" || Object.values(t.content).every((c) => c?.subject), {
    message: "an email needs a subject in every language it has",
    path: ["content"],
  });
export type MessageTemplate = z.infer<typeof MessageTemplate>;

/**
 * A brand's email layout: MJML around `{{ content }}`, with partials (logo, footer, legal)
 * that templates and layouts include with `{% render 'name' %}`.
 */
export const MessageLayout = z.strictObject({
  id: TemplateId,
  brandId: Slug,
  name: z.string().min(1).max(200),
  mjml: z
    .string()
    .min(1)
    .max(200_000)
    .refine((m) => /\{\{-?\s*content\s*-?\}\}/.test(m), "the layout must place {{ content }}"),
  partials: z
    .record(
      z.string().regex(/^[a-z0-9_-]{1,40}$/, "lower-case letters, digits, _ and -"),
      z.string().max(50_000),
    )
    .default({}),
});
export type MessageLayout = z.infer<typeof MessageLayout>;
