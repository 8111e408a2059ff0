/**
 * Entry throughput: N stored events of N distinct customers, a published journey whose entry
 * matches them (entry → wait 1 day), then the time the journey worker takes to drain the
 * event feed (JourneyWorker.runOnce in a loop, in this process, on a real store).
 *
 * With `--send email|webhook` the journey is entry → send → exit instead and the worker also
 * delivers (SMTP server / webhook receiver in this process): the whole trigger path without
 * HTTP. `--sql-stats` prints where the database time went.
 *
 *   node dist/bench/journey-entry-throughput.js [--events 50000] [--batch 500] [--postgres]
 *     [--send email|webhook] [--window 1] [--sql-stats]
 */
import { JourneyWorker } from "../src/journeys/journey-worker.js";
import { openMessaging } from "../src/messaging/messaging.js";
import { openStore } from "../src/storage/store.js";
import { analyzePostgres, benchDatabase, machine, progress } from "./bench-support.js";
import {
  arg,
  engineArg,
  journey,
  normalized,
  publish,
  sendStep,
  setupBrand,
  skipHistory,
  startSmtpSink,
  startWebhookSink,
} from "./journey-support.js";
import { installSqlStats, sqlStatsTable } from "./sql-stats.js";

const n = arg("events", 50_000);
const batchSize = arg("batch", 500);
const engine = engineArg();
const sendAt = process.argv.indexOf("--send");
const send = sendAt >= 0 ? (process.argv[sendAt + 1] as "email" | "webhook") : undefined;
const withSqlStats = process.argv.includes("--sql-stats");
/** Messages the delivery stage hands over together (DELIVERY_WINDOW). */
const window = arg("window", 1);

const database = await benchDatabase(engine);
const smtp = send === "email" ? await startSmtpSink() : undefined;
const hook = send === "webhook" ? await startWebhookSink() : undefined;
if (withSqlStats) installSqlStats();
const store = await openStore(database.url);
const { source } = await setupBrand(store, { webhookUrl: hook?.url });
await publish(
  store,
  send
    ? journey("bench-entry", "Bench Entered", "send", {
        send: sendStep(send, "end"),
        end: { type: "exit" },
      })
    : journey("bench-entry", "Bench Entered", "wait", {
        wait: { type: "wait", duration: { days: 1 }, next: "end" },
        end: { type: "exit" },
      }),
  Date.now() - 1000,
);
await skipHistory(store);

// N events of N new customers (each event makes its customer), stored before the worker runs.
const chunk = 1000;
for (let start = 0; start < n; start += chunk) {
  await store.ingest.ingest(
    Array.from({ length: Math.min(chunk, n - start) }, (_, j) =>
      normalized(source, {
        type: "track",
        userId: `c${start + j}`,
        event: "Bench Entered",
        properties: { seq: start + j },
        context: { traits: { email: `c${start + j}@bench.example` } },
      }),
    ),
  );
  if (start % 10_000 === 0) progress(`storing ${n.toLocaleString("en")} events`, start, n);
}
progress(`storing ${n.toLocaleString("en")} events`, n, n);
if (engine === "postgres") await analyzePostgres(database.url);

const messaging = send
  ? await openMessaging(store, { smtpUrl: smtp?.url, publicUrl: "http://localhost:3000", window })
  : undefined;
const worker = new JourneyWorker(store, {
  batchSize,
  deliverer: messaging?.deliverer,
  onError: (e) => console.error(e),
});
const started = performance.now();
let events = 0;
let delivered = 0;
let passes = 0;
let lastReport = started;
for (;;) {
  const pass = await worker.runOnce();
  passes++;
  events += pass.events;
  delivered += pass.delivered;
  if (pass.events + pass.due + pass.delivered === 0) break;
  if (performance.now() - lastReport > 2000) {
    lastReport = performance.now();
    process.stderr.write(
      `\r  ${((lastReport - started) / 1000).toFixed(0)} s: ${events} events read, ${delivered} delivered   `,
    );
  }
}
const seconds = (performance.now() - started) / 1000;
const stats = await store.journeys.stats("bench-entry");
messaging?.close();
await store.close();
await smtp?.close();
await hook?.close();
await database.drop();

const entered = stats.totals.entered;
console.log(`\n\nMachine: ${machine()}; ${engine}; worker batch ${batchSize}, ${passes} passes`);
console.log(
  "\n| engine | journey | events | entered | seconds | entries/s | delivered | delivered/s |",
);
console.log("|---|---|---:|---:|---:|---:|---:|---:|");
console.log(
  `| ${engine} | ${send ? `entry → ${send} → exit` : "entry → wait 1 day"} | ${n} | ${entered} | ${seconds.toFixed(1)} | ${Math.round(entered / seconds)} | ${send ? (smtp?.mails.length ?? hook?.raw() ?? 0) : "–"} | ${send ? Math.round((smtp?.mails.length ?? hook?.raw() ?? 0) / seconds) : "–"} |`,
);
if (withSqlStats) console.log(`\n${sqlStatsTable()}`);
