import type { Command } from "commander";
import { readFileSync } from "node:fs";
import { z } from "zod";
import { parseJourney, type JourneyDefinition } from "../core/journeys/journey-definition.js";
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

function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new Error(`${what} not found: ${file}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${what} ${file} is not valid JSON: ${(error as Error).message}`);
  }
}

function loadJourney(file: string): JourneyDefinition {
  const parsed = parseJourney(readJsonFile(file, "journey file"));
  if (!parsed.ok) throw new Error(`journey ${file}: ${parsed.error.message}`);
  return parsed.value;
}

export function registerJourneysCommand(program: Command): void {
  const journeys = program
    .command("journeys")
    .description("check and simulate journey definitions");
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
}
