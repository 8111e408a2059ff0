import { createHash, randomBytes } from "node:crypto";
import { filters, Liquid, type FilterImplOptions, type Template } from "liquidjs";
import type {
  BrandMessaging,
  Language,
  MessageLayout,
  MessageTemplate,
  TemplateText,
} from "../core/messaging/message-settings.js";
import type { MessageScope, ScopeItem } from "./message-scope.js";

/** What `this` is inside a Liquid filter: the render's context. */
type FilterImpl = ThisParameterType<Extract<FilterImplOptions, (...args: never[]) => unknown>>;

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

/** What a render's filters need: set per render through Liquid's globals. */
interface RenderState {
  recommended: Set<string>;
  recommend: Recommender;
  /** When set, each escaped output is recorded here and a placeholder stands in its place. */
  values?: string[];
}
const STATE = "__cxloop_render";

// One engine per set of partials and escaping, its parsed templates kept: building an engine
// and parsing the same template again for every message cost more than rendering it.
const engines = new Map<string, { liquid: Liquid; parsed: Map<string, Template[]> }>();

function engine(partials: Record<string, string>, escape: boolean) {
  const key = `${escape ? "e" : "t"}${JSON.stringify(partials)}`;
  const known = engines.get(key);
  if (known) return known;
  if (engines.size >= 50) engines.clear();
  const liquid = new Liquid({
    ...LIMITS,
    templates: partials,
    ownPropertyOnly: true,
    strictFilters: true,
    outputEscape: escape ? escapeOrPlaceholder : undefined,
  });
  liquid.registerFilter(
    "recommend",
    async function (this: FilterImpl, id: unknown, kind: unknown = "recipe", n: unknown = 2) {
      const state = this.context.globals[STATE] as RenderState | undefined;
      if (!state || (typeof id !== "string" && typeof id !== "number")) return [];
      const count = Math.min(Math.max(Number(n) || 1, 1), 10);
      const items = await state.recommend(String(id), String(kind), count);
      for (const item of items) state.recommended.add(item.id);
      return items;
    },
  );
  liquid.registerFilter("money", (value: unknown, currency: unknown = "CHF") => {
    const n = Number(value);
    return Number.isFinite(n) ? `${String(currency)} ${n.toFixed(2)}` : "";
  });
  const made = { liquid, parsed: new Map<string, Template[]>() };
  engines.set(key, made);
  return made;
}

type Engine = ReturnType<typeof engine>;

async function renderPart(
  { liquid, parsed }: Engine,
  part: string,
  source: string,
  scope: object,
  state: RenderState,
): Promise<string> {
  try {
    let templates = parsed.get(source);
    if (!templates) {
      templates = liquid.parse(source);
      if (parsed.size >= 500) parsed.clear();
      parsed.set(source, templates);
    }
    return (await liquid.render(templates, scope, { globals: { [STATE]: state } })) as string;
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
  /** false: MJML for every message (tests compare); by default once per template structure. */
  mjmlPerStructure?: boolean;
}): Promise<Rendered> {
  const { template, layout, scope } = input;
  const { language, text } = pickLanguage(
    template,
    scope.customer.language,
    input.brand.defaultLanguage,
  );
  const state: RenderState = { recommended: new Set<string>(), recommend: input.recommend };
  const items = () => [...state.recommended];
  const partials = layout?.partials ?? {};
  const liquidScope = { ...scope, language };
  if (template.channel !== "email") {
    const body = await renderPart(engine(partials, false), "body", text.body, liquidScope, state);
    if (template.channel === "webhook") {
      try {
        return { kind: "json", language, payload: JSON.parse(body), items: items() };
      } catch {
        throw new TemplateError("body", "a webhook body must render to JSON");
      }
    }
    return { kind: "text", language, text: body.trim(), items: items() };
  }
  const liquid = engine(partials, true);
  const subject = (
    await renderPart(liquid, "subject", text.subject ?? "", liquidScope, state)
  ).trim();
  // Unescaped here: the layout escapes it where it puts it.
  const preheader = text.preheader
    ? (
        await renderPart(engine(partials, false), "preheader", text.preheader, liquidScope, state)
      ).trim()
    : "";
  const frame = layout?.mjml ?? DEFAULT_LAYOUT;
  // Outputs as placeholders: the MJML then depends on the template's structure only (which
  // branches, how many recipes), and its HTML is made once per structure, not per customer.
  const values =
    input.mjmlPerStructure !== false &&
    !feedsOutputBack([frame, text.body, ...Object.values(partials)])
      ? []
      : undefined;
  const renderState = { ...state, values };
  const body = await renderPart(liquid, "body", text.body, liquidScope, renderState);
  // The layout is rendered with a marker where the content goes, so the (already rendered)
  // content is not escaped a second time.
  const marker = `cxloop-content-${Math.random().toString(36).slice(2)}`;
  const framed = await renderPart(
    liquid,
    "layout",
    frame.replace(CONTENT, marker),
    { ...liquidScope, preheader },
    renderState,
  );
  const mjml = framed.split(marker).join(body);
  const html = values ? await htmlOfStructure(mjml, values) : await mjmlToHtml(mjml);
  return { kind: "email", language, subject, html, text: htmlToText(html), items: items() };
}

/** How often MJML ran in this process (it is the costly step; a structure's HTML is kept). */
export const mjmlRuns = { count: 0 };

async function mjmlToHtml(mjml: string): Promise<string> {
  mjmlRuns.count++;
  try {
    const result = await (await loadMjml())(mjml, { validationLevel: "soft", keepComments: false });
    const errors = result.errors ?? [];
    if (errors.length > 0 && !result.html)
      throw new Error(errors.map((e) => e.formattedMessage).join("; "));
    return result.html;
  } catch (error) {
    throw new TemplateError("mjml", (error as Error).message.split("\n")[0] ?? "invalid MJML");
  }
}

// Random per process, so neither a template nor a customer's data can forge a placeholder.
const NONCE = `cxv${randomBytes(6).toString("hex")}n`;
const PLACEHOLDER = new RegExp(`${NONCE}(\\d+)z`, "g");

function escapeOrPlaceholder(this: FilterImpl, value: unknown): string {
  const escaped = (filters.escape as (this: FilterImpl, v: unknown) => string).call(this, value);
  const values = (this.context.globals[STATE] as RenderState | undefined)?.values;
  if (!values) return escaped;
  values.push(escaped);
  return `${NONCE}${values.length - 1}z`;
}

/** Captured output is a value the template can test; a placeholder there would change the branch. */
function feedsOutputBack(sources: string[]): boolean {
  return sources.some((s) => /\{%-?\s*(capture|layout|block)\b/.test(s));
}

const fill = (text: string, values: string[]) =>
  text.replace(PLACEHOLDER, (whole, i: string) => values[Number(i)] ?? whole);

const structures = new Map<string, Promise<string | null>>();

/**
 * The HTML of an MJML whose outputs are placeholders: made by MJML once per structure and
 * kept, then filled with this customer's values. Only where MJML passed every placeholder
 * through (text, links, colours); where it computed with one (a width from Liquid) or dropped
 * it, the structure is marked and its messages go through MJML with their values, as before.
 */
async function htmlOfStructure(mjml: string, values: string[]): Promise<string> {
  if (values.some((v) => v.includes(NONCE))) return mjmlToHtml(fill(mjml, values));
  const key = createHash("sha256").update(mjml).digest("base64");
  let made = structures.get(key);
  if (!made) {
    if (structures.size >= 500) structures.clear();
    made = mjmlToHtml(mjml).then(
      (html) => (passedThrough(html, values.length) ? html : null),
      () => null, // an MJML error is reported with the customer's values below
    );
    structures.set(key, made);
  }
  const html = await made;
  return html === null ? mjmlToHtml(fill(mjml, values)) : fill(html, values);
}

function passedThrough(html: string, count: number): boolean {
  if (html.includes("NaN")) return false;
  const seen = new Set<number>();
  for (const [, i] of html.matchAll(PLACEHOLDER)) seen.add(Number(i));
  return seen.size === count;
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
