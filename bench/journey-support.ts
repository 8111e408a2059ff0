/**
 * What the journey benchmarks share: a brand with a sender and a webhook target, an email and
 * a webhook template, customers with an email address, publishing a journey, and the far ends
 * (an SMTP server and a webhook receiver) running in the bench process.
 */
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { SMTPServer } from "smtp-server";
import { normalizeTrackingCall } from "../src/core/collect/normalize-event.js";
import type { NormalizedEvent } from "../src/core/collect/normalized-event.js";
import type { Source } from "../src/core/sources/source.js";
import { JourneyDefinition } from "../src/core/journeys/journey-definition.js";
import type { Store } from "../src/storage/store.js";
import { progress } from "./bench-support.js";

export const cli = fileURLToPath(new URL("../../bin/cxloop.js", import.meta.url));

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across callbacks. */
export const nowMs = () => performance.timeOrigin + performance.now();

export const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
export const engineArg = (): "sqlite" | "postgres" =>
  process.argv.includes("--postgres") ? "postgres" : "sqlite";

/** Brand "bench" with a sender and (optionally) a webhook target; an email and a webhook template. */
export async function setupBrand(
  store: Store,
  options: { webhookUrl?: string } = {},
): Promise<{ source: Source; key: string }> {
  await store.sources.createBrand({ id: "bench", name: "Bench" });
  const source = await store.sources.createSource({
    id: "bench-app",
    name: "Bench app",
    brandId: "bench",
    channel: "app",
    trusted: true,
  });
  const { key } = await store.sources.createWriteKey("bench-app");
  await store.messages.setBrandMessaging("bench", {
    senders: [{ id: "main", name: "Bench Shop", address: "post@bench.example" }],
    colours: { primary: "#1f2937", background: "#f4f4f5" },
    footer: {},
    legal: {},
    defaultLanguage: "de",
    webhooks: options.webhookUrl
      ? { webhook: { url: options.webhookUrl, secret: "bench-secret-0123456789" } }
      : {},
  });
  await store.messages.saveTemplate(
    {
      id: "bench-mail",
      brandId: "bench",
      channel: "email",
      name: "Bench mail",
      layoutId: null,
      content: {
        de: {
          subject: "Bench {{ event.properties.seq }}",
          body: "<mj-section><mj-column><mj-text>Hallo {{ customer.first_name }}, danke für Nummer {{ event.properties.seq }}.</mj-text></mj-column></mj-section>",
        },
      },
    },
    "bench",
  );
  await store.messages.saveTemplate(
    {
      id: "bench-hook",
      brandId: "bench",
      channel: "webhook",
      name: "Bench webhook",
      layoutId: null,
      content: { de: { body: '{"customer": "{{ customer.first_name }}", "kind": "bench"}' } },
    },
    "bench",
  );
  return { source, key };
}

/** A journey: entry on `event` (every time), then the given steps from `start`. */
export function journey(
  id: string,
  event: string,
  start: string,
  steps: Record<string, unknown>,
): JourneyDefinition {
  return JourneyDefinition.parse({
    id,
    version: 1,
    name: id,
    entry: { type: "event", event },
    reentry: { type: "every_time" },
    start,
    steps,
  });
}

export const sendStep = (channel: "email" | "webhook", next: string) => ({
  type: "send",
  channel,
  brandId: "bench",
  templateId: channel === "email" ? "bench-mail" : "bench-hook",
  transactional: true,
  next,
});

export async function publish(
  store: Store,
  definition: JourneyDefinition,
  now = Date.now(),
): Promise<void> {
  const version = await store.journeys.saveVersion(definition, "bench", now);
  await store.journeys.setStatus(definition.id, "published", version, now);
}

export function normalized(source: Source, call: Record<string, unknown>): NormalizedEvent {
  const r = normalizeTrackingCall(call, { source, receivedAt: Date.now(), phoneRegion: "CH" });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** `n` customers `c0 … c<n-1>` with an email address and a first name, through ingest. */
export async function createCustomers(store: Store, source: Source, n: number): Promise<void> {
  const chunk = 500;
  for (let start = 0; start < n; start += chunk) {
    const events = Array.from({ length: Math.min(chunk, n - start) }, (_, j) => {
      const i = start + j;
      return normalized(source, {
        type: "identify",
        userId: `c${i}`,
        traits: { email: `c${i}@bench.example`, firstName: `Kunde${i}` },
      });
    });
    await store.ingest.ingest(events);
    if (start % 10_000 === 0) progress(`creating ${n.toLocaleString("en")} customers`, start, n);
  }
  progress(`creating ${n.toLocaleString("en")} customers`, n, n);
}

/** Journeys react only to what comes next: the feed cursor skips the set-up events. */
export async function skipHistory(store: Store): Promise<void> {
  await store.journeys.setFeedCursor(await store.events.latestId());
}

export interface ReceivedMail {
  at: number;
  subject: string;
  messageId: string;
}

/**
 * An SMTP server on 127.0.0.1 that notes when each message arrived, its subject and
 * Message-ID (header lines only: no MIME parsing, so it costs the bench process little).
 */
export async function startSmtpSink(): Promise<{
  url: string;
  mails: ReceivedMail[];
  close: () => Promise<void>;
}> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    size: 10 * 2 ** 20,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const at = nowMs();
        const text = Buffer.concat(chunks).toString("utf8");
        const head = text.slice(0, Math.max(0, text.indexOf("\r\n\r\n")));
        const unfolded = head.replace(/\r\n[ \t]+/g, " ");
        const subject = /^Subject: (.*)$/im.exec(unfolded)?.[1]?.trim() ?? "";
        const messageId = /^Message-ID: (.*)$/im.exec(unfolded)?.[1]?.trim() ?? "";
        mails.push({ at, subject, messageId });
        callback();
      });
    },
  });
  // a worker killed mid-message resets its connection: expected here, not a failure
  server.on("error", () => undefined);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A webhook receiver: answers 200 and counts raw deliveries and distinct Idempotency-Keys. */
export async function startWebhookSink(): Promise<{
  url: string;
  raw: () => number;
  keys: Map<string, number>;
  close: () => Promise<void>;
}> {
  let raw = 0;
  const keys = new Map<string, number>();
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      raw++;
      const key = String(req.headers["idempotency-key"] ?? "");
      keys.set(key, (keys.get(key) ?? 0) + 1);
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    raw: () => raw,
    keys,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `cxloop <args>` as a child process (its output passed through, prefixed). */
export function spawnCli(args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [cli, ...args], {
    env: { ...process.env, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const forward = (d: Buffer) => {
    for (const line of d.toString().split("\n"))
      if (line.trim() && !line.includes("worker running"))
        process.stderr.write(`  [worker] ${line}\n`);
  };
  child.stdout?.on("data", forward);
  child.stderr?.on("data", forward);
  return child;
}

/** Peak RSS and heap of this process, sampled every `ms`. */
export function memorySampler(ms = 500): {
  peak: () => { rss: number; heap: number };
  samples: { t: number; rss: number; heap: number }[];
  stop: () => void;
} {
  const samples: { t: number; rss: number; heap: number }[] = [];
  const t0 = Date.now();
  let rss = 0;
  let heap = 0;
  const take = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
    samples.push({ t: Date.now() - t0, rss: m.rss, heap: m.heapUsed });
  };
  take();
  const timer = setInterval(take, ms);
  return { peak: () => ({ rss, heap }), samples, stop: () => clearInterval(timer) };
}

export const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
export const ms = (v: number) =>
  Number.isFinite(v) ? (v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${v.toFixed(1)} ms`) : "–";
