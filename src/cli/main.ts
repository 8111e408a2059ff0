import { Command } from "commander";
import { version } from "../version.js";
import { registerCatalogCommand } from "./catalog-command.js";
import { registerDemoCommand } from "./demo-command.js";
import { registerImportCommand } from "./import-command.js";
import { registerJourneysCommand } from "./journeys-command.js";
import { registerMessagesCommand } from "./messages-command.js";
import { registerKeysCommand } from "./keys-command.js";
import { registerSegmentsCommand } from "./segments-command.js";
import { registerServeCommand } from "./serve-command.js";
import { registerSourcesCommand } from "./sources-command.js";
import { registerUsersCommand } from "./users-command.js";
import { registerWorkerCommand } from "./worker-command.js";

const program = new Command()
  .name("cxloop")
  .description("cxloop: customer journey & experience platform")
  .version(version)
  .option("--db <url>", "database: a SQLite file path or a postgres:// URL (env DATABASE_URL)")
  .showHelpAfterError();

registerServeCommand(program);
registerImportCommand(program);
registerKeysCommand(program);
registerSourcesCommand(program);
registerUsersCommand(program);
registerDemoCommand(program);
registerJourneysCommand(program);
registerMessagesCommand(program);
registerWorkerCommand(program);
registerCatalogCommand(program);
registerSegmentsCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`cxloop: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
