import { csvOutcomes } from "./csv-outcomes.js";
import type { ImportOutcome, ImportRun } from "./import-outcome.js";
import { ndjsonOutcomes } from "./ndjson-outcomes.js";

export type { ImportFormat, ImportOutcome, ImportRun } from "./import-outcome.js";
export { DEFAULT_MAX_RECORD_BYTES } from "./import-outcome.js";

/**
 * Turns the bytes of an import file into events to store and the problems of the lines that
 * cannot be. Pure apart from reading `chunks`: no storage, no files. One bad line never stops
 * the others; only a problem with the file as a whole (no header, a mapping naming columns the
 * file lacks) is fatal.
 */
export async function* importOutcomes(
  chunks: AsyncIterable<Buffer>,
  run: ImportRun,
): AsyncGenerator<ImportOutcome> {
  if (run.format === "ndjson") yield* ndjsonOutcomes(chunks, run);
  else yield* csvOutcomes(chunks, run);
}
