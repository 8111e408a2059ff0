import type {
  CatalogItem,
  CatalogItemKind,
  CatalogLanguage,
  LocalizedText,
} from "./catalog-item.js";

/**
 * Attributes that say what family an item belongs to ("sparkling", "brut"): a match on them
 * pairs with half a shelf. Any other string attribute (grape, region, appellation) is specific.
 */
export const GENERIC_ATTRIBUTES: ReadonlySet<string> = new Set([
  "style",
  "sweetness",
  "colour",
  "color",
  "body",
]);

/** How much one matched pairing tag counts, by what it matched on the context item. */
export const PAIRING_WEIGHTS = {
  /** The value of a generic attribute (style "sparkling"), even when it is also a tag. */
  generic: 1,
  /** A tag of the context item that is no generic attribute value ("prosecco", "chianti"). */
  tag: 2,
  /** The value of a specific attribute (grape "glera", region "toscana"). */
  specific: 3,
} as const;

/** The most the co-occurrence term adds: the item most combined with the context item gets it. */
export const CO_OCCURRENCE_WEIGHT = 2;

/** Fewer customers than this are no evidence on their own (and would point at individuals). */
export const DEFAULT_MIN_CUSTOMERS = 3;

export interface RecommendInput {
  /** What the customer bought or looked at: "passend zu Ihrem Prosecco". */
  context: CatalogItem;
  candidates: readonly CatalogItem[];
  kind: CatalogItemKind;
  n: number;
  /** Only items with texts in the customer's language are recommended. */
  language: CatalogLanguage;
  /** Items already sent to this customer. */
  exclude?: ReadonlySet<string>;
  /** Per item id: how many customers who bought the context item also used that item. */
  coOccurrence?: ReadonlyMap<string, number>;
  /** Co-occurrence alone makes an item eligible from this many customers on (default 3). */
  minCustomers?: number;
}

export interface Recommendation {
  item: CatalogItem;
  /** The item's texts in the requested language. */
  text: LocalizedText;
  score: number;
  /** The context's tags and attribute values this item pairs with, most specific first. */
  matched: string[];
  /** Customers who bought the context item and also used this one. */
  customers: number;
}

const normal = (value: string) => value.trim().toLowerCase();

/** The context item's features with their weight: what a candidate's pairsWith can match. */
export function pairingFeatures(context: CatalogItem): Map<string, number> {
  const features = new Map<string, number>();
  for (const tag of context.tags) features.set(normal(tag), PAIRING_WEIGHTS.tag);
  for (const [key, value] of Object.entries(context.attributes)) {
    if (typeof value !== "string" || GENERIC_ATTRIBUTES.has(key)) continue;
    features.set(normal(value), PAIRING_WEIGHTS.specific);
  }
  // Generic last: "sparkling" stays generic even when it is also a tag.
  for (const [key, value] of Object.entries(context.attributes)) {
    if (typeof value === "string" && GENERIC_ATTRIBUTES.has(key))
      features.set(normal(value), PAIRING_WEIGHTS.generic);
  }
  return features;
}

/**
 * Items of one kind for a context item, best first. The score is the pairing rule (the
 * weights of the context's features the candidate's `pairsWith` names) plus up to
 * {@link CO_OCCURRENCE_WEIGHT} for items the context item's buyers actually used, scaled to
 * the most used one. Pairing alone suffices; co-occurrence alone needs `minCustomers`.
 * Ties go to more customers, then to the smaller id, so the answer never depends on input order.
 */
export function recommend(input: RecommendInput): Recommendation[] {
  const n = Math.max(0, Math.floor(input.n));
  if (n === 0) return [];
  const features = pairingFeatures(input.context);
  const exclude = input.exclude ?? new Set<string>();
  const co = input.coOccurrence ?? new Map<string, number>();
  const minCustomers = input.minCustomers ?? DEFAULT_MIN_CUSTOMERS;
  const seen = new Set<string>();
  const eligible: { item: CatalogItem; text: LocalizedText; customers: number }[] = [];
  for (const item of input.candidates) {
    if (item.kind !== input.kind || item.id === input.context.id) continue;
    if (exclude.has(item.id) || seen.has(item.id)) continue;
    const text = item.locales[input.language];
    if (!text) continue;
    seen.add(item.id);
    const customers = Math.max(0, co.get(item.id) ?? 0);
    eligible.push({ item, text, customers });
  }
  const mostCustomers = Math.max(0, ...eligible.map((e) => e.customers));
  const ranked: Recommendation[] = [];
  for (const { item, text, customers } of eligible) {
    const matched = [...new Set(item.pairsWith.map(normal))]
      .filter((tag) => features.has(tag))
      .sort(
        (a, b) => (features.get(b) ?? 0) - (features.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0),
      );
    const pairing = matched.reduce((sum, tag) => sum + (features.get(tag) ?? 0), 0);
    if (pairing === 0 && customers < minCustomers) continue;
    const lift = mostCustomers > 0 ? (CO_OCCURRENCE_WEIGHT * customers) / mostCustomers : 0;
    ranked.push({ item, text, score: pairing + lift, matched, customers });
  }
  ranked.sort(
    (a, b) =>
      b.score - a.score ||
      b.customers - a.customers ||
      (a.item.id < b.item.id ? -1 : a.item.id > b.item.id ? 1 : 0),
  );
  return ranked.slice(0, n);
}
