import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

export const postgresAdminUrl =
  process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const cli = fileURLToPath(new URL("../../bin/cxloop.js", import.meta.url));

export interface BenchDatabase {
  engine: "sqlite" | "postgres";
  url: string;
  drop(): Promise<void>;
}

export async function benchDatabase(engine: "sqlite" | "postgres"): Promise<BenchDatabase> {
  if (engine === "sqlite") {
    const dir = mkdtempSync(join(os.tmpdir(), "cxloop-bench-"));
    return {
      engine,
      url: join(dir, "bench.db"),
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `cxloop_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    engine,
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: postgresAdminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export async function postgresAvailable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** `cxloop serve` in its own process, as in production: the load generator must not share its core. */
export async function startServer(
  databaseUrl: string,
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<{ url: string; child: ChildProcess; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [...nodeArgs, cli, "serve", "--port", "0"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  let url = "";
  for (let i = 0; i < 600; i++) {
    url ||= /running on (http:\/\/[^\s]+)/.exec(out)?.[1] ?? "";
    try {
      if (url && (await fetch(`${url}/health`)).ok) break;
    } catch {
      // not answering yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!url) throw new Error(`cxloop serve did not start:\n${out}`);
  return {
    url,
    child,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

export const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/** One POST over a kept-alive connection; resolves with status and latency in ms. */
export function post(
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; ms: number }> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: "POST",
        agent,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          ...headers,
        },
      },
      (res) => {
        res.resume();
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            ms: Number(process.hrtime.bigint() - started) / 1e6,
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? "cpu"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

export const basicAuth = (key: string) => `Basic ${Buffer.from(`${key}:`).toString("base64")}`;

export function progress(label: string, done: number, total: number): void {
  process.stderr.write(`\r${label}: ${Math.round((done / total) * 100)}%   `);
  if (done >= total) process.stderr.write("\n");
}

/**
 * Fresh statistics for PostgreSQL's planner after a bulk load, as a database in use has (its
 * autovacuum would gather them a while later): without them it misjudges every index.
 */
export async function analyzePostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("analyze");
  await client.end();
}
