import type { Command } from "commander";
// PLACEHOLDER: being replaced by the demo-world work.
export function registerDemoCommand(program: Command): void {
  program.command("demo").description("load the demo world into the database");
}
