import type { StoredEvent } from "../api/contract.js";
import type { I18n } from "../i18n/i18n.js";

export interface KeyProperty {
  key: string;
  label: string;
  value: string;
}

/** What happened, in words: the event name of a track call, a label for the other calls. */
export function eventTitle(event: StoredEvent, { t }: I18n): string {
  switch (event.type) {
    case "track":
      return event.name;
    case "page":
    case "screen": {
      const label = t(event.type === "page" ? "event.page" : "event.screen");
      return event.name && event.name !== event.type ? `${label} · ${event.name}` : label;
    }
    case "identify":
      return t("event.identify");
    case "alias":
      return t("event.alias");
    case "group":
      return t("event.group");
    default:
      return event.name || event.type;
  }
}

const text = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim()
    ? value.trim()
    : typeof value === "number"
      ? String(value)
      : undefined;
const num = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isFinite(value)
    ? value
    : typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))
      ? Number(value)
      : undefined;

function productsText(products: unknown): string | undefined {
  if (!Array.isArray(products) || products.length === 0) return undefined;
  const names = products.map((p: unknown) => {
    const item = (typeof p === "object" && p !== null ? p : {}) as Record<string, unknown>;
    const name =
      text(item.name) ?? text(item.title) ?? text(item.sku) ?? text(item.product_id) ?? "?";
    const quantity = num(item.quantity);
    return quantity !== undefined && quantity !== 1 ? `${quantity}× ${name}` : name;
  });
  const shown = names.slice(0, 4).join(", ");
  return names.length > 4 ? `${shown} +${names.length - 4}` : shown;
}

function money(amount: number, currency: unknown, i18n: I18n): string {
  if (typeof currency === "string" && /^[A-Za-z]{3}$/.test(currency)) {
    try {
      return i18n.number(amount, { style: "currency", currency: currency.toUpperCase() });
    } catch {
      // An unknown currency code: fall through to the plain number.
    }
  }
  return i18n.number(amount, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** The few properties that tell the touchpoint apart: products, total, rating, page, subject. */
export function keyProperties(event: StoredEvent, i18n: I18n): KeyProperty[] {
  const p = event.properties;
  const { t } = i18n;
  const found: KeyProperty[] = [];
  const products = productsText(p.products);
  if (products) found.push({ key: "products", label: t("prop.products"), value: products });
  const total = num(p.total) ?? num(p.revenue) ?? num(p.value);
  if (total !== undefined)
    found.push({ key: "total", label: t("prop.total"), value: money(total, p.currency, i18n) });
  const rating = num(p.rating) ?? num(p.score) ?? num(p.stars);
  if (rating !== undefined) {
    const scale = num(p.maxRating) ?? num(p.scale) ?? (rating <= 5 ? 5 : 10);
    found.push({
      key: "rating",
      label: t("prop.rating"),
      value: `${i18n.number(rating)} / ${scale}`,
    });
  }
  const order = text(p.order_id) ?? text(p.orderId);
  if (order) found.push({ key: "orderId", label: t("prop.orderId"), value: order });
  if (event.type === "page" || event.type === "screen") {
    const page = text(p.title) ?? text(p.path) ?? text(p.url);
    if (page && page !== event.name)
      found.push({ key: "page", label: t("prop.page"), value: page });
  }
  const subject = text(p.subject);
  if (subject) found.push({ key: "subject", label: t("prop.subject"), value: subject });
  if (found.length > 0 || event.type === "identify") return found;
  // Nothing known: the first few plain values say at least something.
  for (const [key, value] of Object.entries(p)) {
    const shown = typeof value === "boolean" ? String(value) : text(value);
    if (shown)
      found.push({ key, label: key, value: shown.length > 80 ? `${shown.slice(0, 79)}…` : shown });
    if (found.length === 3) break;
  }
  return found;
}
