import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  importFile,
  type ImportFileOptions,
  type ImportSummary,
} from "../../src/import/import-file.js";
import type { ImportIssue } from "../../src/import/import-issue.js";
import { ImportMapping, type ImportMapping as Mapping } from "../../src/import/import-mapping.js";
import type { Store } from "../../src/storage/store.js";

export const fixture = (name: string) => join(import.meta.dirname, "fixtures", name);

/** A temp file with this content (string or bytes). */
export function tempFile(name: string, content: string | Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), "cxloop-import-"));
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** A mapping as a user would write it (defaults filled in by the schema). */
export const mapping = (json: unknown): Mapping => ImportMapping.parse(json);

export async function runImport(
  store: Store,
  options: Partial<ImportFileOptions> & { file: string; sourceId: string },
): Promise<{ summary: ImportSummary; issues: ImportIssue[] }> {
  const errorsFile =
    options.errorsFile ?? join(mkdtempSync(join(tmpdir(), "cxloop-errors-")), "errors.ndjson");
  const result = await importFile(store, {
    format: options.mapping ? "csv" : "ndjson",
    phoneRegion: "CH",
    now: () => Date.parse("2026-06-01T12:00:00Z"),
    ...options,
    errorsFile,
  });
  if (!result.ok) throw new Error(`import failed: ${result.error.message}`);
  return { summary: result.value, issues: readIssues(errorsFile) };
}

export function readIssues(file: string): ImportIssue[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as ImportIssue);
}

/** Feeds text to the pipeline in chunks of `size` bytes, to cross every boundary. */
export async function* chunked(content: string | Buffer, size: number): AsyncGenerator<Buffer> {
  const bytes = typeof content === "string" ? Buffer.from(content) : content;
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}
