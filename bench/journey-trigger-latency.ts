/**
 * Trigger latency: a /v1/track call accepted by `cxloop serve` → the email of a journey
 * without waits handed to an SMTP server. Open loop at a fixed rate; the server is a separate
 * `cxloop serve` process (its journey worker woken by ingest), the SMTP server and the load
 * generator run in this process. Latency = SMTP server has the message − request sent,
 * matched by the sequence number in the subject.
 *
 *   node dist/bench/journey-trigger-latency.js [--rate 1000] [--seconds 20] [--drain 120]
 *     [--warmup 500] [--window 1] [--postgres] [--profile DIR]
 *
 * Percentiles count mails that had not arrived `--drain` seconds after the last request as
 * infinitely late (shown as –); max is of those that arrived.
 */
import { openStore } from "../src/storage/store.js";
import {
  basicAuth,
  benchDatabase,
  machine,
  percentile,
  post,
  startServer,
} from "./bench-support.js";
import {
  arg,
  createCustomers,
  engineArg,
  journey,
  ms,
  nowMs,
  publish,
  sendStep,
  setupBrand,
  skipHistory,
  startSmtpSink,
} from "./journey-support.js";

const rate = arg("rate", 1000);
const seconds = arg("seconds", 20);
const warmup = arg("warmup", 500);
/** How long to wait for the last mails after the last request; later ones count as missing. */
const drainSeconds = arg("drain", 120);
const engine = engineArg();
/** Messages the server's delivery stage hands over together (DELIVERY_WINDOW). */
const window = arg("window", 1);
const total = rate * seconds;

const database = await benchDatabase(engine);
const smtp = await startSmtpSink();
const store = await openStore(database.url);
const { source, key } = await setupBrand(store);
// one customer per event: each entry is a customer's first run of the journey
await createCustomers(store, source, total + warmup);
await publish(
  store,
  journey("bench-thanks", "Bench Ordered", "mail", {
    mail: sendStep("email", "end"),
    end: { type: "exit" },
  }),
);
await skipHistory(store);
await store.close();

// --profile DIR: a CPU profile of the server (open it in Chrome's DevTools)
const profileAt = process.argv.indexOf("--profile");
const server = await startServer(
  database.url,
  { SMTP_URL: smtp.url, DELIVERY_WINDOW: String(window) },
  profileAt >= 0 ? ["--cpu-prof", `--cpu-prof-dir=${process.argv[profileAt + 1]}`] : [],
);
const headers = { authorization: basicAuth(key) };
const sentAt = new Map<number, number>();
const body = (seq: number) =>
  JSON.stringify({ userId: `c${seq}`, event: "Bench Ordered", properties: { seq } });
let errors = 0;
const send = (seq: number) => {
  sentAt.set(seq, nowMs());
  return post(`${server.url}/v1/track`, body(seq), headers).then(
    (r) => {
      if (r.status !== 200) errors++;
    },
    () => {
      errors++;
    },
  );
};

// warm-up at 100/s (connections, JIT, the SMTP pool), not counted
for (let i = 0; i < warmup; i++) {
  void send(total + i);
  await new Promise((r) => setTimeout(r, 10));
}
await waitFor(() => smtp.mails.length >= warmup, 30_000);
const warmMails = smtp.mails.length;

process.stderr.write(`sending ${total.toLocaleString("en")} events at ${rate}/s …\n`);
const started = performance.now();
const pending: Promise<void>[] = [];
for (let i = 0; i < total; i++) {
  const due = started + (i * 1000) / rate;
  const wait = due - performance.now();
  if (wait > 1) await new Promise((r) => setTimeout(r, wait));
  pending.push(send(i));
  if (i % rate === 0)
    process.stderr.write(
      `\r  t=${(i / rate).toFixed(0)} s: sent ${i}, mails ${smtp.mails.length - warmMails}   `,
    );
}
await Promise.all(pending);
const sendSeconds = (performance.now() - started) / 1000;
process.stderr.write(`\n  all sent in ${sendSeconds.toFixed(1)} s; waiting for the last mails …\n`);
await waitFor(() => smtp.mails.length - warmMails >= total, drainSeconds * 1000);
const drainedAt = performance.now();
await server.stop();
await smtp.close();
await database.drop();

const latencies: number[] = [];
for (const mail of smtp.mails) {
  const seq = Number(/Bench (\d+)/.exec(mail.subject)?.[1]);
  if (!(seq < total)) continue;
  latencies.push(mail.at - (sentAt.get(seq) as number));
}
const missing = total - latencies.length;
// a mail that had not arrived by the end counts as slower than any that did
for (let i = 0; i < missing; i++) latencies.push(Number.POSITIVE_INFINITY);
latencies.sort((a, b) => a - b);
const arrived = total - missing;
console.log(`\nMachine: ${machine()}; ${engine}; delivery window ${window}`);
console.log(
  `${total} events at ${rate}/s over ${sendSeconds.toFixed(1)} s; last mail ${((drainedAt - started) / 1000).toFixed(1)} s after the first request\n`,
);
console.log("| engine | rate | events | mails | p50 | p90 | p99 | max | request errors |");
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
console.log(
  `| ${engine} | ${rate}/s | ${total} | ${arrived}${missing ? ` (${missing} not within ${drainSeconds} s)` : ""} | ${ms(percentile(latencies, 50))} | ${ms(percentile(latencies, 90))} | ${ms(percentile(latencies, 99))} | ${ms(latencies[arrived - 1] ?? NaN)} | ${errors} |`,
);

async function waitFor(done: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!done() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
}
