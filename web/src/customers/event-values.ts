import type { I18n } from "../i18n/i18n.js";

/** Plain readers for event properties, which come from any source in any shape. */
export const text = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim()
    ? value.trim()
    : typeof value === "number"
      ? String(value)
      : undefined;

export const num = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isFinite(value)
    ? value
    : typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))
      ? Number(value)
      : undefined;

export const bool = (value: unknown): boolean | undefined =>
  typeof value === "boolean" ? value : undefined;

/** The first characters of a longer text, cut at a word. */
export function excerpt(value: string, max = 140): string {
  if (value.length <= max) return value;
  const cut = value.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** An amount with its currency; CHF when the event names none (the demo world is Swiss). */
export function money(amount: number, currency: unknown, i18n: I18n): string {
  const code =
    typeof currency === "string" && /^[A-Za-z]{3}$/.test(currency) ? currency.toUpperCase() : "CHF";
  try {
    return i18n.number(amount, { style: "currency", currency: code });
  } catch {
    return `${code} ${i18n.number(amount, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  }
}

export function productsText(products: unknown): string | undefined {
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
