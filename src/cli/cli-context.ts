import type { Command } from "commander";
import { loadConfig, type Config } from "../config.js";
import { openStore, type Store } from "../storage/store.js";

/** The config for a command: environment, then the global --db flag. */
export function configOf(
  command: Command,
  overrides: Partial<Record<keyof Config, unknown>> = {},
): Config {
  const globals = command.optsWithGlobals<{ db?: string }>();
  return loadConfig(process.env, { databaseUrl: globals.db, ...overrides });
}

/** Runs `work` with an open store and always closes it. */
export async function withStore<T>(
  command: Command,
  work: (store: Store, config: Config) => Promise<T>,
): Promise<T> {
  const config = configOf(command);
  const store = await openStore(config.databaseUrl, { identityLimits: config.identityLimits });
  try {
    return await work(store, config);
  } finally {
    await store.close();
  }
}
