import { closeSync, createReadStream, openSync, readFileSync, readSync, statSync } from "node:fs";
import { createInterface } from "node:readline";
import { CatalogItem, CatalogLimits } from "../core/catalog/catalog-item.js";
import { jsonProblem } from "../import/safe-json.js";
import type { Store } from "../storage/store.js";

/** One rejected line (NDJSON) or element (JSON array), with the field at fault. */
export interface CatalogImportIssue {
  /** NDJSON: the line number (from 1). JSON array: the element's index (from 0). */
  at: number;
  where: "line" | "index";
  /** The field, e.g. `locales.de.title`; empty for the whole line. */
  path: string;
  message: string;
}

export interface CatalogImportSummary {
  format: "json" | "ndjson";
  read: number;
  inserted: number;
  updated: number;
  rejected: number;
}

export type CatalogImportResult =
  | { ok: true; value: CatalogImportSummary }
  | { ok: false; message: string; partial: CatalogImportSummary };

export interface CatalogImportOptions {
  file: string;
  /** Items per transaction (default 1000, the API's batch size). */
  batchSize?: number;
  onIssue?: (issue: CatalogImportIssue) => void;
  onProgress?: (done: number, total: number) => void;
}

/** A JSON array file is read whole; larger catalogues belong in NDJSON, read line by line. */
const MAX_JSON_ARRAY_BYTES = 256 * 1024 * 1024;

/** The first character that is not a BOM or white space: "[" for a JSON array. */
function firstChar(file: string): string {
  const fd = openSync(file, "r");
  try {
    const head = Buffer.alloc(4096);
    const n = readSync(fd, head, 0, head.length, 0);
    return head
      .subarray(0, n)
      .toString("utf8")
      .replace(/^\uFEFF/, "")
      .trimStart()
      .charAt(0);
  } finally {
    closeSync(fd);
  }
}

/**
 * Imports catalogue items from a JSON array or NDJSON file (one item per line). A bad line is
 * reported and skipped, never stops the import; good items are stored in transactions of
 * `batchSize`. An id seen earlier in the same file is a bad line (as in the API, one id once
 * per upload). Fails only when the file cannot be read or the database fails.
 */
export async function importCatalogFile(
  store: Pick<Store, "catalog">,
  options: CatalogImportOptions,
): Promise<CatalogImportResult> {
  const batchSize = options.batchSize ?? CatalogLimits.batch;
  const summary: CatalogImportSummary = {
    format: "ndjson",
    read: 0,
    inserted: 0,
    updated: 0,
    rejected: 0,
  };
  let size: number;
  try {
    size = statSync(options.file).size;
    if (size > 0) summary.format = firstChar(options.file) === "[" ? "json" : "ndjson";
  } catch {
    return { ok: false, message: `file not found: ${options.file}`, partial: summary };
  }
  const seen = new Map<string, number>();
  let batch: CatalogItem[] = [];
  const reject = (issue: CatalogImportIssue) => {
    summary.rejected++;
    options.onIssue?.(issue);
  };
  const flush = async () => {
    if (batch.length === 0) return;
    const stored = await store.catalog.upsertItems(batch);
    summary.inserted += stored.inserted;
    summary.updated += stored.updated;
    batch = [];
  };
  const take = async (value: unknown, at: number, where: "line" | "index") => {
    summary.read++;
    const problem = jsonProblem(value);
    // The message names the path already.
    if (problem) return reject({ at, where, path: "", message: problem.message });
    const parsed = CatalogItem.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue?.path.map(String).join(".") ?? "";
      return reject({ at, where, path, message: issue?.message ?? "not a catalogue item" });
    }
    const first = seen.get(parsed.data.id);
    if (first !== undefined) {
      return reject({
        at,
        where,
        path: "id",
        message: `duplicate id "${parsed.data.id}" (first at ${where} ${first}); a file holds each id once`,
      });
    }
    seen.set(parsed.data.id, at);
    batch.push(parsed.data);
    if (batch.length >= batchSize) await flush();
  };

  try {
    if (summary.format === "json") {
      if (size > MAX_JSON_ARRAY_BYTES) {
        return {
          ok: false,
          message: `${options.file} is over 256 MB: give large catalogues as NDJSON (one item per line)`,
          partial: summary,
        };
      }
      let items: unknown;
      try {
        items = JSON.parse(readFileSync(options.file, "utf8").replace(/^\uFEFF/, ""));
      } catch (error) {
        return {
          ok: false,
          message: `${options.file} is not valid JSON: ${(error as Error).message}`,
          partial: summary,
        };
      }
      if (!Array.isArray(items))
        return {
          ok: false,
          message: `${options.file}: a JSON array of items is expected`,
          partial: summary,
        };
      for (const [index, value] of items.entries()) {
        await take(value, index, "index");
        options.onProgress?.(index + 1, items.length);
      }
    } else {
      const lines = createInterface({
        input: createReadStream(options.file, { encoding: "utf8" }),
        crlfDelay: Infinity,
      });
      let line = 0;
      let bytes = 0;
      for await (const raw of lines) {
        line++;
        bytes += Buffer.byteLength(raw) + 1;
        const text = (line === 1 ? raw.replace(/^\uFEFF/, "") : raw).trim();
        if (text === "") continue;
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch (error) {
          summary.read++;
          reject({
            at: line,
            where: "line",
            path: "",
            message: `not valid JSON: ${(error as Error).message}`,
          });
          continue;
        }
        await take(value, line, "line");
        options.onProgress?.(Math.min(bytes, size), size);
      }
    }
    await flush();
  } catch (error) {
    return {
      ok: false,
      message: `database failure: ${error instanceof Error ? error.message : String(error)}`,
      partial: summary,
    };
  }
  return { ok: true, value: summary };
}

export function formatCatalogIssue(issue: CatalogImportIssue): string {
  return `${issue.where} ${issue.at}: ${issue.path ? `${issue.path}: ` : ""}${issue.message}`;
}

export function formatCatalogSummary(s: CatalogImportSummary): string {
  const stored = s.inserted + s.updated;
  return (
    `catalog import: ${s.read} ${s.format === "json" ? "items" : "lines"} read, ${stored} stored ` +
    `(${s.inserted} new, ${s.updated} replaced), ${s.rejected} rejected`
  );
}
