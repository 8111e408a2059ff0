import type { Command } from "commander";
import { JourneyRunner } from "../journeys/journey-runner.js";
import { withStore } from "./cli-context.js";
import { readJsonFile } from "./read-json-file.js";
import { z } from "zod";
import { parseJourney, type JourneyDefinition } from "../core/journeys/journey-definition.js";
import { checkJourneySegments } from "../segments/check-journey-segments.js";
import { simulateJourney } from "../core/journeys/simulate-journey.js";

const Script = z.object({
  customers: z.array(
    z.object({
      id: z.string().min(1),
      traits: z.record(z.string(), z.unknown()).optional(),
      consents: z
        .array(
          z.string().regex(/^[a-z0-9-]+\/(email_marketing|cross_brand_personalisation|analytics)$/),
        )
        .optional(),
      timeZone: z.string().optional(),
      segments: z.array(z.string().min(1)).optional(),
    }),
  ),
  events: z.array(
    z.object({
      at: z.iso.datetime({ offset: true }),
      customerId: z.string().min(1),
      name: z.string().min(1),
      properties: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
  until: z.iso.datetime({ offset: true }).optional(),
});

function loadJourney(file: string): JourneyDefinition {
  const parsed = parseJourney(readJsonFile(file, "journey file"));
  if (!parsed.ok) throw new Error(`journey ${file}: ${parsed.error.message}`);
  return parsed.value;
}

export function registerJourneysCommand(program: Command): void {
  const journeys = program
    .command("journeys")
    .description("journeys: check, simulate, save, publish, test and follow them");
  journeys
    .command("validate")
    .description("check a journey definition file: schema, step graph, loops without waits")
    .argument("<file>", "journey definition (JSON)")
    .action((file: string) => {
      const def = loadJourney(file);
      console.log(
        `${def.id} v${def.version} "${def.name}": ${Object.keys(def.steps).length} steps, valid`,
      );
    });
  journeys
    .command("simulate")
    .description("run a journey against scripted events on a virtual clock: who gets what, when")
    .argument("<file>", "journey definition (JSON)")
    .requiredOption("--script <file>", "customers and events (JSON; see examples/journeys)")
    .option("--time-zone <zone>", "time zone for the printed times", "Europe/Zurich")
    .action((file: string, opts: { script: string; timeZone: string }) => {
      const def = loadJourney(file);
      const parsed = Script.safeParse(readJsonFile(opts.script, "script file"));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Error(`script ${opts.script}: ${issue?.path.join(".")}: ${issue?.message}`);
      }
      const script = parsed.data;
      const events = script.events.map((e) => ({ ...e, at: Date.parse(e.at) }));
      const until = script.until
        ? Date.parse(script.until)
        : Math.max(0, ...events.map((e) => e.at)) + 30 * 86_400_000;
      const log = simulateJourney(
        def,
        script.customers as Parameters<typeof simulateJourney>[1],
        events,
        until,
      );
      const time = new Intl.DateTimeFormat("de-CH", {
        timeZone: opts.timeZone,
        dateStyle: "short",
        timeStyle: "short",
      });
      for (const entry of log) {
        console.log(
          `${time.format(entry.at)}  ${entry.customerId.padEnd(12)} ${entry.what.padEnd(12)} ${entry.detail}`,
        );
      }
      const sends = log.filter((e) => e.what === "send").length;
      console.log(
        `${log.filter((e) => e.what === "entered").length} entered, ${sends} message${sends === 1 ? "" : "s"}`,
      );
    });
  journeys
    .command("push")
    .description("save a journey definition file as the journey's next version (a draft)")
    .argument("<file>", "journey definition (JSON)")
    .option("--publish", "publish the new version right away", false)
    .option(
      "--in-flight <policy>",
      "customers inside an older version: finish_on_old, move_to_new or exit",
      "finish_on_old",
    )
    .action(async (file: string, opts: { publish: boolean; inFlight: string }, cmd: Command) => {
      const def = loadJourney(file);
      const inFlight = InFlight.safeParse(opts.inFlight);
      if (!inFlight.success)
        throw new Error("--in-flight must be finish_on_old, move_to_new or exit");
      await withStore(cmd, async (store) => {
        await checkJourneySegments(def, store);
        const version = await store.journeys.saveVersion(def, "cli");
        console.log(`${def.id}: saved version ${version}`);
        if (opts.publish) {
          const runs = await store.journeys.setStatus(
            def.id,
            "published",
            version,
            Date.now(),
            inFlight.data,
          );
          console.log(
            `${def.id}: version ${version} published (${runs.moved} runs moved, ${runs.exited} exited)`,
          );
        }
      });
    });
  journeys
    .command("status")
    .description("publish a version, pause, archive or reopen a journey as a draft")
    .argument("<id>", "journey id")
    .argument("<status>", "published, paused, archived or draft")
    .option("--version <n>", "the version to publish (default: the newest)")
    .option("--in-flight <policy>", "finish_on_old, move_to_new or exit", "finish_on_old")
    .action(
      async (
        id: string,
        status: string,
        opts: { version?: string; inFlight: string },
        cmd: Command,
      ) => {
        const parsedStatus = z.enum(["published", "paused", "archived", "draft"]).safeParse(status);
        if (!parsedStatus.success)
          throw new Error("status must be published, paused, archived or draft");
        const inFlight = InFlight.safeParse(opts.inFlight);
        if (!inFlight.success)
          throw new Error("--in-flight must be finish_on_old, move_to_new or exit");
        await withStore(cmd, async (store) => {
          const journey = (await store.journeys.list()).find((j) => j.id === id);
          if (!journey) throw new Error(`no journey "${id}"`);
          const version =
            opts.version !== undefined ? Number(opts.version) : journey.versions.at(-1)?.version;
          const runs = await store.journeys.setStatus(
            id,
            parsedStatus.data,
            version,
            Date.now(),
            inFlight.data,
          );
          console.log(
            `${id}: ${parsedStatus.data}${parsedStatus.data === "published" ? ` v${version}` : ""} (${runs.moved} runs moved, ${runs.exited} exited)`,
          );
        });
      },
    );
  journeys
    .command("list")
    .description("journeys with their status and live counts")
    .action(async (_opts: unknown, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const list = await store.journeys.list();
        if (list.length === 0) console.log("no journeys");
        for (const j of list) {
          const stats = await store.journeys.stats(j.id);
          const sent = Object.values(stats.steps).reduce((n, s) => n + s.sent, 0);
          const t = stats.totals;
          console.log(
            `${j.id.padEnd(24)} ${j.status.padEnd(10)} v${j.publishedVersion ?? "-"}  entered ${t.entered}  waiting ${t.waiting}  sent ${sent}  converted ${t.converted}  exited ${t.exited}  "${j.name}"`,
          );
        }
      });
    });
  journeys
    .command("test")
    .description(
      "test mode: send one customer through the published journey now (waits of 5 s, real messages; a running worker delivers them)",
    )
    .argument("<id>", "journey id")
    .requiredOption("--customer <id>", "the customer's profile id")
    .option("--event <file>", "JSON {name, properties, brandId} standing in for the entry event")
    .action(async (id: string, opts: { customer: string; event?: string }, cmd: Command) => {
      const trigger = opts.event
        ? TestEvent.safeParse(readJsonFile(opts.event, "event file"))
        : undefined;
      if (trigger && !trigger.success)
        throw new Error(`event ${opts.event}: ${trigger.error.issues[0]?.message ?? "invalid"}`);
      await withStore(cmd, async (store) => {
        const run = await new JourneyRunner(store).startTest(
          id,
          opts.customer,
          trigger?.success ? { ...trigger.data, timestamp: Date.now() } : null,
        );
        console.log(`test run ${run.id}: ${run.status} at step ${run.stepId}`);
      });
    });
}

const InFlight = z.enum(["finish_on_old", "move_to_new", "exit"]);
const TestEvent = z.strictObject({
  name: z.string().min(1).max(200),
  properties: z.record(z.string(), z.unknown()).default({}),
  brandId: z.string().min(1).max(64).optional(),
});
