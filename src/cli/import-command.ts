import type { Command } from "commander";
// PLACEHOLDER: being replaced by the importer work.
export function registerImportCommand(program: Command): void {
  program.command("import").description("import events from a CSV or NDJSON file");
}
