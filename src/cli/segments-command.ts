import { randomUUID } from "node:crypto";
import type { Command } from "commander";
import { parseSegment, type SegmentDefinition } from "../core/segments/segment-definition.js";
import { journeysNaming } from "../segments/check-journey-segments.js";
import { SegmentKeeper } from "../segments/segment-keeper.js";
import { withStore } from "./cli-context.js";
import { progressBar } from "./progress-bar.js";
import { readJsonFile } from "./read-json-file.js";

function loadSegment(file: string): SegmentDefinition {
  const parsed = parseSegment(readJsonFile(file, "segment file"));
  if (!parsed.ok) throw new Error(`segment ${file}: ${parsed.error.message}`);
  return parsed.value;
}

const when = (ms: number | null) => (ms === null ? "not built yet" : new Date(ms).toISOString());

export function registerSegmentsCommand(program: Command): void {
  const segments = program
    .command("segments")
    .description("segments: customers defined by a rule, kept up to date");
  const keeperOf = (store: Parameters<Parameters<typeof withStore>[1]>[0]) => {
    const bar = progressBar("building");
    return {
      keeper: new SegmentKeeper(store, {
        owner: `cli-${randomUUID()}`,
        onProgress: (done, total, id) => bar.update(done, total, id),
      }),
      bar,
    };
  };
  segments
    .command("list")
    .description("every segment with its member count")
    .action(async (_opts: unknown, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const all = await store.segments.list();
        if (all.length === 0) console.log("no segments yet: cxloop segments push <file>");
        for (const s of all)
          console.log(
            `${s.definition.id.padEnd(28)} ${String(s.members).padStart(8)}  ${s.definition.name} (built ${when(s.builtAt)})`,
          );
      });
    });
  segments
    .command("validate")
    .description("check a segment definition file")
    .argument("<file>", "segment definition (JSON)")
    .action((file: string) => {
      const s = loadSegment(file);
      console.log(`${s.id}: valid (${s.rule.conditions.length} conditions)`);
    });
  segments
    .command("preview")
    .description("how many customers a segment file's rule holds now, without saving it")
    .argument("<file>", "segment definition (JSON)")
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      const s = loadSegment(file);
      await withStore(cmd, async (store) => {
        const { keeper } = keeperOf(store);
        const p = await keeper.preview(s, Date.now(), Number.MAX_SAFE_INTEGER);
        console.log(`${s.id}: ${p.matched} of ${p.total} customers`);
      });
    });
  segments
    .command("push")
    .description("save a segment definition file (create or replace) and build it")
    .argument("<file>", "segment definition (JSON)")
    .option("--no-build", "leave the build to the worker")
    .action(async (file: string, opts: { build: boolean }, cmd: Command) => {
      const s = loadSegment(file);
      await withStore(cmd, async (store) => {
        const saved = await store.segments.save(s, "cli", Date.now());
        console.log(
          `${s.id}: ${saved.created ? "created" : saved.ruleChanged ? "rule changed" : "saved, rule unchanged"}`,
        );
        if (opts.build && saved.ruleChanged) {
          const { keeper, bar } = keeperOf(store);
          const changes = await keeper.build(s.id);
          bar.stop();
          const stored = await store.segments.get(s.id);
          console.log(`${s.id}: built, ${stored?.members ?? 0} members (${changes} changes)`);
        }
      });
    });
  segments
    .command("build")
    .description("compute a segment for every customer now")
    .argument("<id>", "segment id")
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const { keeper, bar } = keeperOf(store);
        const changes = await keeper.build(id);
        bar.stop();
        console.log(
          `${id}: ${(await store.segments.get(id))?.members ?? 0} members (${changes} changes)`,
        );
      });
    });
  segments
    .command("members")
    .description("a segment's members, newest first")
    .argument("<id>", "segment id")
    .option("--limit <n>", "how many", "50")
    .action(async (id: string, opts: { limit: string }, cmd: Command) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
        throw new Error("--limit must be a whole number from 1 to 10000");
      await withStore(cmd, async (store) => {
        const stored = await store.segments.get(id);
        if (!stored) throw new Error(`no segment "${id}"`);
        console.log(`${stored.definition.name}: ${stored.members} members`);
        for (const m of await store.segments.members(id, { limit, offset: 0 }))
          console.log(`${m.profileId}  ${m.displayName ?? ""}  since ${when(m.enteredAt)}`);
      });
    });
  segments
    .command("delete")
    .description("delete a segment with its members and history")
    .argument("<id>", "segment id")
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const naming = await journeysNaming(store, id);
        if (naming.length > 0)
          throw new Error(
            `segment "${id}" is used by journey ${naming.join(", ")}: change those first`,
          );
        if (!(await store.segments.remove(id))) throw new Error(`no segment "${id}"`);
        console.log(`${id}: deleted`);
      });
    });
}
