/**
 * Segments at scale: N customers with an identify and K orders each (wine or cheese, a
 * revenue, spread over 200 days), then
 *  1. a full build of a trait segment, an event segment ("wine twice in 90 days") and a sum
 *     segment ("revenue ≥ 1000 in a year"): customers per second, peak heap;
 *  2. the live path: M new orders of random customers, drained by the worker, which keeps the
 *     three segments current per event batch: events per second.
 *
 *   node dist/bench/segment-build.js [--customers 50000] [--orders 5] [--new 20000] [--postgres]
 *     [--sql-stats]
 */
import { parseSegment, type SegmentDefinition } from "../src/core/segments/segment-definition.js";
import type { Source } from "../src/core/sources/source.js";
import { JourneyWorker } from "../src/journeys/journey-worker.js";
import { SegmentKeeper } from "../src/segments/segment-keeper.js";
import { openStore, type Store } from "../src/storage/store.js";
import { analyzePostgres, benchDatabase, machine, progress } from "./bench-support.js";
import { arg, engineArg, memorySampler, mib, normalized, setupBrand } from "./journey-support.js";
import { installSqlStats, resetSqlStats, sqlStatsTable } from "./sql-stats.js";

const customers = arg("customers", 50_000);
const ordersEach = arg("orders", 5);
const fresh = arg("new", 20_000);
const engine = engineArg();
const day = 86_400_000;

function segment(input: unknown): SegmentDefinition {
  const parsed = parseSegment(input);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}
const segments = [
  segment({
    id: "gold",
    name: "Gold",
    rule: { conditions: [{ type: "trait", path: "tier", op: "eq", value: "gold" }] },
  }),
  segment({
    id: "wine-lovers",
    name: "Wine lovers",
    rule: {
      conditions: [
        {
          type: "performed",
          event: "Order Completed",
          where: [
            { type: "event", path: "properties.products[].category", op: "eq", value: "wine" },
          ],
          within: { days: 90 },
          count: { op: "gte", value: 2 },
        },
      ],
    },
  }),
  segment({
    id: "big-spenders",
    name: "Big spenders",
    rule: {
      conditions: [
        {
          type: "performed",
          event: "Order Completed",
          within: { days: 365 },
          sum: { path: "properties.revenue", op: "gte", value: 1000 },
        },
      ],
    },
  }),
];

const order = (source: Source, i: number, k: number, at: number) =>
  normalized(source, {
    type: "track",
    userId: `c${i}`,
    event: "Order Completed",
    timestamp: new Date(at).toISOString(),
    properties: {
      order_id: `o${i}-${k}`,
      revenue: 20 + ((i * 31 + k * 17) % 400),
      products: [{ product_id: `p${k % 40}`, category: (i + k) % 3 === 0 ? "wine" : "cheese" }],
    },
  });

async function seed(store: Store, source: Source, now: number) {
  const chunk = 200;
  for (let start = 0; start < customers; start += chunk) {
    const batch = [];
    for (let i = start; i < Math.min(customers, start + chunk); i++) {
      batch.push(
        normalized(source, {
          type: "identify",
          userId: `c${i}`,
          traits: { email: `c${i}@bench.example`, tier: i % 10 === 0 ? "gold" : "standard" },
        }),
      );
      for (let k = 0; k < ordersEach; k++)
        batch.push(order(source, i, k, now - ((i * 7 + k * 41) % 200) * day));
    }
    await store.ingest.ingest(batch);
    if (start % 5000 === 0) progress("storing customers and orders", start, customers);
  }
  progress("storing customers and orders", customers, customers);
}

/** Stores `fresh` new orders and lets a worker drain them; returns events per second. */
async function drain(store: Store, source: Source, now: number, seedOffset: number) {
  const worker = new JourneyWorker(store, { segmentScanMs: 3_600_000 });
  // A new worker first scans the time-window rules: done before the orders arrive.
  while ((await worker.runOnce(now)).segmentChanges > 0);
  const chunk = 500;
  for (let start = 0; start < fresh; start += chunk)
    await store.ingest.ingest(
      Array.from({ length: Math.min(chunk, fresh - start) }, (_, j) =>
        order(source, ((start + j + seedOffset) * 7919) % customers, 100 + seedOffset, now),
      ),
    );
  const t0 = performance.now();
  let changes = 0;
  for (;;) {
    const pass = await worker.runOnce(now);
    if (pass.segmentChanges === 0) break;
    changes += pass.segmentChanges;
  }
  const seconds = (performance.now() - t0) / 1000;
  return { seconds, changes, perSecond: fresh / seconds };
}

const withSqlStats = process.argv.includes("--sql-stats");
if (withSqlStats) installSqlStats();
const database = await benchDatabase(engine);
const store = await openStore(database.url);
const { source } = await setupBrand(store);
const now = Date.now();
await seed(store, source, now);
// A database in use has statistics; right after a bulk load PostgreSQL's planner has none yet
// and reads every order by name instead of the customers' own (75 ms instead of 5 per page).
if (engine === "postgres") await analyzePostgres(database.url);
const total = await store.segments.customerCount();

const rows: string[] = [];
if (withSqlStats) resetSqlStats();
const memory = memorySampler();
for (const definition of segments) {
  await store.segments.save(definition, "bench", now);
  const keeper = new SegmentKeeper(store, {
    owner: "bench",
    onProgress: (done, all) => progress(`building ${definition.id}`, done, all),
  });
  const t0 = performance.now();
  await keeper.build(definition.id, now);
  const seconds = (performance.now() - t0) / 1000;
  const members = (await store.segments.get(definition.id))?.members ?? 0;
  rows.push(
    `| ${engine} | build ${definition.id} | ${total} customers | ${members} members | ${seconds.toFixed(1)} | ${Math.round(total / seconds)} customers/s |`,
  );
}
memory.stop();

if (withSqlStats) console.log(`\nDatabase time of the builds:\n${sqlStatsTable()}`);
if (withSqlStats) resetSqlStats();
// Live path: the worker keeps the three segments current as the orders arrive.
const kept = await drain(store, source, now, 1);
rows.push(
  `| ${engine} | feed, 3 segments kept | ${fresh} new orders | ${kept.changes - fresh} entries and exits | ${kept.seconds.toFixed(1)} | ${Math.round(kept.perSecond)} events/s |`,
);
await store.close();
if (process.env.BENCH_KEEP_DB) console.log(`kept ${database.url}`);
else await database.drop();

console.log(
  `\n\nMachine: ${machine()}; ${engine}; ${customers} customers × (1 identify + ${ordersEach} orders); peak heap while building ${mib(memory.peak().heap)}`,
);
console.log("\n| engine | what | input | result | seconds | rate |");
console.log("|---|---|---|---|---:|---:|");
for (const row of rows) console.log(row);
if (withSqlStats) console.log(`\nDatabase time of the live path:\n${sqlStatsTable()}`);
