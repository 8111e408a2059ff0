import type { Language } from "../core/messaging/message-settings.js";

/** A catalogue item as templates see it, in the customer's language. */
export interface ScopeItem {
  id: string;
  kind: string;
  title: string;
  url: string | null;
  image_url: string | null;
  summary: string | null;
  category: string | null;
  attributes: Record<string, unknown>;
  tags: string[];
}

/** What a template can read: the customer, the triggering event, the brand and the message. */
export interface MessageScope {
  customer: {
    id: string;
    first_name: string | null;
    last_name: string | null;
    name: string | null;
    email: string | null;
    phone: string | null;
    language: Language;
    traits: Record<string, unknown>;
  };
  event: {
    name: string;
    properties: Record<string, unknown>;
    timestamp: string;
    brand: string | null;
  } | null;
  brand: {
    id: string;
    name: string;
    logo_url: string | null;
    colours: { primary: string; background: string };
    footer: string;
    legal: string;
  };
  message: { unsubscribe_url: string; journey: string; step: string };
}

/** Languages cxloop writes in; a customer with another language gets the brand's default. */
export function languageOf(traits: Record<string, unknown>, fallback: Language): Language {
  const raw = traits.language ?? traits.locale;
  if (typeof raw !== "string") return fallback;
  const code = raw.slice(0, 2).toLowerCase();
  return code === "de" || code === "en" ? code : fallback;
}

/** Recommends items of a kind that pair with a context item (catalog adapter). */
export type RecommendItems = (args: {
  contextItemId: string;
  kind: string;
  n: number;
  language: "de" | "en";
  exclude: Set<string>;
}) => Promise<ScopeItem[]>;
