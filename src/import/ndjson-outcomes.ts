import { parseNdjsonLine } from "./ndjson-line.js";
import { ImportIssueCode } from "./import-issue.js";
import {
  DEFAULT_MAX_RECORD_BYTES,
  frameIssue,
  issueCodeOf,
  normalizeCall,
  withoutBom,
  type ImportOutcome,
  type ImportRun,
} from "./import-outcome.js";
import { RecordFramer, type Frame } from "./record-framer.js";
import { decodeRecord } from "./text-decoding.js";

/** NDJSON: every line one tracking call. */
export async function* ndjsonOutcomes(
  chunks: AsyncIterable<Buffer>,
  run: ImportRun,
): AsyncGenerator<ImportOutcome> {
  const max = run.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  const framer = new RecordFramer({ quote: null, maxRecordBytes: max });
  const outcomes = function* (frames: Frame[]): Generator<ImportOutcome> {
    for (const frame of frames) {
      if (frame.type === "too_long") {
        yield { type: "rejected", issues: [frameIssue(frame, max)], records: 1 };
        continue;
      }
      const text = decodeRecord(frame.bytes, "utf-8");
      if (text === undefined) {
        yield {
          type: "rejected",
          records: 1,
          issues: [
            {
              line: frame.line,
              code: ImportIssueCode.notUtf8,
              message: "the line is not valid UTF-8 (binary data?)",
            },
          ],
        };
        continue;
      }
      if (text.trim() === "") continue;
      const parsed = parseNdjsonLine(text, frame.line, run.source.id);
      if (!parsed.ok) {
        yield { type: "rejected", issues: [parsed.issue], records: 1 };
        continue;
      }
      const normalized = normalizeCall(parsed.call, run);
      if (normalized.ok)
        yield { type: "event", event: normalized.value, records: 1, line: frame.line };
      else {
        const e = normalized.error;
        yield {
          type: "rejected",
          records: 1,
          issues: [
            {
              line: frame.line,
              field: e.path || undefined,
              code: issueCodeOf(e.code),
              message: e.message,
            },
          ],
        };
      }
    }
  };
  for await (const chunk of withoutBom(chunks)) yield* outcomes(framer.push(chunk));
  yield* outcomes(framer.end());
}
