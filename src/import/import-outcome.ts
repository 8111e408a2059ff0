import type { CountryCode } from "libphonenumber-js";
import { normalizeTrackingCall } from "../core/collect/normalize-event.js";
import type { NormalizedEvent } from "../core/collect/normalized-event.js";
import { ErrorCode, type AppError } from "../core/shared/result.js";
import type { Source } from "../core/sources/source.js";
import { ImportIssueCode, type ImportIssue } from "./import-issue.js";
import type { ImportMapping } from "./import-mapping.js";
import type { Frame } from "./record-framer.js";
import { UTF8_BOM } from "./text-decoding.js";

export type ImportFormat = "csv" | "ndjson";

export interface ImportRun {
  format: ImportFormat;
  source: Source;
  /** Required for CSV. */
  mapping?: ImportMapping;
  phoneRegion: CountryCode;
  /** When the import runs: the events' receivedAt (and the time of calls without one). */
  receivedAt: number;
  /** A record (line, or CSV record with its quoted line breaks) longer than this is rejected. */
  maxRecordBytes?: number;
}

/**
 * What became of the records of the file, in file order. `records` counts the data records
 * (CSV rows, NDJSON lines; no header, no blank lines) an outcome stands for.
 */
export type ImportOutcome =
  | { type: "event"; event: NormalizedEvent; records: number; line: number }
  | { type: "rejected"; issues: ImportIssue[]; records: number }
  | { type: "skipped"; records: number }
  | { type: "fatal"; error: AppError };

export const DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;
/** The import issue code for an error of normalizeTrackingCall. */
export const issueCodeOf = (code: string) =>
  code === ErrorCode.eventTooLarge
    ? ImportIssueCode.eventTooLarge
    : code === ErrorCode.missingIdentity
      ? ImportIssueCode.missingIdentity
      : ImportIssueCode.invalidEvent;

/** Strips a UTF-8 byte order mark from the first chunk. */
export async function* withoutBom(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let head: Buffer | undefined = Buffer.alloc(0);
  for await (const chunk of chunks) {
    if (!head) {
      yield chunk;
      continue;
    }
    // The first chunk may be shorter than the mark itself.
    head = Buffer.concat([head, chunk]);
    if (head.length < UTF8_BOM.length) continue;
    yield head.subarray(0, 3).equals(UTF8_BOM) ? head.subarray(3) : head;
    head = undefined;
  }
  if (head && head.length > 0 && !UTF8_BOM.subarray(0, head.length).equals(head)) yield head;
}

export function normalizeCall(call: Record<string, unknown>, run: ImportRun) {
  return normalizeTrackingCall(call, {
    source: run.source,
    receivedAt: run.receivedAt,
    phoneRegion: run.phoneRegion,
  });
}

export function frameIssue(frame: Frame & { type: "too_long" }, max: number): ImportIssue {
  return {
    line: frame.line,
    lastLine: frame.lastLine > frame.line ? frame.lastLine : undefined,
    code: ImportIssueCode.tooLong,
    message:
      frame.lastLine > frame.line
        ? `lines ${frame.line}–${frame.lastLine} would be one record of more than ${max} bytes (an unclosed quote?); skipped up to the next line`
        : `the line is longer than ${max} bytes`,
  };
}
