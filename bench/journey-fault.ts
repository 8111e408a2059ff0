/**
 * Fault test: real `cxloop worker` processes are killed with SIGKILL 1–2 s after each one is
 * up, while they send, and restarted each time, until every ledger entry is final. Half the customers enter a
 * journey with an immediate email (to an SMTP server in this process), the other half one with
 * an immediate webhook (to a receiver in this process). Then the ledger is compared with what
 * the far ends received: lost (in the ledger as sent, or never in the ledger, but not
 * received), sent twice (webhook: raw deliveries and distinct Idempotency-Keys; email: by
 * Message-ID) and unknown (email in flight at a kill: held, policy "hold").
 *
 *   node dist/bench/journey-fault.js [--customers 10000] [--kill-min 1000] [--kill-max 2000]
 *     [--kill-seconds 120] [--window 1] [--postgres]
 */
import type { ChildProcess } from "node:child_process";
import { openDatabase } from "../src/storage/open-database.js";
import { openStore } from "../src/storage/store.js";
import { benchDatabase, machine } from "./bench-support.js";
import {
  arg,
  createCustomers,
  engineArg,
  journey,
  normalized,
  publish,
  sendStep,
  setupBrand,
  skipHistory,
  spawnCli,
  startSmtpSink,
  startWebhookSink,
} from "./journey-support.js";

const customers = arg("customers", 10_000);
const killMin = arg("kill-min", 1000);
const killMax = arg("kill-max", 2000);
const killSeconds = arg("kill-seconds", 120);
/** Messages the worker hands over together (DELIVERY_WINDOW): at most this many in doubt per kill. */
const window = arg("window", 1);
const engine = engineArg();
const half = Math.floor(customers / 2);

const database = await benchDatabase(engine);
const smtp = await startSmtpSink();
const hook = await startWebhookSink();
const store = await openStore(database.url);
const { source } = await setupBrand(store, { webhookUrl: hook.url });
await createCustomers(store, source, customers);
await publish(
  store,
  journey("bench-mail", "Bench Mail", "send", {
    send: sendStep("email", "end"),
    end: { type: "exit" },
  }),
);
await publish(
  store,
  journey("bench-hook", "Bench Hook", "send", {
    send: sendStep("webhook", "end"),
    end: { type: "exit" },
  }),
);
await skipHistory(store);
for (let start = 0; start < customers; start += 1000) {
  await store.ingest.ingest(
    Array.from({ length: Math.min(1000, customers - start) }, (_, j) => {
      const i = start + j;
      return normalized(source, {
        type: "track",
        userId: `c${i}`,
        event: i < half ? "Bench Mail" : "Bench Hook",
        properties: { seq: i },
      });
    }),
  );
}
await store.close();

const poll = openDatabase(database.url);
const FINAL = new Set(["sent", "failed", "unknown", "suppressed"]);
async function ledgerState() {
  const rows = await poll.db
    .selectFrom("send_ledger")
    .select(["channel", "status", (eb) => eb.fn.countAll<number>().as("n")])
    .groupBy(["channel", "status"])
    .execute();
  let total = 0;
  let final = 0;
  const by: Record<string, number> = {};
  for (const r of rows) {
    const k = `${r.channel}:${r.status}`;
    by[k] = Number(r.n);
    total += Number(r.n);
    if (FINAL.has(r.status)) final += Number(r.n);
  }
  return { total, final, by };
}

const env = { DATABASE_URL: database.url, SMTP_URL: smtp.url, DELIVERY_WINDOW: String(window) };
const boots: number[] = [];
/** A worker process and when it is up (it prints "worker running" once its store is open). */
function startWorker(): { child: ChildProcess; ready: Promise<void> } {
  const t0 = Date.now();
  const child = spawnCli(["worker", "--interval", "100"], env);
  const ready = new Promise<void>((resolve) => {
    const done = () => {
      boots.push(Date.now() - t0);
      resolve();
    };
    child.stdout?.on("data", (d: Buffer) => {
      if (d.toString().includes("worker running")) done();
    });
    child.once("exit", () => resolve());
  });
  return { child, ready };
}
let worker = startWorker();
process.once("SIGINT", () => {
  worker.child.kill("SIGKILL");
  process.exit(130);
});
let kills = 0;
const started = Date.now();
let state = await ledgerState();
let lastPrint = 0;
// The first worker reads the event feed undisturbed until every customer has entered (a
// killed worker holds the feed lease for 30 s, so killing from the start stalls entries, not
// sends); from then on it is killed every 1–2 s while the messages are being sent, for up to
// --kill-seconds, and the last one finishes.
let killFrom = 0;
let finalAtFirstKill = 0;
for (;;) {
  if (!killFrom && state.total >= customers) {
    killFrom = Date.now();
    finalAtFirstKill = state.final;
  }
  const killing =
    killFrom > 0 && Date.now() < killFrom + killSeconds * 1000 && state.final < customers;
  // a worker is killed 1–2 s after it is up (starting takes about a second itself)
  if (killing) await worker.ready;
  await new Promise((r) =>
    setTimeout(r, killing ? killMin + Math.random() * (killMax - killMin) : 500),
  );
  state = await ledgerState();
  if (state.total >= customers && state.final >= customers) break;
  if (Date.now() - started > 20 * 60_000) {
    console.error("gave up after 20 minutes");
    break;
  }
  if (killing && state.final < customers) {
    const dead = new Promise((r) => worker.child.once("exit", r));
    worker.child.kill("SIGKILL");
    await dead;
    kills++;
    worker = startWorker();
  }
  if (Date.now() - lastPrint > 5000) {
    lastPrint = Date.now();
    process.stderr.write(
      `  ${((Date.now() - started) / 1000).toFixed(0)} s, ${kills} kills: ledger ${state.total}/${customers}, final ${state.final}; received ${smtp.mails.length} mails, ${hook.raw()} webhooks  ${JSON.stringify(state.by)}\n`,
    );
  }
}
const seconds = (Date.now() - started) / 1000;
await new Promise<void>((resolve) => {
  worker.child.once("exit", () => resolve());
  worker.child.kill("SIGTERM");
});

// Compare the ledger with what arrived.
const ledger = await poll.db
  .selectFrom("send_ledger")
  .select(["ledger_key", "channel", "status", "attempts"])
  .execute();
await poll.db.destroy();
const messageIdOf = (key: string) => `<${key.replace(/[^A-Za-z0-9._-]/g, ".")}@cxloop>`;
const mailCount = new Map<string, number>();
for (const m of smtp.mails) mailCount.set(m.messageId, (mailCount.get(m.messageId) ?? 0) + 1);

const report = (channel: "email" | "webhook") => {
  const entries = ledger.filter((e) => e.channel === channel);
  const received = (key: string) =>
    channel === "email" ? (mailCount.get(messageIdOf(key)) ?? 0) : (hook.keys.get(key) ?? 0);
  const count = (status: string) => entries.filter((e) => e.status === status).length;
  const sentNotReceived = entries.filter(
    (e) => e.status === "sent" && received(e.ledger_key) === 0,
  );
  const unknown = entries.filter((e) => e.status === "unknown");
  const distinct = entries.filter((e) => received(e.ledger_key) > 0).length;
  const twice = entries.filter((e) => received(e.ledger_key) > 1).length;
  const raw = channel === "email" ? smtp.mails.length : hook.raw();
  return {
    channel,
    expected: half,
    ledger: entries.length,
    sent: count("sent"),
    unknown: unknown.length,
    unknownReceived: unknown.filter((e) => received(e.ledger_key) > 0).length,
    failed: count("failed") + count("suppressed"),
    lost: sentNotReceived.length + (half - entries.length),
    raw,
    distinct,
    twice,
  };
};
const rows = [report("email"), report("webhook")];
await smtp.close();
await hook.close();
await database.drop();

console.log(
  `\nMachine: ${machine()}; ${engine}; delivery window ${window}; cxloop worker processes, receivers in this process`,
);
console.log(
  `${customers.toLocaleString("en")} sends (${half} email, ${customers - half} webhook); all entered after ${((killFrom - started) / 1000).toFixed(0)} s with ${finalAtFirstKill} sends final; then ${kills} × kill -9, each ${killMin / 1000}–${killMax / 1000} s after the worker was up (start-up took ${Math.round(boots.reduce((a, b) => a + b, 0) / Math.max(1, boots.length))} ms on average); all final after ${seconds.toFixed(0)} s\n`,
);
console.log(
  "| channel | sends | in ledger | sent | unknown (of which arrived) | failed/suppressed | lost | received raw | received distinct | received twice |",
);
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const r of rows)
  console.log(
    `| ${r.channel} | ${r.expected} | ${r.ledger} | ${r.sent} | ${r.unknown} (${r.unknownReceived}) | ${r.failed} | ${r.lost} | ${r.raw} | ${r.distinct} | ${r.twice} |`,
  );
