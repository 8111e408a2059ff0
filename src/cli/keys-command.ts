import type { Command } from "commander";
import { withStore } from "./cli-context.js";

export function registerKeysCommand(program: Command): void {
  const keys = program.command("keys").description("create, list and revoke write keys of sources");
  keys
    .command("create")
    .description("create a write key for a source; the key is printed once")
    .requiredOption("--source <id>", "source id")
    .action(async (opts: { source: string }, cmd: Command) =>
      withStore(cmd, async (store) => {
        const { key, info } = await store.sources.createWriteKey(opts.source);
        console.log(`write key for ${info.sourceId} (id ${info.id}):\n${key}`);
      }),
    );
  keys
    .command("list")
    .description("list write keys (prefixes only; keys are stored hashed)")
    .option("--source <id>", "only this source")
    .action(async (opts: { source?: string }, cmd: Command) =>
      withStore(cmd, async (store) => {
        for (const k of await store.sources.listWriteKeys(opts.source)) {
          const state = k.revokedAt ? `revoked ${new Date(k.revokedAt).toISOString()}` : "active";
          console.log(`${k.id}\t${k.sourceId}\t${k.prefix}…\t${state}`);
        }
      }),
    );
  keys
    .command("revoke")
    .description("revoke a write key")
    .argument("<id>", "write key id (from keys list)")
    .action(async (id: string, _opts: unknown, cmd: Command) =>
      withStore(cmd, async (store) => {
        const k = await store.sources.revokeWriteKey(id);
        console.log(`revoked ${k.id} of ${k.sourceId}`);
      }),
    );
}
