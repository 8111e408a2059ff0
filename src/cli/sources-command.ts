import type { Command } from "commander";
import { Channel } from "../core/sources/channel.js";
import { Slug } from "../core/sources/source.js";
import { withStore } from "./cli-context.js";

export function registerSourcesCommand(program: Command): void {
  const brands = program.command("brands").description("manage brands");
  brands
    .command("create")
    .requiredOption("--id <id>", "brand id (lowercase, digits, dashes)")
    .requiredOption("--name <name>", "display name")
    .action(async (opts: { id: string; name: string }, cmd: Command) =>
      withStore(cmd, async (store) => {
        const b = await store.sources.createBrand({ id: Slug.parse(opts.id), name: opts.name });
        console.log(`brand ${b.id} created`);
      }),
    );
  brands.command("list").action(async (_o: unknown, cmd: Command) =>
    withStore(cmd, async (store) => {
      for (const b of await store.sources.listBrands()) console.log(`${b.id}\t${b.name}`);
    }),
  );
  const sources = program.command("sources").description("manage sources (where events come from)");
  sources
    .command("create")
    .requiredOption("--id <id>", "source id")
    .requiredOption("--name <name>", "display name")
    .requiredOption("--brand <id>", "brand id")
    .requiredOption("--channel <channel>", `one of: ${Channel.options.join(", ")}`)
    .option(
      "--trusted",
      "keep the source's own timestamps (e.g. a till's end-of-day upload)",
      false,
    )
    .action(
      async (
        opts: { id: string; name: string; brand: string; channel: string; trusted: boolean },
        cmd: Command,
      ) =>
        withStore(cmd, async (store) => {
          const channel = Channel.safeParse(opts.channel);
          if (!channel.success)
            throw new Error(`--channel must be one of: ${Channel.options.join(", ")}`);
          const s = await store.sources.createSource({
            id: Slug.parse(opts.id),
            name: opts.name,
            brandId: opts.brand,
            channel: channel.data,
            trusted: opts.trusted,
          });
          console.log(`source ${s.id} created (brand ${s.brandId}, channel ${s.channel})`);
        }),
    );
  sources.command("list").action(async (_o: unknown, cmd: Command) =>
    withStore(cmd, async (store) => {
      for (const s of await store.sources.listSources()) {
        console.log(
          `${s.id}\t${s.brandId}\t${s.channel}${s.trusted ? "\ttrusted" : ""}\t${s.name}`,
        );
      }
    }),
  );
}
