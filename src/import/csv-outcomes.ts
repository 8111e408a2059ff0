import { ErrorCode } from "../core/shared/result.js";
import { detectDelimiter, parseCsvRecords, type CsvDelimiter } from "./csv-records.js";
import { CsvRowMapper, type CsvRow, type MappedCall } from "./csv-row-mapper.js";
import { ImportIssueCode, type ImportIssue } from "./import-issue.js";
import type { CsvOptions, ImportMapping } from "./import-mapping.js";
import {
  DEFAULT_MAX_RECORD_BYTES,
  frameIssue,
  issueCodeOf,
  normalizeCall,
  withoutBom,
  type ImportOutcome,
  type ImportRun,
} from "./import-outcome.js";
import { keyHash, packLine, unpackLine } from "./message-id.js";
import { RecordFramer, type Frame } from "./record-framer.js";
import { AdjacentGroups, withGroup, type RowGroup } from "./row-grouping.js";
import { decodeRecord, hasControlCharacters } from "./text-decoding.js";

const PARSE_BATCH = 500;
/** Beyond this many events, the check for two rows with one messageId stops remembering. */
const MAX_REMEMBERED_IDS = 5_000_000;

const DELIMITER_BYTE: Record<CsvDelimiter, number> = {
  ",": 0x2c,
  ";": 0x3b,
  "\t": 0x09,
  "|": 0x7c,
};

/** Holds back the first chunks until the header line is complete, to see its delimiter. */
async function* withHeaderLine(
  chunks: AsyncIterable<Buffer>,
  max: number,
  onHeader: (headerBytes: Buffer) => void,
): AsyncGenerator<Buffer> {
  const held: Buffer[] = [];
  let size = 0;
  let seen = false;
  for await (const chunk of chunks) {
    if (seen) {
      yield chunk;
      continue;
    }
    held.push(chunk);
    size += chunk.length;
    const lf = chunk.indexOf(0x0a);
    if (lf !== -1 || size > max) {
      const all = Buffer.concat(held);
      const end = all.indexOf(0x0a);
      onHeader(all.subarray(0, end === -1 ? Math.min(all.length, max) : end));
      seen = true;
      yield all;
    }
  }
  if (!seen && held.length > 0) {
    const all = Buffer.concat(held);
    onHeader(all);
    yield all;
  }
}

class CsvImport {
  private mapper?: CsvRowMapper;
  private readonly groups = new AdjacentGroups();
  /** Hash of the messageId → line and content digest (packed): a few dozen bytes per event. */
  private readonly ids = new Map<number, number>();

  constructor(
    private readonly run: ImportRun & { mapping: ImportMapping },
    private readonly csv: CsvOptions & { delimiter: CsvDelimiter },
  ) {}

  /** Outcomes of a batch of frames; a fatal outcome ends the import. */
  *frames(frames: Frame[], max: number): Generator<ImportOutcome> {
    const texts: { frame: Frame & { type: "record" }; text: string }[] = [];
    const early = new Map<Frame, ImportOutcome>();
    for (const frame of frames) {
      if (frame.type === "too_long") {
        early.set(frame, { type: "rejected", issues: [frameIssue(frame, max)], records: 1 });
        continue;
      }
      const text = decodeRecord(frame.bytes, this.csv.encoding);
      if (text === undefined) {
        const hint = " — if the file comes from Excel on Windows, try --encoding windows-1252";
        early.set(frame, {
          type: "rejected",
          records: 1,
          issues: [
            {
              line: frame.line,
              code: ImportIssueCode.notUtf8,
              message: `the record is not valid UTF-8${hint}`,
            },
          ],
        });
      } else if (hasControlCharacters(text)) {
        early.set(frame, {
          type: "rejected",
          records: 1,
          issues: [
            {
              line: frame.line,
              code: ImportIssueCode.unparseable,
              message: "the record contains control characters (binary data?)",
            },
          ],
        });
      } else texts.push({ frame, text });
    }
    const parsed = parseCsvRecords(
      texts.map((t) => t.text),
      this.csv.delimiter,
    );
    const byFrame = new Map(texts.map((t, i) => [t.frame as Frame, parsed[i]]));
    for (const frame of frames) {
      const outcome = early.get(frame);
      if (outcome) {
        if (!this.mapper) {
          const issue = outcome.type === "rejected" ? outcome.issues[0] : undefined;
          yield {
            type: "fatal",
            error: {
              code: ErrorCode.invalidInput,
              message: `cannot read the header (line ${frame.line}): ${issue?.message ?? "unreadable"}`,
            },
          };
          return;
        }
        yield outcome;
        continue;
      }
      const record = byFrame.get(frame);
      if (frame.type !== "record" || !record) continue;
      if (!this.mapper) {
        if (!record.ok) {
          yield {
            type: "fatal",
            error: {
              code: ErrorCode.invalidInput,
              message: `cannot read the header (line ${frame.line}): ${record.message}`,
            },
          };
          return;
        }
        const compiled = CsvRowMapper.compile(this.run.mapping, record.fields, {
          sourceId: this.run.source.id,
          phoneRegion: this.run.phoneRegion,
          decimalComma: this.csv.decimalComma,
        });
        if (!compiled.ok) {
          yield { type: "fatal", error: compiled.error };
          return;
        }
        this.mapper = compiled.value;
        continue;
      }
      yield* this.row(frame, record);
    }
  }

  *end(): Generator<ImportOutcome> {
    if (!this.mapper) {
      yield {
        type: "fatal",
        error: { code: ErrorCode.invalidInput, message: "the file is empty: no header row" },
      };
      return;
    }
    const last = this.groups.end();
    if (last) yield* this.group(last);
  }

  private *row(
    frame: Frame & { type: "record" },
    record: ReturnType<typeof parseCsvRecords>[number],
  ): Generator<ImportOutcome> {
    const mapper = this.mapper as CsvRowMapper;
    const lines = { line: frame.line, lastLine: frame.lastLine };
    let issue: ImportIssue | undefined;
    let fields: string[] = [];
    if (!record.ok)
      issue = { line: frame.line, code: ImportIssueCode.unparseable, message: record.message };
    else {
      fields = record.fields;
      const width = mapper.header.length;
      // Excel ends rows with empty cells beyond the header (a;b;;); those are harmless.
      while (fields.length > width && fields[fields.length - 1]?.trim() === "")
        fields = fields.slice(0, -1);
      if (fields.every((f) => f.trim() === "")) return; // a row of empty cells is a blank line
      if (fields.length !== width) {
        issue = {
          line: frame.line,
          code: ImportIssueCode.columnCount,
          message:
            fields.length > width
              ? `the row has ${fields.length} fields but the header has ${width} (an unquoted ${JSON.stringify(this.csv.delimiter)} inside a value?)`
              : `the row has ${fields.length} fields but the header has ${width}`,
        };
      }
    }
    const row: CsvRow = { ...lines, fields };
    if (!mapper.grouped) {
      if (issue) yield { type: "rejected", issues: [issue], records: 1 };
      else yield* this.mapped(mapper.mapRow(row), [row]);
      return;
    }
    const key = fields.length > 0 ? mapper.groupKeyOf(row) : undefined;
    if (!key || !key.ok) {
      yield {
        type: "rejected",
        issues: [
          issue ??
            (key && !key.ok
              ? key.issue
              : { line: frame.line, code: ImportIssueCode.unparseable, message: "unreadable" }),
        ],
        records: 1,
      };
      return;
    }
    // A bad row that names a group spoils that group: stored without it, the receipt would be
    // incomplete, and the corrected row could never be added (same messageId).
    const done = issue
      ? this.groups.poison(key.key, key.label, issue, lines)
      : this.groups.add(key.key, key.label, row);
    if (done) yield* this.group(done);
  }

  private *group(group: RowGroup): Generator<ImportOutcome> {
    const mapper = this.mapper as CsvRowMapper;
    const records = group.lines.length;
    if (group.earlier) {
      const { line, lastLine } = group.earlier;
      const issue: ImportIssue = {
        line: group.lines[0]?.line ?? 0,
        code: ImportIssueCode.groupSplit,
        message: `rows of ${group.label} already came on lines ${line}–${lastLine}, before other groups; the rows of a group must be adjacent (sort the file by ${[this.run.mapping.groupBy].flat().join(", ")})`,
      };
      yield {
        type: "rejected",
        records,
        issues: withGroup([...group.bad, issue], group.lines, group.label),
      };
      return;
    }
    if (group.bad.length > 0) {
      yield { type: "rejected", records, issues: withGroup(group.bad, group.lines, group.label) };
      return;
    }
    yield* this.mapped(
      mapper.mapGroup(group.rows, group.key, group.label),
      group.lines,
      group.label,
    );
  }

  private *mapped(
    mapped: MappedCall,
    lines: { line: number; lastLine: number }[],
    label?: string,
  ): Generator<ImportOutcome> {
    const records = lines.length;
    const line = lines[0]?.line ?? 0;
    const reject = (issues: ImportIssue[]): ImportOutcome => ({
      type: "rejected",
      records,
      issues: label === undefined ? issues : withGroup(issues, lines, label),
    });
    if (mapped.type === "skipped") {
      yield { type: "skipped", records };
      return;
    }
    if (mapped.type === "rejected") {
      yield { type: "rejected", records, issues: mapped.issues };
      return;
    }
    const messageId = String(mapped.call.messageId);
    const idKey = keyHash(messageId);
    const packed = this.ids.get(idKey);
    const before = packed === undefined ? undefined : unpackLine(packed);
    if (before && before.digest !== mapped.digest) {
      yield reject([
        {
          line,
          field: "messageId",
          code: ImportIssueCode.duplicateMessageId,
          message: `messageId "${messageId}" was already given to the different row on line ${before.line}; this row would be dropped as a duplicate (does the messageId template name every column that makes a row unique, or does the file need groupBy?)`,
          value: messageId,
        },
      ]);
      return;
    }
    if (!before && this.ids.size < MAX_REMEMBERED_IDS)
      this.ids.set(idKey, packLine(line, mapped.digest));
    const normalized = normalizeCall(mapped.call, this.run);
    if (normalized.ok) {
      yield { type: "event", event: normalized.value, records, line };
      return;
    }
    const e = normalized.error;
    const field = e.path || undefined;
    yield reject([
      {
        line,
        field,
        column: (this.mapper as CsvRowMapper).columnOf(field),
        code: issueCodeOf(e.code),
        message: e.message,
      },
    ]);
  }
}

/** CSV: a header, then rows mapped (and grouped) by the mapping. */
export async function* csvOutcomes(
  chunks: AsyncIterable<Buffer>,
  run: ImportRun,
): AsyncGenerator<ImportOutcome> {
  if (!run.mapping) {
    yield {
      type: "fatal",
      error: {
        code: ErrorCode.invalidInput,
        message: "a CSV import needs a mapping (--mapping FILE or --preset till-receipts)",
      },
    };
    return;
  }
  const max = run.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  let csvImport: CsvImport | undefined;
  let framer: RecordFramer | undefined;
  const mapping = run.mapping;
  const input = withHeaderLine(withoutBom(chunks), max, (headerBytes) => {
    const delimiter =
      mapping.csv.delimiter === "auto"
        ? detectDelimiter(headerBytes.toString("latin1"))
        : mapping.csv.delimiter;
    csvImport = new CsvImport({ ...run, mapping }, { ...mapping.csv, delimiter });
    framer = new RecordFramer({
      quote: 0x22,
      delimiter: DELIMITER_BYTE[delimiter],
      maxRecordBytes: max,
    });
  });
  let pending: Frame[] = [];
  const drain = function* (all: boolean): Generator<ImportOutcome, boolean> {
    let at = 0;
    while (pending.length - at >= PARSE_BATCH || (all && pending.length > at)) {
      const batch = pending.slice(at, at + PARSE_BATCH);
      at += batch.length;
      for (const outcome of (csvImport as CsvImport).frames(batch, max)) {
        yield outcome;
        if (outcome.type === "fatal") return false;
      }
    }
    pending = pending.slice(at);
    return true;
  };
  for await (const chunk of input) {
    for (const frame of (framer as RecordFramer).push(chunk)) pending.push(frame);
    if (!(yield* drain(false))) return;
  }
  if (!framer || !csvImport) {
    yield {
      type: "fatal",
      error: { code: ErrorCode.invalidInput, message: "the file is empty: no header row" },
    };
    return;
  }
  for (const frame of framer.end()) pending.push(frame);
  if (!(yield* drain(true))) return;
  yield* csvImport.end();
}
