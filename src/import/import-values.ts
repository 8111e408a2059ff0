import { timestampParserOf } from "./import-timestamp.js";

/** The types a CSV cell can be read as. */
export type ValueType = "string" | "number" | "integer" | "boolean" | "date";

export type CellResult = { ok: true; value: unknown } | { ok: false; message: string };

export interface NumberStyle {
  /** `12,50` and `1.234,50` (German and French exports) instead of `12.50` and `1,234.50`. */
  decimalComma: boolean;
}

const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const GROUPED_DOT = /^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/;
const GROUPED_COMMA = /^[+-]?\d{1,3}(\.\d{3})+(,\d*)?$/;

/**
 * Reads a number the way people write them in exports: `12.50`, Swiss `1'234.50`, and with the
 * decimal comma `12,50` and `1.234,50`. Anything ambiguous is refused rather than guessed.
 */
export function parseNumber(text: string, style: NumberStyle): number | undefined {
  let t = text.replace(/[\s\u00a0\u202f'’]/g, "");
  if (style.decimalComma) {
    if (GROUPED_COMMA.test(t)) t = t.replace(/\./g, "");
    else if (t.includes(".")) return undefined;
    t = t.replace(",", ".");
  } else if (GROUPED_DOT.test(t)) t = t.replace(/,/g, "");
  if (!PLAIN_NUMBER.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

const TRUE = new Set(["true", "yes", "y", "ja", "j", "oui", "si", "1", "x"]);
const FALSE = new Set(["false", "no", "n", "nein", "non", "0"]);

/**
 * A consent cell in the words the core understands: yes/no in German, French and Italian and
 * Excel's "x" become granted/denied; anything else (granted, revoked, opt-in …) is passed on
 * for the consent rules to accept or refuse.
 */
export function consentWord(text: string): string {
  const word = text.trim().toLowerCase();
  if (TRUE.has(word)) return "granted";
  if (FALSE.has(word)) return "denied";
  return text.trim();
}

export interface CellContext extends NumberStyle {
  timeZone: string;
}

export type CellConverter = (text: string) => CellResult;

/** A converter of non-empty cells to a type; it says what is wrong with a cell that does not fit. */
export function cellConverter(
  type: ValueType,
  ctx: CellContext,
  dateFormats: string[] = ["iso"],
): CellConverter {
  switch (type) {
    case "string":
      return (text) => ({ ok: true, value: text });
    case "number":
    case "integer":
      return (text) => {
        const n = parseNumber(text, ctx);
        if (n === undefined) {
          const hint =
            !ctx.decimalComma && /^[+-]?\d+,\d+$/.test(text.trim())
              ? ' (a decimal comma? set "csv": {"decimalComma": true} or --decimal-comma)'
              : "";
          return { ok: false, message: `"${text}" is not a number${hint}` };
        }
        if (type === "integer" && !Number.isSafeInteger(n))
          return { ok: false, message: `"${text}" is not a whole number` };
        return { ok: true, value: n };
      };
    case "boolean":
      return (text) => {
        const word = text.trim().toLowerCase();
        if (TRUE.has(word)) return { ok: true, value: true };
        if (FALSE.has(word)) return { ok: true, value: false };
        return {
          ok: false,
          message: `"${text}" is not a yes/no value (true/false, yes/no, ja/nein, 1/0)`,
        };
      };
    case "date": {
      const parse = timestampParserOf(dateFormats, ctx.timeZone);
      return (text) => {
        const ms = parse(text);
        if (ms === undefined)
          return {
            ok: false,
            message: `"${text}" is not a date in the format ${dateFormats.join(" or ")}`,
          };
        return { ok: true, value: new Date(ms).toISOString() };
      };
    }
  }
}
