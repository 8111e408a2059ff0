import { Liquid } from "liquidjs";
import type {
  BrandMessaging,
  Language,
  MessageLayout,
  MessageTemplate,
  TemplateText,
} from "../core/messaging/message-settings.js";
import type { MessageScope, ScopeItem } from "./message-scope.js";

/** Recommendations for templates: `{{ wine.product_id | recommend: "recipe", 2 }}`. */
export type Recommender = (contextItemId: string, kind: string, n: number) => Promise<ScopeItem[]>;

export interface RenderedEmail {
  kind: "email";
  language: Language;
  subject: string;
  html: string;
  text: string;
  /** Catalogue items the message recommends, so the next message does not repeat them. */
  items: string[];
}
export interface RenderedText {
  kind: "text";
  language: Language;
  text: string;
  items: string[];
}
export interface RenderedJson {
  kind: "json";
  language: Language;
  payload: unknown;
  items: string[];
}
export type Rendered = RenderedEmail | RenderedText | RenderedJson;

// MJML takes a second to load: only processes that render an email pay for it (not every CLI
// command).
let mjmlModule: Promise<(typeof import("mjml"))["default"]> | undefined;
const loadMjml = () => (mjmlModule ??= import("mjml").then((m) => m.default));

/** A template that cannot be rendered: the message names the part and the Liquid error. */
export class TemplateError extends Error {
  constructor(
    readonly part: string,
    message: string,
  ) {
    super(`${part}: ${message}`);
    this.name = "TemplateError";
  }
}

// Templates are written by marketers, but a loop over a million items or a 100 MB string
// must not stall the worker: Liquid stops them.
const LIMITS = { parseLimit: 1_000_000, renderLimit: 2_000, memoryLimit: 20_000_000 };

function engine(
  partials: Record<string, string>,
  escape: boolean,
  recommended: Set<string>,
  recommend: Recommender,
) {
  const liquid = new Liquid({
    ...LIMITS,
    templates: partials,
    ownPropertyOnly: true,
    strictFilters: true,
    outputEscape: escape ? "escape" : undefined,
  });
  liquid.registerFilter(
    "recommend",
    async (id: unknown, kind: unknown = "recipe", n: unknown = 2) => {
      if (typeof id !== "string" && typeof id !== "number") return [];
      const count = Math.min(Math.max(Number(n) || 1, 1), 10);
      const items = await recommend(String(id), String(kind), count);
      for (const item of items) recommended.add(item.id);
      return items;
    },
  );
  liquid.registerFilter("money", (value: unknown, currency: unknown = "CHF") => {
    const n = Number(value);
    return Number.isFinite(n) ? `${String(currency)} ${n.toFixed(2)}` : "";
  });
  return liquid;
}

async function renderPart(
  liquid: Liquid,
  part: string,
  source: string,
  scope: object,
): Promise<string> {
  try {
    return await liquid.parseAndRender(source, scope);
  } catch (error) {
    throw new TemplateError(part, (error as Error).message.split("\n")[0] ?? "cannot render");
  }
}

/** The template text in the customer's language, else the brand's default, else any. */
export function pickLanguage(
  template: MessageTemplate,
  wanted: Language,
  brandDefault: Language,
): { language: Language; text: TemplateText } {
  for (const language of [wanted, brandDefault, "de", "en"] as Language[]) {
    const text = template.content[language];
    if (text) return { language, text };
  }
  throw new TemplateError("content", "the template has no text");
}

const CONTENT = /\{\{-?\s*content\s*-?\}\}/g;

/**
 * Renders a message for one customer: Liquid with the customer, the triggering event, the
 * brand and recommendations in scope; for email the body goes into the brand's MJML layout
 * and MJML makes the HTML. Values are HTML-escaped in email; SMS and push are plain text; a
 * webhook body is Liquid that must give JSON.
 */
export async function renderMessage(input: {
  template: MessageTemplate;
  layout: MessageLayout | null;
  brand: BrandMessaging;
  scope: MessageScope;
  recommend: Recommender;
}): Promise<Rendered> {
  const { template, layout, scope } = input;
  const { language, text } = pickLanguage(
    template,
    scope.customer.language,
    input.brand.defaultLanguage,
  );
  const recommended = new Set<string>();
  const partials = layout?.partials ?? {};
  const liquidScope = { ...scope, language };
  if (template.channel !== "email") {
    const liquid = engine(partials, false, recommended, input.recommend);
    const body = await renderPart(liquid, "body", text.body, liquidScope);
    if (template.channel === "webhook") {
      try {
        return { kind: "json", language, payload: JSON.parse(body), items: [...recommended] };
      } catch {
        throw new TemplateError("body", "a webhook body must render to JSON");
      }
    }
    return { kind: "text", language, text: body.trim(), items: [...recommended] };
  }
  const liquid = engine(partials, true, recommended, input.recommend);
  const subject = (await renderPart(liquid, "subject", text.subject ?? "", liquidScope)).trim();
  const preheader = text.preheader
    ? (await renderPart(liquid, "preheader", text.preheader, liquidScope)).trim()
    : "";
  const body = await renderPart(liquid, "body", text.body, liquidScope);
  // The layout is rendered with a marker where the content goes, so the (already rendered)
  // content is not escaped a second time.
  const marker = `cxloop-content-${Math.random().toString(36).slice(2)}`;
  const frame = layout?.mjml ?? DEFAULT_LAYOUT;
  const framed = await renderPart(liquid, "layout", frame.replace(CONTENT, marker), {
    ...liquidScope,
    preheader,
  });
  const mjml = framed.split(marker).join(body);
  let html: string;
  try {
    const result = await (await loadMjml())(mjml, { validationLevel: "soft", keepComments: false });
    const errors = result.errors ?? [];
    if (errors.length > 0 && !result.html)
      throw new Error(errors.map((e) => e.formattedMessage).join("; "));
    html = result.html;
  } catch (error) {
    throw new TemplateError("mjml", (error as Error).message.split("\n")[0] ?? "invalid MJML");
  }
  return {
    kind: "email",
    language,
    subject,
    html,
    text: htmlToText(html),
    items: [...recommended],
  };
}

/** A plain layout for brands that have none: the body, then the footer with the unsubscribe link. */
export const DEFAULT_LAYOUT = `<mjml>
  <mj-head>
    <mj-preview>{{ preheader }}</mj-preview>
    <mj-attributes><mj-all font-family="Helvetica, Arial, sans-serif" /></mj-attributes>
  </mj-head>
  <mj-body background-color="{{ brand.colours.background }}">
    {{ content }}
    <mj-section><mj-column>
      <mj-text font-size="12px" color="#6b7280">{{ brand.footer }}<br />{{ brand.legal }}</mj-text>
      <mj-text font-size="12px"><a href="{{ message.unsubscribe_url }}">{% if language == "de" %}Abmelden{% else %}Unsubscribe{% endif %}</a></mj-text>
    </mj-column></mj-section>
  </mj-body>
</mjml>`;

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  "#39": "'",
  nbsp: " ",
};

/** The text part of an email: what a text-only mail client shows. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(head|style|script)[\s\S]*?<\/\1>/gi, "")
    .replace(/<a\s[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, (_, href: string, label: string) => {
      const text = label.replace(/<[^>]+>/g, "").trim();
      return text && text !== href ? `${text} (${href})` : href;
    })
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|h[1-6]|tr|li)>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, e: string) => ENTITIES[e] ?? "")
    .split("\n")
    .map((line) => line.replace(/\s+/g, " ").trim())
    .filter((line, i, lines) => line !== "" || (i > 0 && lines[i - 1] !== ""))
    .join("\n")
    .trim();
}
