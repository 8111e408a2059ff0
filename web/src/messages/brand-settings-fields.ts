import { ApiError } from "../api/api-client.js";
import {
  gatewayChannels,
  type BrandMessagingInput,
  type BrandMessagingView,
  type GatewayChannel,
} from "../api/contract.js";

export interface SenderDraft {
  id: string;
  name: string;
  address: string;
  replyTo: string;
}
export interface GatewayDraft {
  url: string;
  /** A new secret; empty keeps the stored one. Never filled from the server. */
  secret: string;
  secretSet: boolean;
}
export interface BrandDraft {
  senders: SenderDraft[];
  logoUrl: string;
  primary: string;
  background: string;
  footer: { de: string; en: string };
  legal: { de: string; en: string };
  defaultLanguage: "de" | "en";
  gateways: Record<GatewayChannel, GatewayDraft>;
}

/** The form's fields as the server's error paths name them (body. left off). */
const FIELD_PATH =
  /^(senders\.\d+\.(id|name|address|replyTo)|logoUrl|colours\.(primary|background)|(footer|legal)\.(de|en)|defaultLanguage|webhooks\.(webhook|sms|push)\.(url|secret))$/;

/** The form field a save error names, e.g. "senders.0.address"; undefined for other errors. */
export function brandFieldOf(error: unknown): string | undefined {
  if (!(error instanceof ApiError) || !error.path) return undefined;
  const path = error.path.replace(/^body\./, "");
  return FIELD_PATH.test(path) ? path : undefined;
}

export function draftOf(view: BrandMessagingView): BrandDraft {
  const gateway = (c: GatewayChannel): GatewayDraft => ({
    url: view.webhooks[c]?.url ?? "",
    secret: "",
    secretSet: view.webhooks[c]?.secretSet ?? false,
  });
  return {
    senders: view.senders.map((s) => ({ ...s, replyTo: s.replyTo ?? "" })),
    logoUrl: view.logoUrl ?? "",
    primary: view.colours.primary,
    background: view.colours.background,
    footer: { de: view.footer.de ?? "", en: view.footer.en ?? "" },
    legal: { de: view.legal.de ?? "", en: view.legal.en ?? "" },
    defaultLanguage: view.defaultLanguage,
    gateways: { webhook: gateway("webhook"), sms: gateway("sms"), push: gateway("push") },
  };
}

/** What the API takes: empty optional fields left out, an empty secret kept as stored (null). */
export function inputOf(draft: BrandDraft): BrandMessagingInput {
  const texts = (t: { de: string; en: string }) => ({
    ...(t.de.trim() ? { de: t.de } : {}),
    ...(t.en.trim() ? { en: t.en } : {}),
  });
  const webhooks: BrandMessagingInput["webhooks"] = {};
  for (const c of gatewayChannels) {
    const g = draft.gateways[c];
    if (g.url.trim()) webhooks[c] = { url: g.url.trim(), secret: g.secret ? g.secret : null };
  }
  return {
    senders: draft.senders.map((s) => ({
      id: s.id.trim(),
      name: s.name.trim(),
      address: s.address.trim(),
      ...(s.replyTo.trim() ? { replyTo: s.replyTo.trim() } : {}),
    })),
    ...(draft.logoUrl.trim() ? { logoUrl: draft.logoUrl.trim() } : {}),
    colours: { primary: draft.primary, background: draft.background },
    footer: texts(draft.footer),
    legal: texts(draft.legal),
    defaultLanguage: draft.defaultLanguage,
    webhooks,
  };
}
