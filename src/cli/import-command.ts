import type { Command } from "commander";
import type { CountryCode } from "libphonenumber-js";
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { formatImportSummary, importFile, type ImportStore } from "../import/import-file.js";
import { ImportMapping, parseImportMapping } from "../import/import-mapping.js";
import type { ImportFormat } from "../import/import-pipeline.js";
import { importPresets } from "../import/till-receipts-preset.js";
import { configOf, withStore } from "./cli-context.js";
import { progressBar } from "./progress-bar.js";

export interface ImportCommandOptions {
  source: string;
  format?: string;
  mapping?: string;
  preset?: string;
  errors?: string;
  dryRun?: boolean;
  delimiter?: string;
  decimalComma?: boolean;
  encoding?: string;
  batchSize?: string;
  progress?: boolean;
}

/** Exit codes: every line imported, some lines rejected (the rest stored), nothing done. */
export const ImportExit = { ok: 0, fatal: 1, someRejected: 2 } as const;

class ImportUsageError extends Error {}

const DELIMITERS: Record<string, ImportMapping["csv"]["delimiter"]> = {
  ",": ",",
  ";": ";",
  tab: "\t",
  "\\t": "\t",
  "\t": "\t",
  "|": "|",
  auto: "auto",
};

function formatOf(file: string, opts: ImportCommandOptions): ImportFormat {
  if (opts.format !== undefined) {
    if (opts.format === "csv" || opts.format === "ndjson") return opts.format;
    throw new ImportUsageError(`--format must be csv or ndjson, not "${opts.format}"`);
  }
  if (opts.mapping || opts.preset) return "csv";
  const ext = extname(file).toLowerCase();
  if (ext === ".csv" || ext === ".tsv" || ext === ".txt") return "csv";
  if (ext === ".ndjson" || ext === ".jsonl" || ext === ".json") return "ndjson";
  throw new ImportUsageError(
    `cannot tell the format of ${file} from its name: give --format csv or --format ndjson`,
  );
}

function mappingOf(opts: ImportCommandOptions): ImportMapping | undefined {
  if (opts.mapping && opts.preset)
    throw new ImportUsageError("give either --mapping or --preset, not both");
  let mapping: ImportMapping | undefined;
  if (opts.preset) {
    const preset = importPresets[opts.preset];
    if (!preset)
      throw new ImportUsageError(
        `no preset "${opts.preset}" (presets: ${Object.keys(importPresets).join(", ")})`,
      );
    mapping = ImportMapping.parse(preset);
  } else if (opts.mapping) {
    let text: string;
    try {
      text = readFileSync(opts.mapping, "utf8");
    } catch {
      throw new ImportUsageError(`mapping file not found: ${opts.mapping}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new ImportUsageError(
        `${opts.mapping} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const parsed = parseImportMapping(json);
    if (!parsed.ok) throw new ImportUsageError(`${opts.mapping}: ${parsed.error.message}`);
    mapping = parsed.value;
  }
  if (!mapping) return undefined;
  const csv = { ...mapping.csv };
  if (opts.delimiter !== undefined) {
    const d = DELIMITERS[opts.delimiter];
    if (!d) throw new ImportUsageError(`--delimiter must be one of , ; tab | auto`);
    csv.delimiter = d;
  }
  if (opts.decimalComma) csv.decimalComma = true;
  if (opts.encoding !== undefined) {
    const e = opts.encoding
      .toLowerCase()
      .replace(/^utf8$/, "utf-8")
      .replace(/^(cp1252|latin1)$/, "windows-1252");
    if (e !== "utf-8" && e !== "windows-1252")
      throw new ImportUsageError("--encoding must be utf-8 or windows-1252");
    csv.encoding = e;
  }
  return { ...mapping, csv };
}

/**
 * The import command without commander: checks the options, imports, prints the summary to
 * stderr and returns the exit code. Tests call it in-process with their store.
 */
export async function runImportCommand(
  file: string,
  opts: ImportCommandOptions,
  deps: { store: ImportStore; phoneRegion: CountryCode; stderr?: (text: string) => void },
): Promise<number> {
  const stderr = deps.stderr ?? ((text: string) => process.stderr.write(`${text}\n`));
  let format: ImportFormat;
  let mapping: ImportMapping | undefined;
  try {
    format = formatOf(file, opts);
    mapping = mappingOf(opts);
    if (format === "csv" && !mapping)
      throw new ImportUsageError("a CSV import needs --mapping FILE or --preset till-receipts");
    if (format === "ndjson" && mapping)
      throw new ImportUsageError(
        "--mapping and --preset are for CSV files; NDJSON lines are tracking calls already",
      );
  } catch (error) {
    if (error instanceof ImportUsageError) {
      stderr(`cxloop import: ${error.message}`);
      return ImportExit.fatal;
    }
    throw error;
  }
  const batchSize = opts.batchSize === undefined ? 1000 : Number(opts.batchSize);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    stderr("cxloop import: --batch-size must be a whole number from 1 to 10000");
    return ImportExit.fatal;
  }
  const bar = opts.progress === false ? undefined : progressBar(`import ${file}`);
  let result;
  try {
    result = await importFile(deps.store, {
      file,
      sourceId: opts.source,
      format,
      mapping,
      errorsFile: opts.errors,
      dryRun: opts.dryRun ?? false,
      batchSize,
      phoneRegion: deps.phoneRegion,
      onProgress: bar ? (done, total) => bar.update(done, total, "bytes") : undefined,
    });
  } finally {
    bar?.stop();
  }
  if (!result.ok) {
    stderr(`cxloop import: ${result.error.message}`);
    return ImportExit.fatal;
  }
  stderr(formatImportSummary(result.value, opts.errors));
  return result.value.rejected > 0 ? ImportExit.someRejected : ImportExit.ok;
}

export function registerImportCommand(program: Command): void {
  program
    .command("import")
    .description(
      "import events from a CSV or NDJSON file; re-importing a file stores nothing twice",
    )
    .argument("<file>", "the file: NDJSON (one tracking call per line) or CSV with a mapping")
    .requiredOption(
      "--source <sourceId>",
      "the source the events come from (its brand and channel)",
    )
    .option("--format <format>", "csv or ndjson (default: from the file name)")
    .option("--mapping <file>", "JSON mapping of CSV columns to events (see src/import/README.md)")
    .option("--preset <name>", "a built-in mapping: till-receipts")
    .option(
      "--errors <file>",
      "write every rejected line (line, column, message) to this NDJSON file",
    )
    .option("--dry-run", "read and check everything, store nothing")
    .option("--delimiter <char>", "CSV delimiter , ; tab | or auto (overrides the mapping)")
    .option("--decimal-comma", "CSV numbers are written 12,50 (overrides the mapping)")
    .option("--encoding <name>", "CSV encoding utf-8 or windows-1252 (overrides the mapping)")
    .option("--batch-size <n>", "events per database transaction", "1000")
    .option("--no-progress", "no progress bar")
    .addHelpText(
      "after",
      "\nExit code: 0 all lines imported, 2 some lines rejected (the valid ones are stored), 1 nothing imported (a fatal error).",
    )
    .action(async (file: string, opts: ImportCommandOptions, cmd: Command) => {
      const config = configOf(cmd);
      process.exitCode = await withStore(cmd, (store) =>
        runImportCommand(file, opts, { store, phoneRegion: config.phoneRegion }),
      );
    });
}
