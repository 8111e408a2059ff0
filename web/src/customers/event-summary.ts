import type { StoredEvent } from "../api/contract.js";
import type { I18n, MessageKey } from "../i18n/i18n.js";
import { de } from "../i18n/de.js";
import { bool, excerpt, money, num, productsText, text } from "./event-values.js";

export interface KeyProperty {
  key: string;
  label: string;
  value: string;
  /** Shown before the value for the eye only, e.g. rating stars. */
  decoration?: string;
}

/** A Segment event name in the user's language; unknown names stay as they are. */
export function trackName(name: string, { t }: I18n): string {
  const key = `eventName.${name}`;
  return Object.prototype.hasOwnProperty.call(de, key) ? t(key as MessageKey) : name;
}

/** What happened, in words: the event name of a track call, a label for the other calls. */
export function eventTitle(event: StoredEvent, i18n: I18n): string {
  const { t } = i18n;
  switch (event.type) {
    case "track":
      return trackName(event.name, i18n);
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

/** The event's own name when the title shows a translation of it, for a tooltip. */
export function originalName(event: StoredEvent, i18n: I18n): string | undefined {
  return event.type === "track" && eventTitle(event, i18n) !== event.name ? event.name : undefined;
}

type Props = Record<string, unknown>;
type Add = (key: string, label: MessageKey, value: string | undefined, decoration?: string) => void;

function rating(p: Props, add: Add, i18n: I18n): void {
  const value = num(p.rating) ?? num(p.score) ?? num(p.stars);
  if (value === undefined) return;
  const scale = num(p.best_rating) ?? num(p.maxRating) ?? num(p.scale) ?? (value <= 5 ? 5 : 10);
  const full = Math.max(0, Math.min(5, Math.round(value)));
  const stars = scale === 5 ? "★".repeat(full) + "☆".repeat(5 - full) : undefined;
  add("rating", "prop.rating", `${i18n.number(value)} / ${scale}`, stars);
}

function review(p: Props, add: Add, i18n: I18n): void {
  add("title", "prop.title", text(p.title));
  const body = text(p.review_body) ?? text(p.text) ?? text(p.body) ?? text(p.comment);
  add("text", "prop.text", body && excerpt(body));
  rating(p, add, i18n);
}

function call(p: Props, add: Add, i18n: I18n): void {
  const { t } = i18n;
  add("topic", "prop.topic", text(p.topic));
  const note = text(p.note) ?? text(p.notes);
  add("note", "prop.note", note && excerpt(note));
  const seconds = num(p.duration_seconds) ?? num(p.duration);
  if (seconds !== undefined)
    add(
      "duration",
      "prop.duration",
      t("prop.minutes", { count: Math.max(1, Math.round(seconds / 60)) }),
    );
  const resolved = bool(p.resolved);
  if (resolved !== undefined)
    add("resolved", "prop.resolved", t(resolved ? "common.yes" : "common.no"));
}

function advice(p: Props, add: Add): void {
  add("topic", "prop.topic", text(p.topic));
  add("advisor", "prop.advisor", text(p.salesperson) ?? text(p.advisor) ?? text(p.agent));
  add("store", "prop.store", text(p.store_name) ?? text(p.store));
}

function offer(p: Props, add: Add, i18n: I18n): void {
  const { t } = i18n;
  add("product", "prop.product", text(p.name));
  const price = num(p.price);
  const lowest = num(p.lowest_price);
  if (price !== undefined) {
    const shown = money(price, p.currency, i18n);
    add(
      "price",
      "prop.price",
      lowest === undefined
        ? shown
        : t("prop.priceVsLowest", { price: shown, lowest: money(lowest, p.currency, i18n) }),
    );
  }
  const rank = num(p.rank);
  const offers = num(p.offers);
  if (rank !== undefined)
    add(
      "rank",
      "prop.rank",
      offers === undefined ? String(rank) : t("prop.rankOf", { rank, offers }),
    );
}

/** Orders, carts, product views, emails, recipes and the rest: what names and prices them. */
function commerce(event: StoredEvent, p: Props, add: Add, i18n: I18n): void {
  const store =
    text(p.store) ??
    text(p.store_name) ??
    (event.channel === "store" ? text(p.affiliation) : undefined);
  add("store", "prop.store", store);
  add("products", "prop.products", productsText(p.products));
  if (p.products === undefined && text(p.name)) {
    add("product", "prop.product", text(p.name));
    const price = num(p.price);
    if (price !== undefined) add("price", "prop.price", money(price, p.currency, i18n));
  }
  add("title", "prop.title", text(p.title));
  const body = text(p.text) ?? text(p.comment);
  add("text", "prop.text", body && excerpt(body));
  add("campaign", "prop.campaign", text(p.campaign_name) ?? text(p.campaign));
  const total = num(p.total) ?? num(p.revenue) ?? num(p.value);
  if (total !== undefined) add("total", "prop.total", money(total, p.currency, i18n));
  rating(p, add, i18n);
  add("orderId", "prop.orderId", text(p.order_id) ?? text(p.orderId));
  add("subject", "prop.subject", text(p.email_subject) ?? text(p.subject));
}

function kindOf(event: StoredEvent, p: Props) {
  if (event.type === "page" || event.type === "screen") return "page";
  const name = event.type === "track" ? event.name : "";
  if (name === "Review Submitted" || name === "Product Reviewed" || p.review_body !== undefined)
    return "review";
  if (name === "Call Completed" || p.call_id !== undefined) return "call";
  if (name === "Advice Received" || p.advice_id !== undefined) return "advice";
  if (name === "Offer Clicked" || p.lowest_price !== undefined) return "offer";
  return "other";
}

/** The few properties that tell the touchpoint apart, per kind of touchpoint. */
export function keyProperties(event: StoredEvent, i18n: I18n): KeyProperty[] {
  const p = event.properties;
  const found: KeyProperty[] = [];
  const add: Add = (key, label, value, decoration) => {
    if (value) found.push({ key, label: i18n.t(label), value, decoration });
  };
  const kind = kindOf(event, p);
  if (kind === "page") {
    // The title names the page already; without a name, the page's title or path, once.
    if (!event.name || event.name === event.type)
      add("page", "prop.page", text(p.title) ?? text(p.path) ?? text(p.url));
    return found;
  }
  if (kind === "review") review(p, add, i18n);
  else if (kind === "call") call(p, add, i18n);
  else if (kind === "advice") advice(p, add);
  else if (kind === "offer") offer(p, add, i18n);
  else commerce(event, p, add, i18n);
  if (found.length > 0 || event.type === "identify") return found;
  // Nothing known: the first few plain values say at least something.
  for (const [key, value] of Object.entries(p)) {
    const shown = typeof value === "boolean" ? String(value) : text(value);
    if (shown) found.push({ key, label: key, value: excerpt(shown, 80) });
    if (found.length === 3) break;
  }
  return found;
}
