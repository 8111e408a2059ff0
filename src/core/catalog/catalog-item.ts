import { z } from "zod";
import { Slug } from "../sources/source.js";

/** Limits of one catalogue item, so a single item stays a few kilobytes at most. */
export const CatalogLimits = {
  idLength: 100,
  titleLength: 200,
  urlLength: 2000,
  summaryLength: 2000,
  categoryLength: 100,
  attributes: 50,
  attributeKeyLength: 64,
  attributeValueLength: 200,
  tags: 50,
  pairsWith: 50,
  tagLength: 64,
  /** Items in one upsert (one API request, one transaction). */
  batch: 1000,
} as const;

/** Keys that would reach Object.prototype when an object is built from them. */
const POISONED_KEYS = new Set(["__proto__", "constructor", "prototype"]);

// Control characters (NUL included) have no place in a title, tag or id.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;
// A summary may hold line breaks and tabs, nothing else below 0x20.
// eslint-disable-next-line no-control-regex -- as above
const NO_CONTROL_BUT_LINES = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;

// Half of a surrogate pair alone is no character; PostgreSQL's JSON refuses it.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const wellFormed = (value: string) => !LONE_SURROGATE.test(value);

function text(max: number, what: string) {
  return z
    .string()
    .trim()
    .min(1, `${what} must not be empty`)
    .max(max, `${what} is at most ${max} characters`)
    .regex(NO_CONTROL, `${what} must not contain control characters`)
    .refine(wellFormed, `${what} must be well-formed Unicode`);
}

const WebUrl = z
  .string()
  .max(CatalogLimits.urlLength, `a URL is at most ${CatalogLimits.urlLength} characters`)
  // eslint-disable-next-line no-control-regex -- as above
  .regex(/^https?:\/\/[^\s\u0000-\u001f\u007f]+$/, "an http(s) URL without spaces");

export const CatalogItemId = z
  .string()
  .min(1, "id must not be empty")
  .max(CatalogLimits.idLength, `id is at most ${CatalogLimits.idLength} characters`)
  .regex(/^[A-Za-z0-9._:-]+$/, "id: letters, digits and . _ : - only");
export type CatalogItemId = z.infer<typeof CatalogItemId>;

/** Stored tag values never change: add kinds, don't rename them. */
export const CatalogItemKind = z.enum(["product", "recipe", "article"]);
export type CatalogItemKind = z.infer<typeof CatalogItemKind>;

export const CatalogLanguage = z.enum(["de", "en"]);
export type CatalogLanguage = z.infer<typeof CatalogLanguage>;

export const LocalizedText = z.strictObject({
  title: text(CatalogLimits.titleLength, "title"),
  url: WebUrl.optional(),
  imageUrl: WebUrl.optional(),
  summary: z
    .string()
    .trim()
    .max(
      CatalogLimits.summaryLength,
      `summary is at most ${CatalogLimits.summaryLength} characters`,
    )
    .regex(NO_CONTROL_BUT_LINES, "summary must not contain control characters")
    .refine(wellFormed, "summary must be well-formed Unicode")
    .optional(),
});
export type LocalizedText = z.infer<typeof LocalizedText>;

const AttributeKey = z
  .string()
  .max(
    CatalogLimits.attributeKeyLength,
    `an attribute name is at most ${CatalogLimits.attributeKeyLength} characters`,
  )
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, "an attribute name: a letter, then letters, digits or _")
  .refine((key) => !POISONED_KEYS.has(key), "attribute name not allowed");

const AttributeValue = z.union([
  text(CatalogLimits.attributeValueLength, "an attribute value"),
  z.number().finite(),
  z.boolean(),
]);

const Tag = text(CatalogLimits.tagLength, "a tag");

export const CatalogItem = z
  .strictObject({
    id: CatalogItemId,
    kind: CatalogItemKind,
    brandId: Slug,
    category: text(CatalogLimits.categoryLength, "category").optional(),
    attributes: z
      .record(AttributeKey, AttributeValue)
      .refine(
        (a) => Object.keys(a).length <= CatalogLimits.attributes,
        `at most ${CatalogLimits.attributes} attributes`,
      )
      .default({}),
    tags: z.array(Tag).max(CatalogLimits.tags, `at most ${CatalogLimits.tags} tags`).default([]),
    /** Tags and attribute values of the products this item goes with ("prosecco", "glera"). */
    pairsWith: z
      .array(Tag)
      .max(CatalogLimits.pairsWith, `at most ${CatalogLimits.pairsWith} pairing tags`)
      .default([]),
    price: z.number().finite().nonnegative().max(1e9).optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, "currency: an ISO 4217 code such as CHF")
      .optional(),
    locales: z
      .strictObject({ de: LocalizedText.optional(), en: LocalizedText.optional() })
      .refine((l) => l.de !== undefined || l.en !== undefined, "at least one locale (de or en)"),
  })
  .refine((item) => item.currency === undefined || item.price !== undefined, {
    message: "currency needs a price",
    path: ["currency"],
  });
export type CatalogItem = z.infer<typeof CatalogItem>;
/** An item as written (defaults not yet applied). */
export type CatalogItemInput = z.input<typeof CatalogItem>;

/**
 * Items of one upsert: at most 1,000, each id once. A batch is all or nothing, so two
 * versions of one item in it would be ambiguous: it is refused rather than "last wins".
 */
export const CatalogBatch = z
  .array(CatalogItem)
  .min(1, "at least one item")
  .max(CatalogLimits.batch, `at most ${CatalogLimits.batch} items per request`)
  .superRefine((items, ctx) => {
    const seen = new Map<string, number>();
    for (const [index, item] of items.entries()) {
      const first = seen.get(item.id);
      if (first !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: [index, "id"],
          message: `duplicate id "${item.id}" (also at index ${first}); a batch holds each id once`,
        });
        return;
      }
      seen.set(item.id, index);
    }
  });
