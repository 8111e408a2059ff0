/**
 * Latency of single POST /v1/track calls at a steady 500 requests/s (open loop: requests are
 * sent on schedule whether or not earlier ones have answered), on SQLite.
 *
 *   node dist/bench/track-latency.js [--rate 500] [--seconds 20]
 */
import { randomUUID } from "node:crypto";
import { openStore } from "../src/storage/store.js";
import {
  basicAuth,
  benchDatabase,
  machine,
  percentile,
  post,
  startServer,
} from "./bench-support.js";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const rate = arg("rate", 500);
const seconds = arg("seconds", 20);
const engine = process.argv.includes("--postgres") ? "postgres" : "sqlite";

const database = await benchDatabase(engine);
const store = await openStore(database.url);
await store.sources.createBrand({ id: "bench", name: "Bench" });
await store.sources.createSource({
  id: "bench-app",
  name: "Bench app",
  brandId: "bench",
  channel: "app",
  trusted: false,
});
const { key } = await store.sources.createWriteKey("bench-app");
await store.close();
const server = await startServer(database.url);
const headers = { authorization: basicAuth(key) };
const body = (i: number) =>
  JSON.stringify({
    userId: `user-${i % 20_000}`,
    event: "Screen Viewed",
    messageId: randomUUID(),
    properties: { screen: "Angebote", i },
  });

// warm-up
for (let i = 0; i < 200; i++) await post(`${server.url}/v1/track`, body(i), headers);

const latencies: number[] = [];
let errors = 0;
const total = rate * seconds;
const started = performance.now();
const pending: Promise<void>[] = [];
for (let i = 0; i < total; i++) {
  const due = started + (i * 1000) / rate;
  const wait = due - performance.now();
  if (wait > 1) await new Promise((r) => setTimeout(r, wait));
  pending.push(
    post(`${server.url}/v1/track`, body(i), headers).then(
      (r) => {
        if (r.status === 200) latencies.push(r.ms);
        else errors++;
      },
      () => {
        errors++;
      },
    ),
  );
}
await Promise.all(pending);
const elapsed = (performance.now() - started) / 1000;
await server.stop();
await database.drop();
latencies.sort((a, b) => a - b);
console.log(`\nMachine: ${machine()}\n`);
console.log("| engine | offered rate | achieved | requests | p50 | p90 | p99 | max | errors |");
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
console.log(
  `| ${engine} | ${rate}/s | ${Math.round(latencies.length / elapsed)}/s | ${latencies.length} | ${percentile(latencies, 50).toFixed(2)} ms | ${percentile(latencies, 90).toFixed(2)} ms | ${percentile(latencies, 99).toFixed(2)} ms | ${(latencies.at(-1) ?? NaN).toFixed(2)} ms | ${errors} |`,
);
