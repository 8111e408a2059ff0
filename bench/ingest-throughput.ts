/**
 * Sustained ingest through POST /v1/batch, each event durable before the 200, on SQLite and
 * PostgreSQL; beside it, in the same run, the same database taking the same rows with no
 * HTTP and no identity resolution (the raw limit), and cxloop's ingest without HTTP.
 *
 *   node dist/bench/ingest-throughput.js [--seconds 20] [--concurrency 8] [--batch 500]
 */
import { randomUUID } from "node:crypto";
import type Sqlite from "better-sqlite3";
import pg from "pg";
import { normalizeTrackingCall } from "../src/core/collect/normalize-event.js";
import { openDatabase } from "../src/storage/open-database.js";
import { openStore } from "../src/storage/store.js";
import {
  basicAuth,
  benchDatabase,
  machine,
  post,
  postgresAvailable,
  startServer,
} from "./bench-support.js";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const seconds = arg("seconds", 20);
const concurrency = arg("concurrency", 8);
const batchSize = arg("batch", 500);
const users = 100_000;

let counter = 0;
function makeCall() {
  counter++;
  return {
    type: "track",
    messageId: randomUUID(),
    userId: `user-${(counter * 7919) % users}`,
    event: counter % 5 === 0 ? "Order Completed" : "Product Viewed",
    timestamp: new Date().toISOString(),
    properties: {
      sku: `SKU-${counter % 4999}`,
      name: "Bio Prosecco DOC",
      category: "wine",
      price: 12.95,
      currency: "CHF",
    },
    context: { library: { name: "bench", version: "1" }, locale: "de-CH" },
  };
}
const batchBody = () =>
  JSON.stringify({
    batch: Array.from({ length: batchSize }, makeCall),
    sentAt: new Date().toISOString(),
  });

async function httpRate(url: string, key: string): Promise<{ rate: number; errors: number }> {
  const headers = { authorization: basicAuth(key) };
  const until = Date.now() + seconds * 1000;
  let stored = 0;
  let errors = 0;
  const warm = Date.now() + 2000;
  let counted = 0;
  let countStart = 0;
  async function worker() {
    while (Date.now() < until) {
      const res = await post(`${url}/v1/batch`, batchBody(), headers);
      if (res.status === 200) {
        stored += batchSize;
        if (Date.now() >= warm) {
          if (!countStart) countStart = Date.now();
          counted += batchSize;
        }
      } else errors++;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  void stored;
  return { rate: counted / ((Date.now() - countStart) / 1000), errors };
}

async function storeRate(url: string): Promise<number> {
  const store = await openStore(url);
  const source = (await store.sources.listSources())[0];
  if (!source) throw new Error("no source");
  const until = Date.now() + Math.min(seconds, 10) * 1000;
  let n = 0;
  const started = Date.now();
  while (Date.now() < until) {
    const receivedAt = Date.now();
    const events = Array.from({ length: batchSize }, () => {
      const r = normalizeTrackingCall(makeCall(), { source, receivedAt, phoneRegion: "CH" });
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    });
    await store.ingest.ingest(events);
    n += events.length;
  }
  await store.close();
  return n / ((Date.now() - started) / 1000);
}

function rawRow() {
  const c = makeCall();
  return [
    c.messageId,
    "bench-web",
    "bench",
    "web",
    "track",
    c.event,
    `prf_${c.userId}`,
    c.userId,
    null,
    Date.now(),
    Date.now(),
    JSON.stringify(c.properties),
    "{}",
    JSON.stringify(c.context),
  ];
}
const INSERT = `insert into events (message_id, source_id, brand_id, channel, type, name, profile_id, user_id, anonymous_id, timestamp, received_at, properties, traits, context)`;

async function rawRate(engine: "sqlite" | "postgres", url: string): Promise<number> {
  const until = Date.now() + Math.min(seconds, 10) * 1000;
  let n = 0;
  const started = Date.now();
  if (engine === "sqlite") {
    // The same connection settings cxloop uses (WAL, synchronous FULL, page cache, checkpoints).
    const opened = openDatabase(url);
    const db = opened.sqlite as Sqlite.Database;
    const insert = db.prepare(`${INSERT} values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const tx = db.transaction((rows: unknown[][]) => {
      for (const r of rows) insert.run(r);
    });
    while (Date.now() < until) {
      tx(Array.from({ length: batchSize }, rawRow));
      n += batchSize;
    }
    await opened.db.destroy();
  } else {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    while (Date.now() < until) {
      const rows = Array.from({ length: batchSize }, rawRow);
      const values = rows.map(
        (_, i) => `(${Array.from({ length: 14 }, (_, j) => `$${i * 14 + j + 1}`).join(", ")})`,
      );
      await client.query(`${INSERT} values ${values.join(", ")}`, rows.flat());
      n += batchSize;
    }
    await client.end();
  }
  return n / ((Date.now() - started) / 1000);
}

async function run(engine: "sqlite" | "postgres") {
  const database = await benchDatabase(engine);
  const store = await openStore(database.url);
  await store.sources.createBrand({ id: "bench", name: "Bench" });
  await store.sources.createSource({
    id: "bench-web",
    name: "Bench web",
    brandId: "bench",
    channel: "web",
    trusted: false,
  });
  const { key } = await store.sources.createWriteKey("bench-web");
  await store.close();
  const server = await startServer(database.url);
  process.stderr.write(`${engine}: HTTP /v1/batch for ${seconds}s with ${concurrency} clients…\n`);
  const viaHttp = await httpRate(server.url, key);
  await server.stop();
  process.stderr.write(`${engine}: cxloop ingest without HTTP…\n`);
  const direct = await storeRate(database.url);
  process.stderr.write(`${engine}: raw inserts…\n`);
  const raw = await rawRate(engine, database.url);
  await database.drop();
  return { engine, http: viaHttp.rate, errors: viaHttp.errors, direct, raw };
}

const engines: ("sqlite" | "postgres")[] = (await postgresAvailable())
  ? ["sqlite", "postgres"]
  : ["sqlite"];
const results = [];
for (const engine of engines) results.push(await run(engine));
console.log(
  `\nMachine: ${machine()}; batch ${batchSize} events, ${concurrency} concurrent clients, ${seconds} s, ${users.toLocaleString("en")} distinct users\n`,
);
console.log(
  "| engine | /v1/batch over HTTP (events/s) | cxloop ingest, no HTTP | raw INSERT, same rows | HTTP ÷ raw | non-200 answers |",
);
console.log("|---|---:|---:|---:|---:|---:|");
for (const r of results) {
  console.log(
    `| ${r.engine} | ${Math.round(r.http).toLocaleString("en")} | ${Math.round(r.direct).toLocaleString("en")} | ${Math.round(r.raw).toLocaleString("en")} | ${((r.http / r.raw) * 100).toFixed(0)} % | ${r.errors} |`,
  );
}
