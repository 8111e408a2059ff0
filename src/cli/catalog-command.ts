import type { Command } from "commander";
import { createWriteStream } from "node:fs";
import {
  formatCatalogIssue,
  formatCatalogSummary,
  importCatalogFile,
} from "../catalog/import-catalog-file.js";
import type { Store } from "../storage/store.js";
import { withStore } from "./cli-context.js";
import { progressBar } from "./progress-bar.js";

/** Exit codes as `cxloop import`: every item stored, some lines rejected, a failure. */
export const CatalogImportExit = { ok: 0, fatal: 1, someRejected: 2 } as const;

/** Rejected lines printed to stderr; the rest only with --errors. */
const SHOWN_ISSUES = 20;

export interface CatalogImportCommandOptions {
  errors?: string;
  batchSize?: string;
  progress?: boolean;
}

/** The catalog import without commander: imports, reports, returns the exit code. */
export async function runCatalogImport(
  file: string,
  opts: CatalogImportCommandOptions,
  deps: { store: Pick<Store, "catalog">; stderr?: (text: string) => void },
): Promise<number> {
  const stderr = deps.stderr ?? ((text: string) => process.stderr.write(`${text}\n`));
  const batchSize = opts.batchSize === undefined ? 1000 : Number(opts.batchSize);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1000) {
    stderr("cxloop catalog import: --batch-size must be a whole number from 1 to 1000");
    return CatalogImportExit.fatal;
  }
  if (opts.errors !== undefined && opts.errors === file) {
    stderr("cxloop catalog import: --errors must not be the input file");
    return CatalogImportExit.fatal;
  }
  const errors = opts.errors ? createWriteStream(opts.errors) : undefined;
  const bar = opts.progress === false ? undefined : progressBar(`catalog import ${file}`);
  let shown = 0;
  let result;
  try {
    result = await importCatalogFile(deps.store, {
      file,
      batchSize,
      onProgress: bar ? (done, total) => bar.update(done, total) : undefined,
      onIssue: (issue) => {
        errors?.write(`${JSON.stringify(issue)}\n`);
        if (shown++ < SHOWN_ISSUES) stderr(formatCatalogIssue(issue));
      },
    });
  } finally {
    bar?.stop();
    if (errors) await new Promise<void>((resolve) => errors.end(resolve));
  }
  if (shown > SHOWN_ISSUES) {
    stderr(
      `… and ${shown - SHOWN_ISSUES} more rejected${opts.errors ? ` (all in ${opts.errors})` : " (give --errors FILE for all)"}`,
    );
  }
  if (!result.ok) {
    stderr(`cxloop catalog import: ${result.message}`);
    stderr(`${formatCatalogSummary(result.partial)} before the failure`);
    return CatalogImportExit.fatal;
  }
  stderr(formatCatalogSummary(result.value));
  return result.value.rejected > 0 ? CatalogImportExit.someRejected : CatalogImportExit.ok;
}

export function registerCatalogCommand(program: Command): void {
  const catalog = program
    .command("catalog")
    .description("catalogues (products, recipes, articles) and what customers combine");
  catalog
    .command("import")
    .description("insert or replace catalogue items from a JSON array or an NDJSON file")
    .argument("<file>", "a JSON array of items, or NDJSON with one item per line")
    .option(
      "--errors <file>",
      "write every rejected line (line, path, message) to this NDJSON file",
    )
    .option("--batch-size <n>", "items per database transaction (at most 1000)", "1000")
    .option("--no-progress", "no progress bar")
    .addHelpText(
      "after",
      "\nA bad line is reported and skipped; an id seen earlier in the file is a bad line.\n" +
        "Exit code: 0 all items stored, 2 some lines rejected (the valid ones are stored), 1 a failure (file unreadable, database error).",
    )
    .action(async (file: string, opts: CatalogImportCommandOptions, cmd: Command) => {
      process.exitCode = await withStore(cmd, (store) => runCatalogImport(file, opts, { store }));
    });
  catalog
    .command("learn")
    .description(
      "rebuild what customers combine (bought product → used recipe or article) from the stored events",
    )
    .action(async (_opts: unknown, cmd: Command) => {
      const learned = await withStore(cmd, (store) => store.catalog.learnPairs());
      console.log(`learnt ${learned.pairs} pairs for ${learned.contexts} products`);
    });
}
