import { z } from "zod";
import {
  BrandMessaging,
  MessageChannel,
  MessageLayout,
  MessageTemplate,
  MessagingRules,
} from "../../core/messaging/message-settings.js";
import { AppFailure, ErrorCode } from "../../core/shared/result.js";
import { recipientOf, traitsFor } from "../../messaging/message-facts.js";
import { storeReads } from "../../messaging/render-reads.js";
import type { MessageLinks } from "../../messaging/message-links.js";
import { catalogRecommender } from "../../messaging/messaging.js";
import { renderFor } from "../../messaging/render-for.js";
import { TemplateError } from "../../messaging/render-message.js";
import type { Store } from "../../storage/store.js";
import type { Message } from "../../storage/sql/message-store.js";
import { unknownResolutions } from "../../storage/sql/unknown-outcomes.js";
import type { RouteRegistry } from "../route-registry.js";

const TemplateIdParam = z.object({ id: z.string().min(1).max(100) });
const SendStatusValue = z.enum(["pending", "sending", "sent", "failed", "unknown", "suppressed"]);

const MessageQuery = z.object({
  status: SendStatusValue.optional(),
  channel: MessageChannel.optional(),
  brandId: z.string().min(1).max(64).optional(),
  journeyId: z.string().min(1).max(64).optional(),
  before: z.coerce.number().int().optional(),
  beforeKey: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** A message in a list: what, to whom, how it stands; the body only when asked for one. */
function summary(m: Message) {
  const { bodyHtml: _html, bodyText: _text, payload: _payload, ...rest } = m;
  return rest;
}

/** The brand's settings without secrets: a webhook shows whether a secret is set. */
function redacted(settings: BrandMessaging) {
  const hide = (t: { url: string; secret: string } | undefined) =>
    t ? { url: t.url, secret: null, secretSet: true } : undefined;
  return {
    ...settings,
    webhooks: {
      webhook: hide(settings.webhooks.webhook),
      sms: hide(settings.webhooks.sms),
      push: hide(settings.webhooks.push),
    },
  };
}

const BrandMessagingInput = z.strictObject({
  ...BrandMessaging.shape,
  webhooks: z
    .strictObject({
      webhook: z.strictObject({ url: z.string(), secret: z.string().nullable() }).optional(),
      sms: z.strictObject({ url: z.string(), secret: z.string().nullable() }).optional(),
      push: z.strictObject({ url: z.string(), secret: z.string().nullable() }).optional(),
    })
    .default({}),
});

/**
 * Messages and their content: the outbox and message log (the send ledger), templates,
 * brands' layouts and settings, the rules across journeys, and a preview of any template for
 * any customer.
 */
export function registerMessageRoutes(registry: RouteRegistry, store: Store, links: MessageLinks) {
  registry.add({
    method: "GET",
    url: "/api/messages",
    summary:
      "The outbox: every message of every journey, newest first (page with before + beforeKey of the last one)",
    tag: "messages",
    permission: "customers:read",
    query: MessageQuery,
    handler: async ({ query }) => {
      const before =
        query.before !== undefined && query.beforeKey
          ? { createdAt: query.before, ledgerKey: query.beforeKey }
          : undefined;
      return (await store.messages.list({ ...query, before }, query.limit)).map(summary);
    },
  });
  registry.add({
    method: "GET",
    url: "/api/messages/:key",
    summary: "One message as it was sent: subject, HTML, text or payload, status and attempts",
    tag: "messages",
    permission: "customers:read",
    params: z.object({ key: z.string().min(1).max(300) }),
    handler: async ({ params }) => {
      const message = await store.messages.message(params.key);
      if (!message)
        throw new AppFailure({ code: ErrorCode.notFound, message: `no message "${params.key}"` });
      return message;
    },
  });
  registry.add({
    method: "POST",
    url: "/api/messages/resolve-unknown",
    summary:
      "The same decision on every message held as unknown (optionally of one journey, brand or channel): resend, mark_sent or mark_failed; all or nothing",
    tag: "messages",
    permission: "customers:write",
    body: z.strictObject({
      action: z.enum(unknownResolutions),
      journeyId: z.string().min(1).max(64).optional(),
      brandId: z.string().min(1).max(64).optional(),
      channel: z.enum(["email", "sms", "push", "webhook"]).optional(),
    }),
    handler: async ({ body, user }) => {
      const { action, ...filter } = body;
      const resolved = await store.messages.resolveAllUnknown(filter, action, user?.email ?? "api");
      return { resolved, action };
    },
  });
  registry.add({
    method: "POST",
    url: "/api/messages/:key/resolve",
    summary:
      "Decide on a message held as unknown after a crash: resend it, or record that it arrived (mark_sent) or did not (mark_failed)",
    tag: "messages",
    permission: "customers:write",
    params: z.object({ key: z.string().min(1).max(300) }),
    body: z.strictObject({ action: z.enum(unknownResolutions) }),
    handler: async ({ params, body, user }) => {
      const result = await store.messages.resolveUnknown(
        params.key,
        body.action,
        user?.email ?? "api",
      );
      if (result === "not_found")
        throw new AppFailure({ code: ErrorCode.notFound, message: `no message "${params.key}"` });
      if (result === "not_unknown") {
        const status = (await store.messages.message(params.key))?.status ?? "gone";
        throw new AppFailure({
          code: ErrorCode.conflict,
          message: `message "${params.key}" is ${status}, not unknown: only a message held after a crash can be decided on`,
          path: "params.key",
        });
      }
      return result;
    },
  });
  registry.add({
    method: "GET",
    url: "/api/customers/:id/messages",
    summary: "The message log of one customer (and the profiles merged into them)",
    tag: "messages",
    permission: "customers:read",
    params: z.object({ id: z.string().min(1).max(64) }),
    query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
    handler: async ({ params, query }) => {
      const canonical = await store.profiles.canonicalId(params.id);
      const profile = canonical ? await store.profiles.get(canonical) : undefined;
      if (!profile)
        throw new AppFailure({ code: ErrorCode.notFound, message: `no customer "${params.id}"` });
      const ids = [profile.id, ...profile.mergedProfileIds];
      return (await store.messages.list({ profileIds: ids }, query.limit)).map(summary);
    },
  });

  registry.add({
    method: "GET",
    url: "/api/templates",
    summary: "Message templates of every brand",
    tag: "messages",
    permission: "customers:read",
    handler: () => store.messages.templates(),
  });
  registry.add({
    method: "GET",
    url: "/api/templates/:id",
    summary: "One message template",
    tag: "messages",
    permission: "customers:read",
    params: TemplateIdParam,
    handler: async ({ params }) => {
      const template = await store.messages.template(params.id);
      if (!template)
        throw new AppFailure({ code: ErrorCode.notFound, message: `no template "${params.id}"` });
      return template;
    },
  });
  registry.add({
    method: "PUT",
    url: "/api/templates/:id",
    summary: "Create or replace a message template (Liquid; MJML sections for email)",
    tag: "messages",
    permission: "settings:write",
    params: TemplateIdParam,
    body: MessageTemplate,
    handler: async ({ params, body, user }) => {
      if (body.id !== params.id)
        throw new AppFailure({
          code: ErrorCode.invalidInput,
          message: `id: "${body.id}" is not the template of this address ("${params.id}")`,
          path: "body.id",
        });
      await store.messages.saveTemplate(body, user?.email ?? "api");
      return store.messages.template(body.id);
    },
  });
  registry.add({
    method: "POST",
    url: "/api/templates/preview",
    summary:
      "Render a template (stored or as given) for one customer and an example event, without sending",
    tag: "messages",
    permission: "customers:read",
    body: z.strictObject({
      template: MessageTemplate.optional(),
      templateId: z.string().min(1).max(100).optional(),
      customerId: z.string().min(1).max(64),
      event: z
        .strictObject({
          name: z.string().min(1).max(200),
          properties: z.record(z.string(), z.unknown()).default({}),
          brandId: z.string().min(1).max(64).optional(),
        })
        .optional(),
    }),
    handler: async ({ body }) => {
      const template =
        body.template ??
        (body.templateId ? await store.messages.template(body.templateId) : undefined);
      if (!template)
        throw new AppFailure({
          code: body.templateId ? ErrorCode.notFound : ErrorCode.invalidInput,
          message: body.templateId ? `no template "${body.templateId}"` : "template or templateId",
          path: "body.template",
        });
      const canonical = await store.profiles.canonicalId(body.customerId);
      const profile = canonical ? await store.profiles.get(canonical) : undefined;
      if (!profile)
        throw new AppFailure({
          code: ErrorCode.notFound,
          message: `no customer "${body.customerId}"`,
        });
      const brand = await store.messages.brandMessaging(template.brandId);
      if (!brand)
        throw new AppFailure({
          code: ErrorCode.notFound,
          message: `no brand "${template.brandId}"`,
        });
      const recipient = recipientOf(profile, template.channel);
      try {
        const rendered = await renderFor(storeReads(store), links, catalogRecommender(store), {
          message: {
            ledgerKey: "preview",
            journeyId: "preview",
            stepId: "preview",
            brandId: template.brandId,
            channel: template.channel,
            profileId: profile.id,
          },
          profileId: profile.id,
          traits: traitsFor(profile, template.brandId),
          brand,
          trigger: body.event ? { ...body.event, timestamp: Date.now() } : null,
          template,
          recipient,
        });
        return { recipient, ...rendered };
      } catch (error) {
        if (!(error instanceof TemplateError)) throw error;
        throw new AppFailure({
          code: ErrorCode.invalidInput,
          message: `template: ${error.message}`,
          path: `body.template.${error.part}`,
        });
      }
    },
  });

  registry.add({
    method: "GET",
    url: "/api/layouts",
    summary: "Brands' email layouts (MJML with partials)",
    tag: "messages",
    permission: "customers:read",
    handler: () => store.messages.layouts(),
  });
  registry.add({
    method: "PUT",
    url: "/api/layouts/:id",
    summary: "Create or replace a brand's email layout",
    tag: "messages",
    permission: "settings:write",
    params: TemplateIdParam,
    body: MessageLayout,
    handler: async ({ params, body, user }) => {
      if (body.id !== params.id)
        throw new AppFailure({
          code: ErrorCode.invalidInput,
          message: `id: "${body.id}" is not the layout of this address ("${params.id}")`,
          path: "body.id",
        });
      await store.messages.saveLayout(body, user?.email ?? "api");
      return store.messages.layout(body.id);
    },
  });

  registry.add({
    method: "GET",
    url: "/api/brands/:id/messaging",
    summary: "A brand's senders, look, texts and webhook targets (secrets are never returned)",
    tag: "messages",
    permission: "customers:read",
    params: z.object({ id: z.string().min(1).max(64) }),
    handler: async ({ params }) => {
      const settings = await store.messages.brandMessaging(params.id);
      if (!settings)
        throw new AppFailure({ code: ErrorCode.notFound, message: `no brand "${params.id}"` });
      return redacted(settings);
    },
  });
  registry.add({
    method: "PUT",
    url: "/api/brands/:id/messaging",
    summary:
      "Set a brand's message settings; a webhook secret of null keeps the one already stored",
    tag: "messages",
    permission: "settings:write",
    params: z.object({ id: z.string().min(1).max(64) }),
    body: BrandMessagingInput,
    handler: async ({ params, body }) => {
      const current = await store.messages.brandMessaging(params.id);
      if (!current)
        throw new AppFailure({ code: ErrorCode.notFound, message: `no brand "${params.id}"` });
      const webhooks: Record<string, unknown> = {};
      for (const channel of ["webhook", "sms", "push"] as const) {
        const given = body.webhooks[channel];
        if (!given) continue;
        const secret = given.secret ?? current.webhooks[channel]?.secret;
        if (!secret)
          throw new AppFailure({
            code: ErrorCode.invalidInput,
            message: `webhooks.${channel}.secret: required (none is stored yet)`,
            path: `body.webhooks.${channel}.secret`,
          });
        webhooks[channel] = { url: given.url, secret };
      }
      const parsed = BrandMessaging.safeParse({ ...body, webhooks });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const path = issue?.path.map(String).join(".") ?? "";
        throw new AppFailure({
          code: ErrorCode.invalidInput,
          message: `${path}: ${issue?.message ?? "invalid"}`,
          path: `body.${path}`,
        });
      }
      await store.messages.setBrandMessaging(params.id, parsed.data);
      return redacted(parsed.data);
    },
  });

  registry.add({
    method: "GET",
    url: "/api/messaging/rules",
    summary: "Rules across all journeys: frequency caps, quiet hours, unknown-outcome policy",
    tag: "messages",
    permission: "customers:read",
    handler: () => store.messages.rules(),
  });
  registry.add({
    method: "PUT",
    url: "/api/messaging/rules",
    summary: "Set the rules across all journeys",
    tag: "messages",
    permission: "settings:write",
    body: MessagingRules,
    handler: async ({ body }) => {
      await store.messages.setRules(body);
      return store.messages.rules();
    },
  });
}
