import type { BrandMessaging, MessageTemplate } from "../core/messaging/message-settings.js";
import type { JourneyRun } from "../core/journeys/journey-run.js";
import type { Message } from "../storage/sql/message-store.js";
import { stringOr } from "./message-facts.js";
import type { MessageLinks } from "./message-links.js";
import { languageOf, type MessageScope, type RecommendItems } from "./message-scope.js";
import { renderMessage, type Rendered } from "./render-message.js";
import type { RenderReads } from "./render-reads.js";

/**
 * Renders a template for one customer with everything in scope: the customer (traits of all
 * brands, the sending brand's first), the triggering event, the brand's look and texts, the
 * message's links, and recommendations that leave out what this customer was sent before.
 * The delivery stage and the preview use it alike.
 */
export async function renderFor(
  reads: RenderReads,
  links: MessageLinks,
  recommend: RecommendItems | undefined,
  input: {
    message: Pick<
      Message,
      "ledgerKey" | "journeyId" | "stepId" | "brandId" | "channel" | "profileId"
    >;
    profileId: string;
    traits: Record<string, unknown>;
    brand: BrandMessaging;
    trigger: JourneyRun["trigger"];
    template: MessageTemplate;
    recipient: string | null;
  },
): Promise<Rendered> {
  const { message, traits, brand, trigger, template, recipient, profileId } = input;
  const language = languageOf(traits, brand.defaultLanguage);
  const first = stringOr(traits.firstName ?? traits.first_name);
  const last = stringOr(traits.lastName ?? traits.last_name);
  const scope: MessageScope = {
    customer: {
      id: profileId,
      first_name: first,
      last_name: last,
      name: [first, last].filter(Boolean).join(" ") || null,
      email: message.channel === "email" ? recipient : stringOr(traits.email),
      phone: message.channel === "sms" ? recipient : stringOr(traits.phone),
      language,
      traits,
    },
    event: trigger && {
      name: trigger.name,
      properties: trigger.properties,
      timestamp: new Date(trigger.timestamp).toISOString(),
      brand: trigger.brandId ?? null,
    },
    brand: {
      id: message.brandId,
      name: (await reads.brandName(message.brandId)) ?? message.brandId,
      logo_url: brand.logoUrl ?? null,
      colours: brand.colours,
      footer: brand.footer[language] ?? brand.footer.de ?? brand.footer.en ?? "",
      legal: brand.legal[language] ?? brand.legal.de ?? brand.legal.en ?? "",
    },
    message: {
      unsubscribe_url: links.unsubscribeUrl(message.ledgerKey),
      journey: message.journeyId,
      step: message.stepId,
    },
  };
  const layout = template.layoutId ? ((await reads.layout(template.layoutId)) ?? null) : null;
  const exclude = await reads.itemsSentTo([profileId, message.profileId]);
  return renderMessage({
    template,
    layout,
    brand,
    scope,
    recommend: async (contextItemId, kind, n) =>
      recommend ? recommend({ contextItemId, kind, n, language, exclude }) : [],
  });
}
