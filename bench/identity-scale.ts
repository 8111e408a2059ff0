/**
 * Identity resolution with 1,000,000 profiles already in the database: time per event for
 * events of known people, of new people, and of anonymous visitors logging in (a merge), and
 * the memory of the process. Profiles are bulk-loaded first (not part of the figure).
 *
 *   node dist/bench/identity-scale.js [--profiles 1000000] [--postgres]
 */
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { normalizeTrackingCall } from "../src/core/collect/normalize-event.js";
import type { Source } from "../src/core/sources/source.js";
import { openDatabase, migrateToLatest } from "../src/storage/open-database.js";
import { openStore } from "../src/storage/store.js";
import { benchDatabase, machine, percentile, progress } from "./bench-support.js";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const profiles = arg("profiles", 1_000_000);
const engine = process.argv.includes("--postgres") ? "postgres" : "sqlite";
const database = await benchDatabase(engine);

// Bulk load: each profile has a user id, an email and a loyalty card.
{
  const opened = openDatabase(database.url);
  await migrateToLatest(opened);
  const chunk = 2000;
  const now = Date.now();
  for (let start = 0; start < profiles; start += chunk) {
    const n = Math.min(chunk, profiles - start);
    const ids = Array.from({ length: n }, (_, i) => start + i);
    await opened.db.transaction().execute(async (trx) => {
      await trx
        .insertInto("profiles")
        .values(
          ids.map((i) => ({
            id: `prf_${i}`,
            created_at: now,
            updated_at: now,
            merged_into: null,
            display_name: `Person ${i}`,
            search: `person ${i}`,
          })),
        )
        .execute();
      await trx
        .insertInto("identifiers")
        .values(
          ids.flatMap((i) => [
            { type: "user_id", value: `u${i}`, profile_id: `prf_${i}`, created_at: now },
            { type: "email", value: `p${i}@example.ch`, profile_id: `prf_${i}`, created_at: now },
            {
              type: "loyalty_card",
              value: `2501${String(i).padStart(8, "0")}`,
              profile_id: `prf_${i}`,
              created_at: now,
            },
          ]),
        )
        .execute();
    });
    if (start % 50_000 === 0)
      progress(`loading ${profiles.toLocaleString("en")} profiles`, start, profiles);
  }
  progress(`loading ${profiles.toLocaleString("en")} profiles`, profiles, profiles);
  if (engine === "postgres") await sql`analyze`.execute(opened.db);
  await opened.db.destroy();
}

const store = await openStore(database.url);
await store.sources.createBrand({ id: "b", name: "B" });
const source: Source = await store.sources.createSource({
  id: "till",
  name: "Till",
  brandId: "b",
  channel: "store",
  trusted: true,
});
const rnd = () => Math.floor(Math.random() * profiles);

async function measure(
  label: string,
  make: (i: number) => Record<string, unknown>,
  batches = 40,
  size = 250,
) {
  const perEvent: number[] = [];
  for (let b = 0; b < batches; b++) {
    const receivedAt = Date.now();
    const events = Array.from({ length: size }, (_, i) => {
      const r = normalizeTrackingCall(
        { messageId: randomUUID(), ...make(b * size + i) },
        { source, receivedAt, phoneRegion: "CH" },
      );
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    });
    const t0 = performance.now();
    await store.ingest.ingest(events);
    perEvent.push((performance.now() - t0) / size);
  }
  perEvent.sort((a, b) => a - b);
  return { label, p50: percentile(perEvent, 50), p99: percentile(perEvent, 99) };
}

const results = [
  await measure("known person by loyalty card (till purchase)", () => ({
    type: "track",
    event: "Order Completed",
    anonymousId: randomUUID(),
    context: { traits: { loyaltyCard: `2501${String(rnd()).padStart(8, "0")}` } },
  })),
  await measure("known person by user id", () => ({
    type: "track",
    event: "Product Viewed",
    userId: `u${rnd()}`,
  })),
  await measure("new person (creates a profile)", () => ({
    type: "identify",
    userId: `new-${randomUUID()}`,
    traits: { email: `${randomUUID()}@example.ch` },
  })),
  await measure("visitor logs in: new anonymous id joins a known profile", () => {
    const anon = randomUUID();
    return { type: "identify", anonymousId: anon, userId: `u${rnd()}` };
  }),
];
const rss = process.memoryUsage().rss / 2 ** 20;
const heap = process.memoryUsage().heapUsed / 2 ** 20;
await store.close();
await database.drop();
console.log(
  `\nMachine: ${machine()}; ${engine}, ${profiles.toLocaleString("en")} profiles (3 identifiers each), batches of 250 events\n`,
);
console.log("| event | time per event, p50 of batches | p99 of batches |");
console.log("|---|---:|---:|");
for (const r of results)
  console.log(`| ${r.label} | ${(r.p50 * 1000).toFixed(1)} µs | ${(r.p99 * 1000).toFixed(1)} µs |`);
console.log(
  `\nProcess memory after the run: RSS ${rss.toFixed(0)} MiB, JS heap ${heap.toFixed(0)} MiB (the identity graph stays in the database, not in memory).`,
);
