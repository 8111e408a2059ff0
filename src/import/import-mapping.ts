import { z } from "zod";
import { EventType } from "../core/collect/tracking-event.js";
import { ConsentPurpose } from "../core/consent/consent.js";
import { err, ErrorCode, ok, type AppError, type Result } from "../core/shared/result.js";
import { isTimeZone, timestampFormatProblem } from "./import-timestamp.js";
import { FORBIDDEN_KEYS, jsonProblem } from "./safe-json.js";

/**
 * How the columns of a CSV file become tracking calls. Documented with an example in
 * src/import/README.md; the till preset (till-receipts-preset.ts) is one.
 */

const ColumnName = z.string().trim().min(1, "a column name is required").max(200);
const Key = z
  .string()
  .min(1)
  .max(200)
  .refine((k) => !FORBIDDEN_KEYS.has(k), {
    message: "__proto__, constructor and prototype are not allowed as names",
  });

const TEMPLATE_PLACEHOLDER = /\{([^{}]+)\}/g;
/** `receipt-{store}-{receipt_id}`: text with column names in braces. */
const Template = z
  .string()
  .min(1)
  .max(500)
  .refine((t) => [...t.matchAll(TEMPLATE_PLACEHOLDER)].length > 0, {
    message: 'a template needs at least one {column}, e.g. "receipt-{receipt_id}"',
  });

export function templateColumns(template: string): string[] {
  return [...template.matchAll(TEMPLATE_PLACEHOLDER)].map((m) => (m[1] ?? "").trim());
}

const TimestampFormat = z.string().superRefine((f, ctx) => {
  const problem = timestampFormatProblem(f);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});
const Formats = z.union([TimestampFormat, z.array(TimestampFormat).min(1).max(10)]);
const TimeZone = z
  .string()
  .refine(isTimeZone, { message: "not a time zone; use an IANA name like Europe/Zurich" });

export const ValueType = z.enum(["string", "number", "integer", "boolean", "date"]);

/** A value of a row: a column name, or a column with a type, or a template over columns. */
export const ValueSpec = z.union([
  ColumnName,
  z
    .strictObject({
      column: ColumnName.optional(),
      template: Template.optional(),
      type: ValueType.default("string"),
      /** An empty cell rejects the row (otherwise the value is left out). */
      required: z.boolean().default(false),
      /** For type date: the format(s) of the cell (default iso). */
      format: Formats.optional(),
    })
    .refine((v) => (v.column === undefined) !== (v.template === undefined), {
      message: 'give either "column" or "template"',
    }),
]);
export type ValueSpec = z.infer<typeof ValueSpec>;

const ColumnRef = z.strictObject({ column: ColumnName });

export const CsvOptions = z.strictObject({
  /** "auto" picks the most frequent of , ; tab | in the header line. */
  delimiter: z.enum([",", ";", "\t", "|", "auto"]).default("auto"),
  /** `12,50` instead of `12.50` (Excel in German, French, Italian locales). */
  decimalComma: z.boolean().default(false),
  /** windows-1252 for Excel's "CSV" on Windows; utf-8 otherwise (a BOM is skipped). */
  encoding: z.enum(["utf-8", "windows-1252"]).default("utf-8"),
});
export type CsvOptions = z.infer<typeof CsvOptions>;

const Items = z.strictObject({
  /** The property holding the array, `products` in the Segment e-commerce spec. */
  into: Key.default("products"),
  fields: z
    .record(Key, ValueSpec)
    .refine((f) => Object.keys(f).length > 0, { message: "at least one field is required" }),
  /** Σ price × quantity (quantity 1 when empty), rounded to cents; on when fields has a price. */
  total: z
    .union([
      z.literal(false),
      z.strictObject({
        into: Key.default("total"),
        price: Key.default("price"),
        quantity: Key.default("quantity"),
      }),
    ])
    .optional(),
});

type Items = z.infer<typeof Items>;

/** How an items group's total is computed, or false: by default Σ price × quantity when there is a price field. */
export function itemsTotalOf(
  items: Items,
): { into: string; price: string; quantity: string } | false {
  if (items.total !== undefined) return items.total;
  return items.fields.price === undefined
    ? false
    : { into: "total", price: "price", quantity: "quantity" };
}

export const ImportMapping = z
  .strictObject({
    description: z.string().max(2000).optional(),
    csv: CsvOptions.default({ delimiter: "auto", decimalComma: false, encoding: "utf-8" }),
    event: z.strictObject({
      type: z.union([EventType, ColumnRef]).default("track"),
      /** The track event's name or the page/screen name: a constant or a column. */
      name: z.union([z.string().min(1).max(512), ColumnRef]).optional(),
    }),
    identity: z
      .strictObject({
        userId: ValueSpec.optional(),
        anonymousId: ValueSpec.optional(),
        email: ValueSpec.optional(),
        phone: ValueSpec.optional(),
        loyaltyCard: ValueSpec.optional(),
      })
      .default({}),
    /** Rows without any identifier: rejected (reported) or skipped (counted). */
    withoutIdentity: z.enum(["reject", "skip"]).default("reject"),
    timestamp: z
      .strictObject({
        column: ColumnName,
        format: Formats.default("iso"),
        timeZone: TimeZone.default("Europe/Zurich"),
      })
      .optional(),
    /** A template over columns: the same row always gets the same id, so re-imports store nothing twice. */
    messageId: Template.optional(),
    properties: z.record(Key, ValueSpec).default({}),
    constants: z.record(Key, z.json()).default({}),
    traits: z.record(Key, ValueSpec).default({}),
    /** Purpose → column with granted/denied/revoked (or yes/no, true/false, 1/0); empty = no change. */
    consents: z.partialRecord(ConsentPurpose, ColumnName).default({}),
    groupBy: z.union([ColumnName, z.array(ColumnName).min(1).max(5)]).optional(),
    items: Items.optional(),
  })
  .superRefine((m, ctx) => {
    const type = typeof m.event.type === "string" ? m.event.type : undefined;
    if (type === "track" && m.event.name === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["event", "name"],
        message: 'a track event needs a name, e.g. "Order Completed"',
      });
    }
    if (Object.keys(m.consents).length > 0 && type !== undefined && type !== "identify") {
      ctx.addIssue({
        code: "custom",
        path: ["consents"],
        message: `consent columns need event.type "identify" (consent is a change to the customer, not part of a ${type} event)`,
      });
    }
    if (m.groupBy !== undefined && m.items === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["items"],
        message: "groupBy needs items: which columns of each row become an item",
      });
    }
    if (m.items !== undefined && m.groupBy === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["groupBy"],
        message: "items need groupBy: the column(s) naming the group, e.g. receipt_id",
      });
    }
    if (m.items) {
      if (m.items.into in m.properties || m.items.into in m.constants) {
        ctx.addIssue({
          code: "custom",
          path: ["items", "into"],
          message: `"${m.items.into}" is also a property`,
        });
      }
      const total = itemsTotalOf(m.items);
      if (total) {
        const price = m.items.fields[total.price];
        const priceType =
          typeof price === "object" ? price.type : price === undefined ? undefined : "string";
        if (priceType !== "number" && priceType !== "integer") {
          ctx.addIssue({
            code: "custom",
            path: ["items", "total", "price"],
            message: `the total needs a field "${total.price}" of type number in items.fields (or set "total": false)`,
          });
        }
      }
    }
  });
export type ImportMapping = z.infer<typeof ImportMapping>;

/**
 * Every column a mapping names, with where it names it (`identity.loyaltyCard`), to check
 * them against a file's header. Without `items`, the item fields are left out: those are
 * the columns that may differ between the rows of a group.
 */
export function mappingColumns(
  m: ImportMapping,
  options: { items: boolean },
): { column: string; at: string }[] {
  const refs: { column: string; at: string }[] = [];
  const spec = (s: ValueSpec | undefined, at: string) => {
    if (s === undefined) return;
    if (typeof s === "string") refs.push({ column: s, at });
    else if (s.column !== undefined) refs.push({ column: s.column, at: `${at}.column` });
    else
      for (const c of templateColumns(s.template ?? ""))
        refs.push({ column: c, at: `${at}.template` });
  };
  if (typeof m.event.type === "object")
    refs.push({ column: m.event.type.column, at: "event.type.column" });
  if (typeof m.event.name === "object")
    refs.push({ column: m.event.name.column, at: "event.name.column" });
  for (const [k, s] of Object.entries(m.identity)) spec(s, `identity.${k}`);
  if (m.timestamp) refs.push({ column: m.timestamp.column, at: "timestamp.column" });
  for (const c of m.messageId ? templateColumns(m.messageId) : [])
    refs.push({ column: c, at: "messageId" });
  for (const [k, s] of Object.entries(m.properties)) spec(s, `properties.${k}`);
  for (const [k, s] of Object.entries(m.traits)) spec(s, `traits.${k}`);
  for (const [k, c] of Object.entries(m.consents))
    if (c) refs.push({ column: c, at: `consents.${k}` });
  const groupBy = [m.groupBy ?? []].flat();
  groupBy.forEach((c, i) =>
    refs.push({ column: c, at: Array.isArray(m.groupBy) ? `groupBy[${i}]` : "groupBy" }),
  );
  if (options.items)
    for (const [k, s] of Object.entries(m.items?.fields ?? {})) spec(s, `items.fields.${k}`);
  return refs;
}

type Issue = z.core.$ZodIssue;

/** Of the branches of a failed union, the one that got furthest (its issues are deepest). */
function bestUnionBranch(errors: Issue[][]): Issue[] {
  let best: Issue[] = errors[0] ?? [];
  let bestDepth = -1;
  for (const branch of errors) {
    const depth = Math.min(
      ...branch.map(
        (i) =>
          i.path.length + (i.code === "invalid_type" || i.code === "unrecognized_keys" ? 0 : 1),
      ),
    );
    if (depth > bestDepth) {
      best = branch;
      bestDepth = depth;
    }
  }
  return best;
}

/** Flattens zod issues into "path: message" lines, descending into unions and record keys. */
function describeIssues(issues: Issue[], prefix: PropertyKey[] = []): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === "invalid_union" && issue.errors.length > 0) {
      lines.push(...describeIssues(bestUnionBranch(issue.errors), path));
    } else if (issue.code === "invalid_key") {
      lines.push(
        ...describeIssues(issue.issues, path).map((l) => l.replace(/: /, " (as a name): ")),
      );
    } else {
      lines.push(`${path.map(String).join(".") || "(top level)"}: ${issue.message}`);
    }
  }
  return lines;
}

/**
 * Checks a mapping read from JSON. The error names the place in the mapping
 * (`items.fields.price.type: …`), so the author can find it.
 */
export function parseImportMapping(json: unknown): Result<ImportMapping, AppError> {
  const problem = jsonProblem(json);
  if (problem) return err(ErrorCode.invalidInput, `mapping ${problem.message}`, problem.path);
  const parsed = ImportMapping.safeParse(json);
  if (!parsed.success) {
    const lines = describeIssues(parsed.error.issues);
    return err(
      ErrorCode.invalidInput,
      `invalid mapping:\n  ${lines.slice(0, 20).join("\n  ")}`,
      undefined,
      lines,
    );
  }
  return ok(parsed.data);
}
