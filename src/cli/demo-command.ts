import type { Command } from "commander";
import { FIXED_DEMO_CUSTOMERS, formatLoyaltyCard } from "../demo/demo-customers.js";
import {
  DEMO_DEFAULTS,
  demoWorldLoaded,
  loadDemoWorld,
  type DemoWorldSummary,
  type LoadDemoOptions,
} from "../demo/load-demo-world.js";
import type { Store } from "../storage/store.js";
import { withStore } from "./cli-context.js";
import { progressBar } from "./progress-bar.js";

export interface DemoCommandOptions {
  customers?: string;
  days?: string;
  seed?: string;
}

/** The database already holds the demo world: loading it again would clash. */
export class DemoAlreadyLoaded extends Error {
  constructor() {
    super(
      "the demo world is already loaded in this database; use another database for a fresh one, e.g. `cxloop --db ./demo.db demo`",
    );
    this.name = "DemoAlreadyLoaded";
  }
}

function wholeNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value.trim()))
    throw new Error(`${flag} must be a whole number, not "${value}"`);
  return Number(value);
}

const int = (n: number) => n.toLocaleString("de-CH");
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The summary as the terminal shows it: the world, the login, the write keys (shown once). */
export function formatDemoSummary(s: DemoWorldSummary, seconds: number): string[] {
  const lines = [
    `Demo world "${s.organisation}" loaded in ${seconds.toFixed(1)} s (seed ${s.seed}).`,
    `  Brands:    ${s.brands.map((b) => `${b.name} (${b.id})`).join(", ")}`,
    `  Customers: ${int(s.customers)} and ${int(s.anonymousProfiles)} anonymous visitors → ${int(s.profiles)} profiles after ${int(s.merges)} merges`,
    `  Events:    ${int(s.events)} from ${day(s.from)} to ${day(s.to)} on ${Object.keys(s.eventsByChannel).length} channels`,
    `             ${Object.entries(s.eventsByChannel)
      .sort((a, b) => b[1] - a[1])
      .map(([channel, n]) => `${channel} ${int(n)}`)
      .join(" · ")}`,
    `  Catalogue: ${int(s.catalogue.items)} wines and recipes; ${int(s.catalogue.pairs)} pairs that customers combine`,
    `  Journeys:  ${s.journeys.join(", ")} (published; rules: at most 2 marketing emails a week, quiet 21:00–08:00)`,
    `  Segments:  ${s.segments.map((g) => `${g.id} (${int(g.members)})`).join(", ")}`,
    ...(s.showcase
      ? [
          `  Seed 000:  ${s.showcase.customer} runs through "${s.showcase.journeyId}" in test mode: the wine club's email`,
          "             is in the outbox (web app → Outbox, or at SMTP_URL) a few seconds after the server starts",
        ]
      : []),
    "",
    "Well-known customers:",
    ...FIXED_DEMO_CUSTOMERS.filter((c) => s.fixedCustomers.some((f) => f.email === c.email)).map(
      (c) =>
        `  ${`${c.firstName} ${c.lastName}`.padEnd(15)} ${c.email.padEnd(27)} Korbkarte ${formatLoyaltyCard(c.loyaltyCard)}  ${c.story}`,
    ),
    "",
    "Log in with:",
    ...s.users.map((u) => `  ${u.email.padEnd(22)} password ${u.password}  (${u.role})`),
    "",
    "Write keys of the sources (shown once; only their hashes are stored):",
    ...s.sources.map((src) => `  ${src.id.padEnd(22)} ${src.channel.padEnd(16)} ${src.writeKey}`),
  ];
  return lines;
}

/**
 * `cxloop demo`: loads the demo world into the database, or refuses (DemoAlreadyLoaded) when
 * it is there already. Returns the summary and how long loading took.
 */
export async function runDemoCommand(
  store: Store,
  opts: DemoCommandOptions,
  onProgress?: LoadDemoOptions["onProgress"],
): Promise<{ summary: DemoWorldSummary; seconds: number }> {
  const options: LoadDemoOptions = {
    customers: wholeNumber("--customers", opts.customers),
    days: wholeNumber("--days", opts.days),
    seed: wholeNumber("--seed", opts.seed),
    onProgress,
  };
  if (await demoWorldLoaded(store)) throw new DemoAlreadyLoaded();
  const started = Date.now();
  const summary = await loadDemoWorld(store, options);
  return { summary, seconds: (Date.now() - started) / 1000 };
}

export function registerDemoCommand(program: Command): void {
  program
    .command("demo")
    .description(
      "load the demo world: a Swiss retail group with four brands, its customers and five months of their touchpoints",
    )
    .option("--customers <n>", `number of customers (default ${DEMO_DEFAULTS.customers})`)
    .option("--days <d>", `days of history, ending now (default ${DEMO_DEFAULTS.days})`)
    .option(
      "--seed <s>",
      `random seed; the same seed builds the same world (default ${DEMO_DEFAULTS.seed})`,
    )
    .action(async (opts: DemoCommandOptions, cmd: Command) =>
      withStore(cmd, async (store) => {
        const bar = progressBar("demo");
        let result: Awaited<ReturnType<typeof runDemoCommand>>;
        try {
          result = await runDemoCommand(store, opts, (done, total, step) =>
            bar.update(done, total, step),
          );
        } finally {
          bar.stop();
        }
        for (const line of formatDemoSummary(result.summary, result.seconds)) console.log(line);
      }),
    );
}
