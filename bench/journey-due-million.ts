/**
 * Many customers waiting, all due at once: N runs waiting at a "wait" step whose next step
 * sends a webhook (to a receiver in this process), every one due at the same moment. Then the
 * journey worker runs (in this process, JourneyWorker.runOnce back to back) for `--seconds`
 * or until all are done: steps completed per second, webhook deliveries per second, and the
 * process's peak RSS and JS heap, sampled every 500 ms.
 *
 * Setup is a bulk load, not the product path: profiles and waiting runs are inserted directly
 * with SQL (1,000 rows per statement), which takes far less time than entering them through
 * events would.
 *
 *   node dist/bench/journey-due-million.js [--runs 1000000] [--seconds 60] [--postgres] [--sql-stats]
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import { JourneyWorker } from "../src/journeys/journey-worker.js";
import { openMessaging } from "../src/messaging/messaging.js";
import { openDatabase } from "../src/storage/open-database.js";
import { openStore } from "../src/storage/store.js";
import { benchDatabase, machine, progress } from "./bench-support.js";
import { installSqlStats, sqlStatsTable } from "./sql-stats.js";
import {
  arg,
  engineArg,
  journey,
  memorySampler,
  mib,
  publish,
  sendStep,
  setupBrand,
  startWebhookSink,
} from "./journey-support.js";

const n = arg("runs", 1_000_000);
const seconds = arg("seconds", 60);
const engine = engineArg();

// The bulk load runs in a child process (this script with --load-into), so the memory the
// load used does not count in the worker's figures.
const loadInto = process.argv.indexOf("--load-into");
if (loadInto >= 0) {
  await bulkLoad(process.argv[loadInto + 1] as string, Number(process.argv[loadInto + 2]));
  process.exit(0);
}

const database = await benchDatabase(engine);
const hook = await startWebhookSink();

let store = await openStore(database.url);
await setupBrand(store, { webhookUrl: hook.url });
await publish(
  store,
  journey("bench-wait", "Bench Never", "wait", {
    wait: { type: "wait", duration: { days: 1 }, next: "hook" },
    hook: sendStep("webhook", "end"),
    end: { type: "exit" },
  }),
);
await store.close();

const due = Date.now() - 60_000;
const loadStarted = performance.now();
const load = spawnSync(
  process.execPath,
  [
    fileURLToPath(import.meta.url),
    "--load-into",
    database.url,
    String(due),
    "--runs",
    String(n),
    ...(engine === "postgres" ? ["--postgres"] : []),
  ],
  { stdio: "inherit" },
);
if (load.status !== 0) throw new Error("bulk load failed");
const loadSeconds = (performance.now() - loadStarted) / 1000;

const withSqlStats = process.argv.includes("--sql-stats");
if (withSqlStats) installSqlStats();
store = await openStore(database.url);
const messaging = await openMessaging(store, { publicUrl: "http://localhost:3000" });
const worker = new JourneyWorker(store, {
  deliverer: messaging.deliverer,
  onError: (e) => console.error(e),
});
global.gc?.();
const baseline = process.memoryUsage();
const memory = memorySampler(500);
const timeline: string[] = [];
const started = performance.now();
let steps = 0;
let lastReport = started;
while (performance.now() - started < seconds * 1000) {
  const pass = await worker.runOnce();
  steps += pass.due;
  if (pass.events + pass.due + pass.delivered === 0) break;
  if (performance.now() - lastReport >= 5000) {
    lastReport = performance.now();
    const m = process.memoryUsage();
    const line = `| ${((lastReport - started) / 1000).toFixed(0)} s | ${steps} | ${hook.raw()} | ${mib(m.rss)} | ${mib(m.heapUsed)} |`;
    timeline.push(line);
    process.stderr.write(`  ${line}\n`);
  }
}
const elapsed = (performance.now() - started) / 1000;
memory.stop();
const delivered = hook.raw();
const peak = memory.peak();
messaging.close();
await store.close();
await hook.close();
await database.drop();

console.log(
  `\nMachine: ${machine()}; ${engine}; worker, webhook receiver and bench in one process`,
);
console.log(
  `${n.toLocaleString("en")} runs waiting, all due at once (bulk-loaded in ${loadSeconds.toFixed(0)} s); worker ran ${elapsed.toFixed(1)} s${steps >= n ? " (all done)" : ` (stopped after --seconds ${seconds}: a sample)`}\n`,
);
console.log(
  "| engine | waiting runs | seconds | steps done | steps/s | webhooks delivered | deliveries/s | RSS before | peak RSS | peak JS heap |",
);
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
console.log(
  `| ${engine} | ${n.toLocaleString("en")} | ${elapsed.toFixed(0)} | ${steps.toLocaleString("en")} | ${Math.round(steps / elapsed)} | ${delivered.toLocaleString("en")} | ${Math.round(delivered / elapsed)} | ${mib(baseline.rss)} | ${mib(peak.rss)} | ${mib(peak.heap)} |`,
);
console.log("\n| time | steps done | delivered | RSS | heap |\n|---:|---:|---:|---:|---:|");
for (const line of timeline) console.log(line);
if (withSqlStats) console.log(`\n${sqlStatsTable()}`);

/** Profiles and runs waiting at "wait", all due at `due`, inserted with SQL directly. */
async function bulkLoad(url: string, due: number): Promise<void> {
  const opened = openDatabase(url);
  const chunk = 1000;
  const waiting = JSON.stringify({ type: "time", until: due });
  for (let start = 0; start < n; start += 10 * chunk) {
    await opened.db.transaction().execute(async (trx) => {
      for (let c = start; c < Math.min(n, start + 10 * chunk); c += chunk) {
        const ids = Array.from({ length: Math.min(chunk, n - c) }, (_, j) => c + j);
        await trx
          .insertInto("profiles")
          .values(
            ids.map((i) => ({
              id: `prf_b${i}`,
              created_at: due,
              updated_at: due,
              merged_into: null,
              display_name: `Kunde ${i}`,
              search: `kunde ${i}`,
            })),
          )
          .execute();
        await trx
          .insertInto("journey_runs")
          .values(
            ids.map((i) => ({
              id: `run_b${i}`,
              journey_id: "bench-wait",
              version: 1,
              profile_id: `prf_b${i}`,
              instance_key: null,
              status: "waiting",
              step_id: "wait",
              waiting,
              due_at: due,
              claimed_until: null,
              trigger: null,
              variants: "{}",
              entered_at: due - 86_400_000,
              updated_at: due - 86_400_000,
              ended_at: null,
              exit_reason: null,
              mode: "live",
            })),
          )
          .execute();
      }
    });
    if (start % 100_000 === 0) progress(`loading ${n.toLocaleString("en")} waiting runs`, start, n);
  }
  progress(`loading ${n.toLocaleString("en")} waiting runs`, n, n);
  if (engine === "postgres") await sql`analyze`.execute(opened.db);
  await opened.db.destroy();
}
