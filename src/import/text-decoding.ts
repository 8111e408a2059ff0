export type TextEncoding = "utf-8" | "windows-1252";

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

// Node's TextDecoder("windows-1252") decodes as Latin-1 (0x80 → U+0080 instead of €), so the
// 32 code points where Windows-1252 differs are mapped here. Undefined bytes stay as they are.
const CP1252_80_9F =
  "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f" +
  "\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";

function decodeWindows1252(bytes: Buffer): string {
  const latin1 = bytes.toString("latin1");
  return /[\u0080-\u009f]/.test(latin1)
    ? latin1.replace(/[\u0080-\u009f]/g, (c) => CP1252_80_9F[c.charCodeAt(0) - 0x80] ?? c)
    : latin1;
}

/** The text of a record, or undefined when the bytes are not valid in the encoding. */
export function decodeRecord(bytes: Buffer, encoding: TextEncoding): string | undefined {
  if (encoding === "windows-1252") return decodeWindows1252(bytes);
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Binary data that got into a text file: NUL and other control characters except tab, CR, LF. */
export function hasControlCharacters(text: string): boolean {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text);
}

export const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
