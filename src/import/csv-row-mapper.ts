import type { CountryCode } from "libphonenumber-js";
import { consentChangesFromTraits, type ConsentPurpose } from "../core/consent/consent.js";
import { normalizeIdentifier, type IdentifierType } from "../core/profiles/identifier.js";
import { err, ErrorCode, ok, type AppError, type Result } from "../core/shared/result.js";
import { ImportIssueCode, shortValue, type ImportIssue } from "./import-issue.js";
import { withGroup } from "./row-grouping.js";
import { ColumnIndex, valueExtractor, type CsvRow, type Extract } from "./row-values.js";
import {
  itemsTotalOf,
  mappingColumns,
  templateColumns,
  type ImportMapping,
  type ValueSpec,
} from "./import-mapping.js";
import { timestampParserOf } from "./import-timestamp.js";
import { consentWord } from "./import-values.js";
import { contentDigest, derivedMessageId } from "./message-id.js";

export type { CsvRow } from "./row-values.js";

export type MappedCall =
  | { type: "call"; call: Record<string, unknown>; digest: number }
  | { type: "rejected"; issues: ImportIssue[] }
  | { type: "skipped" };

export interface MapperContext {
  sourceId: string;
  phoneRegion: CountryCode;
  decimalComma: boolean;
}

/** The event types a row can become; group and alias need ids a row does not carry. */
const ROW_TYPES = new Set(["identify", "track", "page", "screen"]);
const IDENTITY_TRAITS: Record<"email" | "phone" | "loyaltyCard", IdentifierType> = {
  email: "email",
  phone: "phone",
  loyaltyCard: "loyalty_card",
};

/**
 * A mapping bound to a file's header: every column it names is looked up once, so reading a
 * row is indexing an array. Pure: rows in, tracking calls (or the row's problems) out.
 */
export class CsvRowMapper {
  private readonly columns: ColumnIndex;
  /** Tracking-call field → the column it came from, to point normalizer errors at a column. */
  private readonly columnOfField = new Map<string, string>();
  /** Columns that must agree within a group (everything but the item fields). */
  private readonly groupLevelColumns = new Set<number>();
  private readonly parseTimestamp?: (text: string) => number | undefined;
  private readonly properties: [string, Extract][] = [];
  private readonly traits: [string, Extract][] = [];
  private readonly items: [string, Extract][] = [];
  private readonly identity: [keyof ImportMapping["identity"], Extract][] = [];
  private readonly groupColumns: number[] = [];
  private readonly messageIdColumns: string[];

  private constructor(
    private readonly mapping: ImportMapping,
    readonly header: string[],
    private readonly ctx: MapperContext,
  ) {
    this.messageIdColumns = mapping.messageId ? templateColumns(mapping.messageId) : [];
    this.columns = new ColumnIndex(header);
    const tz = mapping.timestamp?.timeZone ?? "Europe/Zurich";
    if (mapping.timestamp) {
      const formats = [mapping.timestamp.format].flat();
      this.parseTimestamp = timestampParserOf(formats, tz);
      this.columnOfField.set("timestamp", mapping.timestamp.column);
    }
    for (const [key, spec] of Object.entries(mapping.identity)) {
      if (spec === undefined) continue;
      this.identity.push([
        key as keyof ImportMapping["identity"],
        this.extractor(spec, `identity.${key}`, tz),
      ]);
    }
    const traitsField = this.isIdentifyOnly() ? "traits" : "context.traits";
    for (const [name, spec] of Object.entries(mapping.properties))
      this.properties.push([name, this.extractor(spec, `properties.${name}`, tz)]);
    for (const [name, spec] of Object.entries(mapping.traits))
      this.traits.push([name, this.extractor(spec, `${traitsField}.${name}`, tz)]);
    for (const column of [mapping.groupBy ?? []].flat())
      this.groupColumns.push(this.columns.indexOf(column) as number);
    for (const name of mappingColumns(mapping, { items: false }).map((r) => r.column))
      this.groupLevelColumns.add(this.columns.indexOf(name) as number);
    const into = mapping.items?.into ?? "products";
    for (const [name, spec] of Object.entries(mapping.items?.fields ?? {})) {
      const extract = this.extractor(spec, `properties.${into}[].${name}`, tz);
      this.items.push([name, extract]);
    }
    for (const i of this.groupColumns) this.groupLevelColumns.delete(i);
    for (const [key, spec] of Object.entries(mapping.identity)) {
      const col = typeof spec === "string" ? spec : spec?.column;
      if (col)
        this.columnOfField.set(
          key === "userId" || key === "anonymousId" ? key : `${traitsField}.${key}`,
          col,
        );
    }
    for (const [name, spec] of Object.entries(mapping.properties)) {
      const col = typeof spec === "string" ? spec : spec.column;
      if (col) this.columnOfField.set(`properties.${name}`, col);
    }
    for (const [name, spec] of Object.entries(mapping.traits)) {
      const col = typeof spec === "string" ? spec : spec.column;
      if (col) this.columnOfField.set(`${traitsField}.${name}`, col);
    }
    if (typeof mapping.event.type === "object")
      this.columnOfField.set("type", mapping.event.type.column);
    if (typeof mapping.event.name === "object")
      this.columnOfField.set("event", mapping.event.name.column);
  }

  /** Binds a mapping to a header; says which columns the mapping names that the file lacks. */
  static compile(
    mapping: ImportMapping,
    header: string[],
    ctx: MapperContext,
  ): Result<CsvRowMapper, AppError> {
    const names = header.map((h) => h.trim());
    if (names.every((n) => n === ""))
      return err(ErrorCode.invalidInput, "the file has no header row (the first line is empty)");
    const mapper = new CsvRowMapper(mapping, names, ctx);
    const refs = mappingColumns(mapping, { items: true });
    const missing = refs.filter((r) => mapper.columns.indexOf(r.column) === undefined);
    if (missing.length > 0) {
      const lines = missing.map((r) => `mapping ${r.at}: no column "${r.column}" in the header`);
      return err(
        ErrorCode.invalidInput,
        `${lines.join("\n")}\n(the header has: ${names.join(", ")})`,
        missing[0]?.at,
      );
    }
    const doubled = refs.find((r) => names.indexOf(r.column) !== names.lastIndexOf(r.column));
    if (doubled)
      return err(
        ErrorCode.invalidInput,
        `column "${doubled.column}" (used by mapping ${doubled.at}) appears twice in the header`,
      );
    return ok(mapper);
  }

  get grouped(): boolean {
    return this.groupColumns.length > 0;
  }

  /** The column a field of the tracking call came from, if it came from one. */
  columnOf(field: string | undefined): string | undefined {
    if (!field) return undefined;
    return (
      this.columnOfField.get(field) ??
      this.columnOfField.get(
        field.replace(/^(properties|traits|context\.traits)\.([^.[]+).*$/, "$1.$2"),
      )
    );
  }

  /** The group a row belongs to, or the problem that it names none. */
  groupKeyOf(
    row: CsvRow,
  ): { ok: true; key: string; label: string } | { ok: false; issue: ImportIssue } {
    const values = this.groupColumns.map((i) => (row.fields[i] ?? "").trim());
    const empty = values.findIndex((v) => v === "");
    if (empty !== -1) {
      const column = this.header[this.groupColumns[empty] as number];
      return {
        ok: false,
        issue: {
          line: row.line,
          column,
          code: ImportIssueCode.missingValue,
          message: `${column} is empty: the row belongs to no group`,
        },
      };
    }
    return { ok: true, key: values.join("\u001f"), label: values.join(" / ") };
  }

  /** One row, one call (a mapping without groupBy). */
  mapRow(row: CsvRow): MappedCall {
    const content = row.fields.join("\u001f");
    return this.build(row, [], content, { properties: {} });
  }

  /** The rows of one group (one receipt), one call with the rows as items. */
  mapGroup(rows: CsvRow[], key: string, label: string): MappedCall {
    const first = rows[0] as CsvRow;
    const issues: ImportIssue[] = [];
    for (const row of rows.slice(1)) {
      for (const i of this.groupLevelColumns) {
        const a = (first.fields[i] ?? "").trim();
        const b = (row.fields[i] ?? "").trim();
        if (a !== b) {
          const column = this.header[i];
          issues.push({
            line: row.line,
            column,
            code: ImportIssueCode.groupConflict,
            message: `${column} is "${shortValue(b)}" here but "${shortValue(a)}" on line ${first.line}, the first row of the group`,
            value: shortValue(b),
          });
        }
      }
    }
    const items: Record<string, unknown>[] = [];
    for (const row of rows) {
      const item: Record<string, unknown> = {};
      for (const [name, extract] of this.items) {
        const r = extract(row.fields);
        if (!r.ok) issues.push({ line: row.line, ...r.issue });
        else if (r.value !== undefined) item[name] = r.value;
      }
      items.push(item);
    }
    const properties: Record<string, unknown> = {};
    const itemsSpec = this.mapping.items;
    if (itemsSpec) {
      properties[itemsSpec.into] = items;
      const total = itemsTotalOf(itemsSpec);
      if (total) {
        let cents = 0;
        for (const item of items) {
          const price = typeof item[total.price] === "number" ? (item[total.price] as number) : 0;
          const quantity =
            typeof item[total.quantity] === "number" ? (item[total.quantity] as number) : 1;
          cents += Math.round(price * quantity * 100);
        }
        properties[total.into] = cents / 100;
      }
    }
    const content = rows.map((r) => r.fields.join("\u001f")).join("\u001e");
    const result = this.build(first, issues, content, { properties, groupKey: key });
    if (result.type !== "rejected") return result;
    return { type: "rejected", issues: withGroup(result.issues, rows, label) };
  }

  private build(
    row: CsvRow,
    issues: ImportIssue[],
    content: string,
    extra: { properties: Record<string, unknown>; groupKey?: string },
  ): MappedCall {
    const f = row.fields;
    const at = (issue: Omit<ImportIssue, "line">) => issues.push({ line: row.line, ...issue });
    const read = (extract: Extract): unknown => {
      const r = extract(f);
      if (!r.ok) at(r.issue);
      return r.ok ? r.value : undefined;
    };
    const m = this.mapping;

    let type =
      typeof m.event.type === "string" ? m.event.type : this.columns.cell(f, m.event.type.column);
    if (typeof m.event.type === "object" && !ROW_TYPES.has(type)) {
      at({
        column: m.event.type.column,
        field: "type",
        code: ImportIssueCode.invalidValue,
        message: `"${shortValue(type)}" is not an event type (identify, track, page, screen)`,
        value: shortValue(type),
      });
      type = "track";
    }
    const name =
      typeof m.event.name === "object" ? this.columns.cell(f, m.event.name.column) : m.event.name;
    if (type === "track" && !name) {
      const column = typeof m.event.name === "object" ? m.event.name.column : undefined;
      at({
        column,
        field: "event",
        code: ImportIssueCode.missingValue,
        message: `the event name${column ? ` (${column})` : ""} is empty`,
      });
    }

    const identity: Record<string, string> = {};
    for (const [key, extract] of this.identity) {
      const value = read(extract);
      if (value !== undefined && value !== "") identity[key] = String(value);
    }
    const strong: { type: IdentifierType; value: string }[] = [];
    for (const [key, idType] of Object.entries(IDENTITY_TRAITS) as [
      keyof typeof IDENTITY_TRAITS,
      IdentifierType,
    ][]) {
      const raw = identity[key];
      if (raw === undefined) continue;
      const id = normalizeIdentifier(idType, raw, this.ctx.phoneRegion);
      if (id) strong.push(id);
      else {
        const spec = m.identity[key];
        at({
          column: typeof spec === "string" ? spec : spec?.column,
          field: key,
          code: ImportIssueCode.invalidValue,
          message: `"${shortValue(raw)}" is not a valid ${idType.replace("_", " ")}`,
          value: shortValue(raw),
        });
      }
    }

    let timestamp: string | undefined;
    if (m.timestamp && this.parseTimestamp) {
      const text = this.columns.cell(f, m.timestamp.column);
      const column = m.timestamp.column;
      if (text === "")
        at({
          column,
          field: "timestamp",
          code: ImportIssueCode.missingValue,
          message: `${column} is empty`,
        });
      else {
        const ms = this.parseTimestamp(text);
        if (ms === undefined) {
          const formats = [m.timestamp.format].flat().join(" or ");
          at({
            column,
            field: "timestamp",
            code: ImportIssueCode.invalidValue,
            message: `"${shortValue(text)}" is not a time in the format ${formats}`,
            value: shortValue(text),
          });
        } else timestamp = new Date(ms).toISOString();
      }
    }

    const properties: Record<string, unknown> = { ...m.constants };
    for (const [key, extract] of this.properties) {
      const value = read(extract);
      if (value !== undefined) properties[key] = value;
    }
    Object.assign(properties, extra.properties);
    const traits: Record<string, unknown> = {};
    for (const [key, extract] of this.traits) {
      const value = read(extract);
      if (value !== undefined) traits[key] = value;
    }
    for (const key of Object.keys(IDENTITY_TRAITS))
      if (identity[key] !== undefined) traits[key] = identity[key];

    const consents: Partial<Record<ConsentPurpose, string>> = {};
    for (const [purpose, column] of Object.entries(m.consents) as [ConsentPurpose, string][]) {
      const raw = this.columns.cell(f, column);
      if (raw === "") continue;
      const value = consentWord(raw);
      const check = consentChangesFromTraits({ [purpose]: value }, "brand", "source", 0);
      if (check.problems.length > 0) {
        at({
          column,
          field: `traits.consents.${purpose}`,
          code: ImportIssueCode.invalidConsent,
          message: `"${shortValue(raw)}" is not a consent status (granted, denied, revoked, yes/no, ja/nein, true/false, 1/0)`,
          value: shortValue(raw),
        });
      } else if (type !== "identify") {
        at({
          column,
          field: `traits.consents.${purpose}`,
          code: ImportIssueCode.invalidConsent,
          message: `consent can only come with an identify row, this row is ${type}`,
        });
      } else consents[purpose] = value;
    }

    let messageId: string | undefined;
    if (m.messageId) {
      const empty = this.messageIdColumns.filter((c) => this.columns.cell(f, c) === "");
      if (empty.length > 0) {
        at({
          column: empty[0],
          field: "messageId",
          code: ImportIssueCode.missingValue,
          message: `${empty.join(", ")} empty: the messageId template "${m.messageId}" needs it`,
        });
      } else messageId = this.columns.fill(m.messageId, f);
    } else messageId = derivedMessageId(this.ctx.sourceId, extra.groupKey ?? content);

    if (issues.length > 0) return { type: "rejected", issues };

    const userId = identity.userId;
    let anonymousId = identity.anonymousId;
    if (userId === undefined && anonymousId === undefined) {
      const strongest = strong[0];
      if (!strongest) {
        if (m.withoutIdentity === "skip") return { type: "skipped" };
        const columns = this.identity
          .map(([key]) => m.identity[key])
          .map((s) => (typeof s === "string" ? s : (s?.column ?? s?.template)));
        return {
          type: "rejected",
          issues: [
            {
              line: row.line,
              column: columns.join(", ") || undefined,
              code: ImportIssueCode.missingIdentity,
              message: `no identifier: ${columns.length > 0 ? `${columns.join(", ")} ${columns.length > 1 ? "are" : "is"} empty` : "the mapping names no identity columns"}`,
            },
          ],
        };
      }
      // A person known by a card or an email only: the tracking spec wants a user or an
      // anonymous id; one derived from the identifier stays the same for every row of the person.
      anonymousId = `${strongest.type}:${strongest.value}`;
    }

    const call: Record<string, unknown> = { type, messageId, properties };
    if (userId !== undefined) call.userId = userId;
    if (anonymousId !== undefined) call.anonymousId = anonymousId;
    if (timestamp !== undefined) call.timestamp = timestamp;
    if (type === "track") call.event = name;
    else if ((type === "page" || type === "screen") && name) call.name = name;
    if (type === "identify")
      call.traits = Object.keys(consents).length > 0 ? { ...traits, consents } : traits;
    else if (Object.keys(traits).length > 0) call.context = { traits };
    return { type: "call", call, digest: contentDigest(content) };
  }

  private extractor(spec: ValueSpec, at: string, timeZone: string): Extract {
    const ctx = { decimalComma: this.ctx.decimalComma, timeZone };
    return valueExtractor(spec, at.replace(/^identity\./, ""), ctx, this.columns);
  }

  private isIdentifyOnly(): boolean {
    return this.mapping.event.type === "identify";
  }
}
