import type { CountryCode } from "libphonenumber-js";
import { createReadStream, createWriteStream, openSync, statSync, type WriteStream } from "node:fs";
import type { NormalizedEvent } from "../core/collect/normalized-event.js";
import { err, ErrorCode, ok, type AppError, type Result } from "../core/shared/result.js";
import type { Source } from "../core/sources/source.js";
import type { ImportIssue } from "./import-issue.js";
import type { ImportMapping } from "./import-mapping.js";
import { importOutcomes, type ImportFormat } from "./import-pipeline.js";

/** What the import needs of the store: look up the source, store a batch. */
export interface ImportStore {
  sources: { getSource(id: string): Promise<Source | undefined> };
  ingest: {
    ingest(
      events: NormalizedEvent[],
      now?: number,
    ): Promise<{ stored: number; duplicates: number; suppressed: number }>;
  };
}

export interface ImportFileOptions {
  file: string;
  sourceId: string;
  format: ImportFormat;
  mapping?: ImportMapping;
  /** Every rejected line goes here as one JSON object per line. */
  errorsFile?: string;
  dryRun?: boolean;
  /** Events per ingest call (one transaction). */
  batchSize?: number;
  phoneRegion: CountryCode;
  maxRecordBytes?: number;
  /** Called as the file is read: bytes done and total. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  now?: () => number;
}

export interface ImportSummary {
  file: string;
  sourceId: string;
  format: ImportFormat;
  dryRun: boolean;
  /** Data records read: CSV rows (without the header), NDJSON lines (without blank ones). */
  records: number;
  /** Events the records made (a receipt of five rows is one event). */
  events: number;
  stored: number;
  /** Events already in the store (imported before) or repeated in the file. */
  duplicates: number;
  /** Events of erased people, not stored. */
  suppressed: number;
  /** Records rejected; every one of them is in the error report. */
  rejected: number;
  /** Records skipped on purpose (no identifier where the mapping says skip). */
  skipped: number;
  /** The first issues, for the terminal; all of them are in the errors file. */
  firstIssues: ImportIssue[];
  issueCount: number;
  bytes: number;
  seconds: number;
}

const FIRST_ISSUES = 20;

async function* readChunks(file: string, onRead: (bytes: number) => void): AsyncGenerator<Buffer> {
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    onRead((chunk as Buffer).length);
    yield chunk as Buffer;
  }
}

/** Writes a line, waiting when the stream is full; a failed write (disk full) is thrown. */
function writeLine(stream: WriteStream, text: string): Promise<void> | undefined {
  if (stream.errored) throw new Error(`writing the errors file failed: ${stream.errored.message}`);
  if (stream.write(`${text}\n`)) return undefined;
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      stream.off("drain", done);
      stream.off("error", done);
      if (error)
        reject(new Error(`writing the errors file failed: ${error.message}`, { cause: error }));
      else resolve();
    };
    stream.once("drain", done);
    stream.once("error", done);
  });
}

function closeStream(stream: WriteStream): Promise<void> {
  if (stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    stream.once("error", () => resolve());
    stream.end(() => resolve());
  });
}

/**
 * Imports a file into the store: reads it in chunks, stores valid events in batches (one
 * transaction each), writes each rejected line to the errors file. Fatal problems (no file,
 * unknown source, a mapping that does not fit the file) come back as an error; a database
 * error during the import is thrown, with how far it got — running the import again is safe.
 */
export async function importFile(
  store: ImportStore,
  options: ImportFileOptions,
): Promise<Result<ImportSummary, AppError>> {
  const now = options.now ?? Date.now;
  const started = performance.now();
  let total: number;
  try {
    const stat = statSync(options.file);
    if (!stat.isFile()) return err(ErrorCode.invalidInput, `${options.file} is not a file`);
    total = stat.size;
  } catch {
    return err(ErrorCode.notFound, `file not found: ${options.file}`);
  }
  const source = await store.sources.getSource(options.sourceId);
  if (!source)
    return err(ErrorCode.notFound, `no source "${options.sourceId}" (see: cxloop sources list)`);

  const summary: ImportSummary = {
    file: options.file,
    sourceId: source.id,
    format: options.format,
    dryRun: options.dryRun ?? false,
    records: 0,
    events: 0,
    stored: 0,
    duplicates: 0,
    suppressed: 0,
    rejected: 0,
    skipped: 0,
    firstIssues: [],
    issueCount: 0,
    bytes: 0,
    seconds: 0,
  };
  let errors: WriteStream | undefined;
  if (options.errorsFile) {
    // Truncating the input to write errors into it would destroy the data being imported.
    const input = statSync(options.file);
    const target = statSync(options.errorsFile, { throwIfNoEntry: false });
    if (target && target.ino === input.ino && target.dev === input.dev) {
      return err(ErrorCode.invalidInput, "the errors file must not be the file being imported");
    }
    // Opened now, so a wrong path is a clear fatal error before anything is stored.
    let fd: number;
    try {
      fd = openSync(options.errorsFile, "w");
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return err(ErrorCode.invalidInput, `cannot write the errors file: ${reason}`);
    }
    errors = createWriteStream("", { fd });
    // Errors surface in writeLine; this keeps an 'error' event from crashing the process.
    errors.on("error", () => undefined);
  }
  const batchSize = Math.max(1, options.batchSize ?? 1000);
  let batch: NormalizedEvent[] = [];
  let lastLine = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const events = batch;
    batch = [];
    if (summary.dryRun) return;
    try {
      const r = await store.ingest.ingest(events, now());
      summary.stored += r.stored;
      summary.duplicates += r.duplicates;
      summary.suppressed += r.suppressed;
    } catch (error) {
      throw new Error(
        `storing events failed near line ${lastLine} after ${summary.stored} events were stored; importing the file again is safe (stored events are recognised): ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  };
  try {
    const chunks = readChunks(options.file, (n) => {
      summary.bytes += n;
      options.onProgress?.(summary.bytes, total);
    });
    const run = {
      format: options.format,
      source,
      mapping: options.mapping,
      phoneRegion: options.phoneRegion,
      receivedAt: now(),
      maxRecordBytes: options.maxRecordBytes,
    };
    for await (const outcome of importOutcomes(chunks, run)) {
      switch (outcome.type) {
        case "fatal":
          return err(
            outcome.error.code,
            outcome.error.message,
            outcome.error.path,
            outcome.error.details,
          );
        case "event":
          summary.records += outcome.records;
          summary.events++;
          lastLine = outcome.line;
          batch.push(outcome.event);
          if (batch.length >= batchSize) await flush();
          break;
        case "skipped":
          summary.records += outcome.records;
          summary.skipped += outcome.records;
          break;
        case "rejected":
          summary.records += outcome.records;
          summary.rejected += outcome.records;
          for (const issue of outcome.issues) {
            summary.issueCount++;
            if (summary.firstIssues.length < FIRST_ISSUES) summary.firstIssues.push(issue);
            if (errors) await writeLine(errors, JSON.stringify(issue));
          }
          break;
      }
    }
    await flush();
  } finally {
    if (errors) await closeStream(errors);
  }
  summary.seconds = (performance.now() - started) / 1000;
  return ok(summary);
}

/** The end-of-import report for a terminal. */
export function formatImportSummary(s: ImportSummary, errorsFile?: string): string {
  const rate = (n: number) => (s.seconds > 0 ? Math.round(n / s.seconds) : n);
  const unit = s.format === "csv" ? "rows" : "lines";
  const grouped = s.events !== s.records - s.rejected - s.skipped;
  const lines = [
    `${s.dryRun ? "dry run, nothing stored: " : ""}${s.file} → source ${s.sourceId} (${s.format})`,
    `  ${`${unit} read`.padEnd(18)} ${s.records}`,
    `  events             ${s.events}${grouped ? " (rows grouped)" : ""}`,
  ];
  if (!s.dryRun) {
    lines.push(
      `  stored             ${s.stored}`,
      `  duplicates         ${s.duplicates} (already imported)`,
      `  suppressed         ${s.suppressed} (erased people)`,
    );
  }
  lines.push(
    `  skipped            ${s.skipped} (no identifier)`,
    `  rejected           ${s.rejected} ${unit}`,
    `  time               ${s.seconds.toFixed(1)} s, ${rate(s.records)} ${unit}/s, ${rate(s.events)} events/s`,
  );
  if (s.issueCount > 0) {
    lines.push(
      errorsFile
        ? `every rejected ${unit === "rows" ? "row" : "line"} is in ${errorsFile}; the first ones:`
        : "the first problems (--errors FILE writes all of them):",
    );
    for (const i of s.firstIssues.slice(0, 10)) {
      const where = i.column ? `, column ${i.column}` : i.field ? `, ${i.field}` : "";
      lines.push(`  line ${i.line}${where}: ${i.message}`);
    }
    if (s.issueCount > 10) lines.push(`  … and ${s.issueCount - 10} more`);
  }
  return lines.join("\n");
}
