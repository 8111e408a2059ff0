import { parse } from "csv-parse/sync";

export type CsvDelimiter = "," | ";" | "\t" | "|";
const CANDIDATES: CsvDelimiter[] = [",", ";", "\t", "|"];

/**
 * The delimiter of a file, from its header line: the candidate that occurs most often outside
 * quotes. Excel writes `;` where the decimal separator is a comma (and in Switzerland).
 */
export function detectDelimiter(headerLine: string): CsvDelimiter {
  const unquoted = headerLine.replace(/"[^"]*"/g, "");
  let best: CsvDelimiter = ",";
  let bestCount = 0;
  for (const d of CANDIDATES) {
    const count = unquoted.split(d).length - 1;
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

export type ParsedCsvRecord = { ok: true; fields: string[] } | { ok: false; message: string };

/**
 * Splits framed CSV records (see record-framer.ts) into fields with csv-parse. A batch is parsed
 * in one call; if anything in it is wrong, each record is parsed alone so the error is pinned
 * to its record and the others are kept.
 */
export function parseCsvRecords(texts: string[], delimiter: CsvDelimiter): ParsedCsvRecord[] {
  if (texts.length === 0) return [];
  const options = {
    delimiter,
    quote: '"',
    record_delimiter: "\n",
    relax_column_count: true,
    // A quote inside an unquoted value (5" Pizza) is kept as a character, as Excel reads it.
    relax_quotes: true,
    skip_empty_lines: false,
  } as const;
  try {
    const rows = parse(texts.join("\n"), options) as string[][];
    if (rows.length === texts.length) return rows.map((fields) => ({ ok: true, fields }));
  } catch {
    // one of them is broken: find which, below
  }
  return texts.map((text) => {
    try {
      const rows = parse(text, options) as string[][];
      if (rows.length !== 1)
        return { ok: false, message: `a CSV record was expected, found ${rows.length}` };
      return { ok: true, fields: rows[0] as string[] };
    } catch (error) {
      const message =
        error instanceof Error ? error.message.replace(/ at line \d+/, "") : String(error);
      return { ok: false, message: `not valid CSV: ${message}` };
    }
  });
}
