import { ImportIssueCode, shortValue } from "./import-issue.js";
import { templateColumns, type ValueSpec } from "./import-mapping.js";
import { cellConverter, type CellContext } from "./import-values.js";
import type { ImportIssue } from "./import-issue.js";

/** One parsed CSV row and where it is in the file. */
export interface CsvRow {
  line: number;
  lastLine: number;
  fields: string[];
}

/** A value read from a row: undefined when its cells are empty. */
export type Read = { ok: true; value: unknown } | { ok: false; issue: Omit<ImportIssue, "line"> };
export type Extract = (fields: string[]) => Read;

/** A header's columns by name; a name that appears twice means its first column. */
export class ColumnIndex {
  private readonly index = new Map<string, number>();

  constructor(header: string[]) {
    header.forEach((name, i) => {
      if (!this.index.has(name)) this.index.set(name, i);
    });
  }

  indexOf(column: string): number | undefined {
    return this.index.get(column);
  }

  /** The trimmed cell of a column ("" when the row is short). */
  cell(fields: string[], column: string): string {
    return (fields[this.index.get(column) as number] ?? "").trim();
  }

  /** A template with its `{column}`s replaced by the row's cells. */
  fill(template: string, fields: string[]): string {
    return template.replace(/\{([^{}]+)\}/g, (_, column: string) =>
      this.cell(fields, column.trim()),
    );
  }
}

/**
 * Reads one mapped value from rows: the cell (or the filled template), converted to its type;
 * an empty cell is no value, or a `missing_value` problem when the value is required.
 */
export function valueExtractor(
  spec: ValueSpec,
  field: string,
  ctx: CellContext,
  columns: ColumnIndex,
): Extract {
  const s =
    typeof spec === "string"
      ? {
          column: spec,
          type: "string" as const,
          required: false,
          template: undefined,
          format: undefined,
        }
      : spec;
  const convert = cellConverter(s.type, ctx, [s.format ?? "iso"].flat());
  const source = s.column ?? s.template ?? "";
  const templated = templateColumns(s.template ?? "");
  return (fields) => {
    let text: string;
    if (s.column !== undefined) text = columns.cell(fields, s.column);
    else if (templated.some((c) => columns.cell(fields, c) === "")) text = "";
    else text = columns.fill(s.template ?? "", fields);
    if (text === "") {
      if (!s.required) return { ok: true, value: undefined };
      const message = `${source} is empty but required`;
      return {
        ok: false,
        issue: { column: source, field, code: ImportIssueCode.missingValue, message },
      };
    }
    const r = convert(text);
    if (r.ok) return r;
    return {
      ok: false,
      issue: {
        column: source,
        field,
        code: ImportIssueCode.invalidValue,
        message: `${source}: ${r.message}`,
        value: shortValue(text),
      },
    };
  };
}
